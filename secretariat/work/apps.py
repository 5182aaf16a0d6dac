from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "secretariat.work"
    label = "work"
    verbose_name = "My work"
