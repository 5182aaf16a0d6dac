"""Who is acting and from where, for the audit entries of the current request or command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    #: The user's primary key, or None for the system (a command, the loader).
    user_id: int | None
    username: str
    #: The client address of a web request, or "cli:<command>" for a command.
    origin: str


SYSTEM = Actor(user_id=None, username="system", origin="system")
_current: ContextVar[Actor] = ContextVar("audit_actor", default=SYSTEM)
#: The request being served, if any: an API token is checked after the middleware has run,
#: so the writer looks here for the user the token belongs to (see services._actor).
_request: ContextVar[object | None] = ContextVar("audit_request", default=None)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Attribute every audit entry written inside the block to ``actor``."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_request() -> object | None:
    """The web request being served, or None (a command, a task, a test without a client)."""
    return _request.get()


@contextmanager
def serving(request: object) -> Iterator[None]:
    """Remember ``request`` while it is served, for entries written during it."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)
