"""The people notifications are written to: users with an e-mail address and a language."""

from __future__ import annotations

from secretariat.accounts.models import User
from tests.factories import accounts


def a_person(username: str, *, language: str = "en", email_address: str | None = None) -> User:
    """A user who never logs in, at ``<username>@example.org`` unless ``email_address`` says."""
    address = f"{username}@example.org" if email_address is None else email_address
    return accounts.person(username, email=address, language=language)
