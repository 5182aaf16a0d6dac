from django.apps import AppConfig


class DatabankConfig(AppConfig):
    name = "secretariat.databank"
    label = "databank"
    verbose_name = "Databank"
