from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

MIDDLEWARE = "secretariat.health.middleware.HealthMiddleware"


def middleware_first(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The probes and /metrics exist only through the middleware, and must pass before the
    HTTPS redirect, the host check, the session and the rate limit."""
    if list(settings.MIDDLEWARE)[:1] != [MIDDLEWARE]:
        return [
            checks.Error(
                f"{MIDDLEWARE} must be the first entry of MIDDLEWARE",
                hint="Without it /health/live, /health/ready and /metrics are not answered; "
                "after other middleware, probes meet redirects, host checks and rate limits.",
                id="health.E001",
            )
        ]
    return []


class HealthConfig(AppConfig):
    name = "secretariat.health"
    label = "health"
    verbose_name = "Health"

    def ready(self) -> None:
        from secretariat.core.signals import refused
        from secretariat.health.metrics import note_refusal

        refused.connect(note_refusal, dispatch_uid="health.refused")
        checks.register(middleware_first)
