from django.urls import URLPattern

app_name = "audit"
urlpatterns: list[URLPattern] = []  # filled by the audit app's views
