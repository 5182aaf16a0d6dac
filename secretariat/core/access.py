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
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from secretariat.core.actor import user_of
from secretariat.core.errors import (
    NotAuthenticatedError,
    PermissionDeniedError,
    SecretariatError,
)
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
    "TOKEN_ATTRIBUTE",
    "ActionRouter",
    "Member",
    "TokenAuth",
    "allowed",
    "authenticated_for",
    "declared_action",
    "require",
    "requires",
    "second_factor_missing",
    "second_factor_required",
    "two_factor_required_error",
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


def second_factor_required(user: Any) -> bool:
    """Whether ``user``'s role must log in with a second factor
    (``settings.SECRETARIAT_TWO_FACTOR_ROLES``)."""
    role = getattr(user, "role", "") or ""
    return bool(role) and role in getattr(settings, "SECRETARIAT_TWO_FACTOR_ROLES", ())


def second_factor_missing(request: HttpRequest, user: Any) -> bool:
    """Whether ``user`` of a session must show a second factor and has not (django-otp's
    ``is_verified``, set on ``request.user`` by its middleware)."""
    if not second_factor_required(user):
        return False
    verified = getattr(getattr(request, "user", None), "is_verified", None)
    return not (callable(verified) and verified())


def two_factor_required_error() -> PermissionDeniedError:
    return PermissionDeniedError(
        _(
            "Your role requires two-factor login: set up an authenticator app and enter "
            "its code first."
        ),
        code="two_factor_required",
    )


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


#: Requests that write nothing, by HTTP's definition: not wrapped in a transaction (on SQLite a
#: transaction takes the write lock at BEGIN, and readers need not queue behind writers).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def whole_or_nothing(request: HttpRequest, view: Any, call: Callable[[], Any]) -> Any:
    """Run a page or an API operation ``view``: a request that may write runs in one
    transaction, so an exception out of it (an unexpected error, or a refusal no one caught)
    leaves nothing written. The refusal is mapped to its answer and audited after the
    rollback (by ``web.middleware`` and ``api.api``), so its audit entry stays.

    A view that writes nothing on a POST (a check of an upload, say) can say so with Django's
    own ``@transaction.non_atomic_requests`` under ``@requires``: on SQLite a transaction
    holds the write lock from its first statement, which such a view need not take."""
    if request.method in SAFE_METHODS or "default" in getattr(view, "_non_atomic_requests", ()):
        return call()
    with transaction.atomic():
        return call()


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
            response: HttpResponse = whole_or_nothing(
                request, view, lambda: view(request, *args, **kwargs)
            )
            return response

        setattr(wrapper, ACTION_ATTRIBUTE, action)
        return wrapper  # type: ignore[return-value]  # same signature, by functools.wraps

    return decorator


#: How precisely an API token's last use is kept.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _api_tokens() -> Any:
    """The API token model (``settings.API_TOKEN_MODEL``), as Django resolves a swappable one."""
    return apps.get_model(settings.API_TOKEN_MODEL)


E = TypeVar("E", bound=SecretariatError)


def _in_language_of(user: Any, error: E) -> E:
    """``error`` with its message rendered in ``user``'s language now: a refusal raised while
    authenticating a token, before the request knows its user (nor so its language)."""
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        error.message, error.params = error.render(), {}
    return error


#: The attribute of a request that holds the API token it came with.
TOKEN_ATTRIBUTE = "api_token"  # noqa: S105  # an attribute name, not a secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: a user's API token (not revoked, not expired, user
    active). The user it answers for can do only the token's actions (``User.token_actions``);
    a token of a role that requires a second factor works only if made with one."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        already: Any = getattr(request, TOKEN_ATTRIBUTE, None)
        if already is not None:
            # Read and accepted once for this request (web.limits reads it before the view,
            # to exempt a valid token from the anonymous rate): not looked up again.
            return self._speaking(request, already.user)
        tokens = _api_tokens()._default_manager.select_related("user")
        found = find_active(tokens.filter(user__is_active=True), API_TOKEN_MARKER, token)
        if found is None:
            return None
        user: User = self._speaking(request, found.user)
        now = timezone.now()
        if found.expires is not None and found.expires <= now:
            raise _in_language_of(
                user,
                NotAuthenticatedError(
                    _("This API token has expired: make a new one on your account page."),
                    code="token_expired",
                ),
            )
        if second_factor_required(user) and not found.issued_with_second_factor:
            raise _in_language_of(
                user,
                PermissionDeniedError(
                    _(
                        "Your role requires two-factor login: this API token was not made in "
                        "a session verified with the second factor. Make a new one after "
                        "logging in with your code."
                    ),
                    code="token_needs_second_factor",
                ),
            )
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            # To the minute: a script's every call need not write to the database.
            type(found)._default_manager.filter(pk=found.pk).update(last_used=now)
        user.token_actions = frozenset(found.actions or ())
        setattr(request, TOKEN_ATTRIBUTE, found)
        return user

    @staticmethod
    def _speaking(request: HttpRequest, user: User) -> User:
        """``user``, with the request answered in their language: a script has no language
        cookie."""
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
            if self.action != PUBLIC and self.action not in (user.token_actions or ()):
                raise _in_language_of(
                    user,
                    PermissionDeniedError(
                        _("This API token may not do this: %(action)s."),
                        code="token_out_of_scope",
                        action=policy().actions[self.action],
                    ),
                )
            try:
                require(user, self.action)
            except SecretariatError as refused:
                raise _in_language_of(user, refused) from None
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
                return whole_or_nothing(request, func, lambda: func(request, *args, **kw))

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
