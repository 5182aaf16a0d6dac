"""Errors with a stable code and a translatable message, mapped once to HTTP, HTML and CLI.

Services raise these (``refuse`` for a sentence of the engine's catalogue, ``stale`` for an
object changed since the caller saw it); ``secretariat.api.api`` maps them to JSON
(``{"code", "message"}`` with the HTTP status below) and ``secretariat.web.middleware`` to an
HTML page. The message is a lazy translation, rendered in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise, lazy

from secretariat.core.lang import current_lang
from secretariat.procedure.text import Message, Text


class SecretariatError(Exception):
    """A refusal the user can understand: ``code`` never changes, ``message`` is translated."""

    status = 400
    code = "invalid"

    def __init__(self, message: str | Promise, *, code: str | None = None, **params: Any) -> None:
        self.message = message
        self.params = params
        if code:
            self.code = code
        super().__init__(str(message))

    def render(self) -> str:
        """The message in the active language, with its parameters filled in.

        A parameter that is a ``Text`` (en/ru/zh) is rendered in the same language, so the
        error can be raised in one language and shown in another.
        """
        text = str(self.message)
        if not self.params:
            return text
        lang = current_lang()
        values = {k: v[lang] if isinstance(v, Text) else v for k, v in self.params.items()}
        return text % values


class InvalidInputError(SecretariatError):
    status = 400
    code = "invalid"


class NotAuthenticatedError(SecretariatError):
    status = 401
    code = "not_authenticated"


class PermissionDeniedError(SecretariatError):
    status = 403
    code = "permission_denied"


class NotFoundError(SecretariatError):
    status = 404
    code = "not_found"


class ConflictError(SecretariatError):
    status = 409
    code = "conflict"


class RefusedError(SecretariatError):
    """A step the regulations (or the state of things) refuse: a sentence of the engine's
    catalogue (procedure/messages.yaml) rendered in the reader's language, and the rules it
    cites (shown beside the message on pages, listed in the API)."""

    status = 400
    code = "refused"

    def __new__(cls, *args: Any, **kwargs: Any) -> RefusedError:
        # A refusal of bad input (400) is also an InvalidInputError, a conflict (409) also a
        # ConflictError: callers catching those, as they always did, keep catching it.
        kind = cls
        if cls is RefusedError:
            status = kwargs.get("status") or 400
            kind = {400: InvalidRefusalError, 409: ConflictRefusalError}.get(status, cls)
        return super().__new__(kind)

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        rules: tuple[str, ...] | list[str] = (),
        status: int | None = None,
    ) -> None:
        def rendered() -> str:
            return str(message.render(current_lang()))

        super().__init__(lazy(rendered, str)(), code=code)
        self.rules = tuple(rules)
        if status is not None:
            self.status = status


class InvalidRefusalError(RefusedError, InvalidInputError):
    """A refusal (400) of input the rules or the state of things do not accept: caught as
    ``InvalidInputError`` too, as the apps' refusals of bad input always were."""


class ConflictRefusalError(RefusedError, ConflictError):
    """A refusal (409) of a step that conflicts with what is there (done twice, stale):
    caught as ``ConflictError`` too."""


def refuse(
    code: str,
    message: str,
    /,
    rules: Iterable[str] = (),
    *,
    status: int = 400,
    **params: object,
) -> RefusedError:
    """A refusal ``code`` with the catalogue's sentence ``message`` (its full key, as in
    ``procedure/messages*.yaml``) filled with ``params``, citing ``rules``.

    The one way every app refuses a step: raise ``refuse(...)``. ``code`` and ``message``
    are positional only, so a sentence may have parameters of those names (an article's
    ``code``).
    """
    return RefusedError(code, Message(message, params), rules=tuple(rules), status=status)


def stale(code: str, message: str, *, current: int, expected: int) -> RefusedError:
    """The conflict (409) for an object changed since the caller saw it: the caller acted on
    version ``expected``, the object is at ``current``. ``message`` is the catalogue's
    sentence naming the object; it receives ``current``/``version`` and ``expected``."""
    return refuse(code, message, status=409, current=current, version=current, expected=expected)
