from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "secretariat.web"
    label = "web"
