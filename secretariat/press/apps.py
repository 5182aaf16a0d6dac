from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "secretariat.press"
    label = "press"
    verbose_name = "Press and requests for materials"
