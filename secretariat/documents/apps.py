from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "secretariat.documents"
    label = "documents"
    verbose_name = "Documents"
