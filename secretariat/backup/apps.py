from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "secretariat.backup"
    label = "backup"
    verbose_name = "Backup"
