"""Fixtures of the notifications tests: a real SMTP server the settings point at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.notifications.support import MailStore, smtp_server


@pytest.fixture
def mail(settings: Any) -> Iterator[MailStore]:
    """A local SMTP server (aiosmtpd) on a free port; EMAIL_* point at it."""
    store = MailStore()
    with smtp_server(store) as (host, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = host
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield store
