from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "secretariat.plans"
    label = "plans"
    verbose_name = "Plans"
