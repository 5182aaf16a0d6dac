from django.urls import URLPattern

app_name = "accounts"
urlpatterns: list[URLPattern] = []  # filled by the accounts app's views
