"""System checks of the notifications app: e-mail links need the site's address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def base_url_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """In production, SECRETARIAT_BASE_URL must be set: e-mails carry absolute links."""
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "SECRETARIAT_BASE_URL", ""):
        return [
            Error(
                "SECRETARIAT_BASE_URL is not set: the links of e-mails would not open.",
                hint="Set the environment variable SECRETARIAT_BASE_URL to the site's address, "
                "for example https://secretariat.example.org",
                id="notifications.E001",
            )
        ]
    return []
