from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "secretariat.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from secretariat.audit import handlers, visibility

        handlers.connect()
        visibility.register_defaults()
