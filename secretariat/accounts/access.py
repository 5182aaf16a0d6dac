"""The one way in: every page and API operation declares the action it needs, and is checked here.

- Pages: ``@requires("registry.edit")`` (or ``@requires(PUBLIC)``) on the view. A visitor who is
  not logged in is sent to the login page; a user whose role lacks the action gets 403.
- API: ``ActionRouter`` instead of ``ninja.Router``; each operation names its ``action``,
  which also appears in the OpenAPI schema as ``x-required-action``. Authentication: a
  per-user API token (``Authorization: Bearer sct_...``) or the session (with CSRF).
- Objects: ``Visibility`` says who may see a confidential item (its owner delegation, those
  it was circulated to, the public); ``can_see`` and ``visible_q`` apply it.

tests/accounts/test_permission_matrix.py reads the declarations from the URL configuration
and the OpenAPI schema, so a new page or operation that declares nothing fails the suite.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from secretariat.accounts.models import ApiToken, DelegationKind, User
from secretariat.accounts.policy import PUBLIC, policy
from secretariat.core.errors import NotAuthenticatedError, PermissionDeniedError

F = TypeVar("F", bound=Callable[..., Any])
#: The attribute a view or API function carries to declare its action.
ACTION_ATTRIBUTE = "required_action"
SCHEMA_KEY = "x-required-action"


def user_of(request: HttpRequest) -> User | None:
    """The authenticated user of a page or API request (token or session), or None."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user
    return None


def allowed(user: User | None, action: str) -> bool:
    if action == PUBLIC:
        return True
    return user is not None and user.can(action)


def require(user: User | None, action: str) -> User:
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


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: a user's API token (not revoked, user active)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            # To the minute: a script's every call need not write to the database.
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        # A script has no language cookie: answer in the token owner's language.
        translation.activate(found.user.language)
        request.LANGUAGE_CODE = translation.get_language()
        return found.user


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


# --- object-level visibility ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visibility:
    """Who may see a confidential item.

    The owner delegation always; the SCO Secretariat always (``confidential.all``);
    delegations it was circulated to; everyone when public. Partners see an item only when
    it is public or circulated to them by name (STRAT-OBSERVERS, STRAT-DIALOGUE: their
    participation is decided per meeting, never by default).
    """

    owner_delegation_id: int | None
    public: bool = False
    #: Circulated to every member state and national part (not to partners).
    circulated_to_members: bool = False
    circulated_to: frozenset[int] = field(default_factory=frozenset)


_MEMBER_KINDS = {
    DelegationKind.MEMBER_STATE,
    DelegationKind.NATIONAL_PART,
    DelegationKind.BC_SECRETARIAT,
    DelegationKind.RATS,
}


def can_see(user: User | None, item: Visibility) -> bool:
    """Whether ``user`` may see an item with this visibility."""
    if item.public:
        return True
    if user is None or not user.is_active:
        return False
    if user.can("confidential.all"):
        return True
    delegation = user.delegation
    if delegation is None:
        return False
    if delegation.pk == item.owner_delegation_id or delegation.pk in item.circulated_to:
        return True
    return item.circulated_to_members and delegation.kind in _MEMBER_KINDS


def visible_q(
    user: User | None,
    *,
    owner: str = "owner_delegation",
    public: str = "is_public",
    to_members: str = "circulated_to_members",
    circulated_to: str = "circulated_to",
) -> Q:
    """The same rule as ``can_see``, as a filter for a model with these fields."""
    q = Q(**{public: True})
    if user is None or not user.is_active:
        return q
    if user.can("confidential.all"):
        return Q()
    delegation = user.delegation
    if delegation is None:
        return q
    q |= Q(**{owner: delegation.pk}) | Q(**{circulated_to: delegation.pk})
    if delegation.kind in _MEMBER_KINDS:
        q |= Q(**{to_members: True})
    return q


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


def actions_of(users: Iterable[User]) -> dict[str, set[str]]:
    """For each user, the actions their role allows (for pages that explain permissions)."""
    return {u.username: {a for a in policy().actions if u.can(a)} for u in users}
