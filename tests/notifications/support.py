"""Helpers of the notifications tests: a real SMTP server and due reminders (the people written
to are in tests.factories.notifications)."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.utils import timezone

from secretariat.notifications.models import Reminder


class MailStore:
    """An SMTP handler that keeps what it accepts; it can be told to refuse or to be slow."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.refuse = False
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  # aiosmtpd's hook name
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._messages.append(message)
        return "250 OK"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(store: MailStore) -> Iterator[tuple[str, int]]:
    """A local SMTP server in a thread, storing what arrives in ``store``."""
    port = free_port()
    controller = Controller(store, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port
    finally:
        controller.stop()


def make_due(*rows: Reminder) -> None:
    """Bring reminders' send time to a minute ago (instead of waiting for it)."""
    ids = [r.pk for r in rows] if rows else list(Reminder.objects.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids).update(due_at=timezone.now() - dt.timedelta(minutes=1))
