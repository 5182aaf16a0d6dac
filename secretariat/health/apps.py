from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "secretariat.health"
    label = "health"
    verbose_name = "Health"

    def ready(self) -> None:
        from secretariat.core.signals import refused
        from secretariat.health.metrics import note_refusal

        refused.connect(note_refusal, dispatch_uid="health.refused")
