from django.urls import path

from secretariat.databank import views

app_name = "databank"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<str:code>/", views.source_detail, name="source"),
]
