"""Pages of the depositary (mounted at /depositary/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.depositary import views

app_name = "depositary"
urlpatterns: list[URLPattern] = [
    path("", views.register, name="register"),
    path("verify/", views.verify, name="verify"),
    path("originals/", views.original_register, name="original_register"),
    path("<int:original_id>/", views.original_detail, name="original"),
    path("<int:original_id>/copies/", views.copies_make, name="copies"),
    path("<int:original_id>/dispatch/", views.copy_dispatch, name="dispatch"),
    path("<int:original_id>/receipt/", views.copy_receipt, name="receipt"),
]
