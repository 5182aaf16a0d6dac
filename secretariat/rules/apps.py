from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "secretariat.rules"
    label = "rules"
    verbose_name = "Rules"
