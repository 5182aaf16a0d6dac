from typing import Any

from django.apps import AppConfig


def _record_refusal(*, request: Any, code: str, status: int, **_: Any) -> None:
    from secretariat.audit.services import audit_refusal

    audit_refusal(request=request, code=code, status=status)


class AuditConfig(AppConfig):
    name = "secretariat.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from secretariat.audit import handlers, visibility
        from secretariat.core.signals import refused

        handlers.connect()
        refused.connect(_record_refusal, dispatch_uid="audit.refused")
        visibility.register_defaults()
