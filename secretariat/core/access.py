"""The one way in: every page and API operation declares the action it needs, and is checked here.

- Pages: ``@requires("registry.edit")`` (or ``@requires(PUBLIC)``) on the view. A visitor who is
  not logged in is sent to the login page; a user whose role lacks the action gets 403.
- API: ``ActionRouter`` instead of ``ninja.Router``; each operation names its ``action``,
  which also appears in the OpenAPI schema as ``x-required-action``. Authentication: a
  per-user API token (``Authorization: Bearer sct_...``) or the session (with CSRF).

It lives in the kernel so that every app, the registry and the audit log included (both below
the accounts app), declares its pages the same way. It imports no app: the user is Django's
user model (``settings.AUTH_USER_MODEL``, whose ``can(action)`` asks the role), the API token
is ``settings.API_TOKEN_MODEL`` (a ``core.tokens.SecretToken`` with a ``user``), both resolved
the way Django resolves a swappable model. Who may see a confidential object is the accounts
app's (``accounts.access``).

tests/accounts/test_permission_matrix.py reads the declarations from the URL configuration
and the OpenAPI schema, so a new page or operation that declares nothing fails the suite.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from secretariat.core.actor import user_of
from secretariat.core.errors import NotAuthenticatedError, PermissionDeniedError
from secretariat.core.policy import PUBLIC, policy
from secretariat.core.schemas import refuse_nul
from secretariat.core.tokens import find_active

if TYPE_CHECKING:  # the kernel imports no app; the user model is accounts.User
    from secretariat.accounts.models import User

F = TypeVar("F", bound=Callable[..., Any])
#: The attribute a view or API function carries to declare its action.
ACTION_ATTRIBUTE = "required_action"
SCHEMA_KEY = "x-required-action"
#: The marker in front of every API token.
API_TOKEN_MARKER = "sct_"  # noqa: S105  # a public marker, not a secret

__all__ = [
    "ACTION_ATTRIBUTE",
    "PUBLIC",
    "SCHEMA_KEY",
    "ActionRouter",
    "Member",
    "TokenAuth",
    "allowed",
    "authenticated_for",
    "declared_action",
    "require",
    "requires",
    "user_of",
]


class Member(Protocol):
    """A user as the access layer sees it: active or not, and what its role allows."""

    pk: Any
    is_active: bool

    def can(self, action: str) -> bool: ...


U = TypeVar("U", bound=Member)


def allowed(user: Member | None, action: str) -> bool:
    if action == PUBLIC:
        return True
    return user is not None and user.can(action)


def require(user: U | None, action: str) -> U:
    """The user, if allowed to do ``action``; otherwise a 401 or 403 error."""
    if action != PUBLIC and user is None:
        raise NotAuthenticatedError(_("Log in to do this."))
    if not allowed(user, action):
        raise PermissionDeniedError(
            _("Your role does not allow this: %(action)s."),
            action=policy().actions[action],
        )
    assert user is not None  # noqa: S101  # allowed() is False for None unless public
    return user


def requires(action: str) -> Callable[[F], F]:
    """Declare and enforce the action a page needs."""
    policy().allows(None, action)  # fail at import time on an unknown action

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if action != PUBLIC:
                user = user_of(request)
                if user is None:
                    return redirect_to_login(request.get_full_path())
                require(user, action)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        setattr(wrapper, ACTION_ATTRIBUTE, action)
        return wrapper  # type: ignore[return-value]  # same signature, by functools.wraps

    return decorator


#: How precisely an API token's last use is kept.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _api_tokens() -> Any:
    """The API token model (``settings.API_TOKEN_MODEL``), as Django resolves a swappable one."""
    return apps.get_model(settings.API_TOKEN_MODEL)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: a user's API token (not revoked, user active)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        tokens = _api_tokens()._default_manager.select_related("user")
        found = find_active(tokens.filter(user__is_active=True), API_TOKEN_MARKER, token)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            # To the minute: a script's every call need not write to the database.
            type(found)._default_manager.filter(pk=found.pk).update(last_used=now)
        # A script has no language cookie: answer in the token owner's language.
        user: User = found.user
        translation.activate(user.language)
        request.LANGUAGE_CODE = translation.get_language()
        return user


# Ninja parses the request body before it calls the operation. Checking the action in the
# authentication step refuses a role without it (403) before its body is even read, instead
# of answering 422 for a malformed body.


class _TokenAuthFor(TokenAuth):
    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None:
            require(user, self.action)
        return user


class _SessionAuthFor(SessionAuth):
    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            require(user_of(request), self.action)
        return user


# The OpenAPI security schemes keep the plain names.
_TokenAuthFor.__name__ = _TokenAuthFor.__qualname__ = "TokenAuth"
_SessionAuthFor.__name__ = _SessionAuthFor.__qualname__ = "SessionAuth"


def authenticated_for(action: str) -> list[Any]:
    """Token or session authentication that also requires ``action``."""
    return [_TokenAuthFor(action), _SessionAuthFor(action)]


class ActionRouter(Router):
    """A Ninja router whose every operation declares and enforces one action of roles.yaml."""

    def operation(
        self, methods: list[str], path: str, *, action: str, **kwargs: Any
    ) -> Callable[[F], F]:
        policy().allows(None, action)  # unknown action: fail at import time
        extra = dict(kwargs.pop("openapi_extra", None) or {})
        extra[SCHEMA_KEY] = action
        if action != PUBLIC:
            kwargs.setdefault("auth", authenticated_for(action))

        def decorator(func: F) -> F:
            @functools.wraps(func)
            def wrapper(request: HttpRequest, *args: Any, **kw: Any) -> Any:
                if action != PUBLIC:
                    require(user_of(request), action)
                refuse_nul(kw)  # text with NUL: 422, not a database error
                return func(request, *args, **kw)

            setattr(wrapper, ACTION_ATTRIBUTE, action)
            # Ninja reads the parameters' types from the signature; resolve them in the
            # module that wrote the function, not here.
            wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
            self.api_operation(methods, path, openapi_extra=extra, **kwargs)(wrapper)
            return func

        return decorator

    def read(self, path: str, *, action: str, **kwargs: Any) -> Callable[[F], F]:
        return self.operation(["GET"], path, action=action, **kwargs)

    def create(self, path: str, *, action: str, **kwargs: Any) -> Callable[[F], F]:
        return self.operation(["POST"], path, action=action, **kwargs)

    def change(self, path: str, *, action: str, **kwargs: Any) -> Callable[[F], F]:
        return self.operation(["PATCH"], path, action=action, **kwargs)

    def replace(self, path: str, *, action: str, **kwargs: Any) -> Callable[[F], F]:
        """Set a whole resource to the body given (repeatable: the same body, the same state)."""
        return self.operation(["PUT"], path, action=action, **kwargs)

    def remove(self, path: str, *, action: str, **kwargs: Any) -> Callable[[F], F]:
        return self.operation(["DELETE"], path, action=action, **kwargs)


def declared_action(view: Any) -> str | None:
    """The action a view or API function declared, following decorators."""
    seen: set[int] = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        action = getattr(view, ACTION_ATTRIBUTE, None)
        if action:
            return str(action)
        view = getattr(view, "__wrapped__", None)
    return None
