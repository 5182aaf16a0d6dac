"""JSON API of the accounts app, mounted at /api/accounts/: one's own account and API tokens.

Authenticate with a token (``Authorization: Bearer sct_...``) or the browser session; with
the session, POST and DELETE need the CSRF token as well.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from secretariat.accounts import selectors, services
from secretariat.accounts.models import ApiToken
from secretariat.core import actor
from secretariat.core.access import TOKEN_ATTRIBUTE, ActionRouter
from secretariat.core.schemas import ErrorOut, columns

router = ActionRouter(tags=["accounts"])


class DelegationNames(Schema):
    en: str
    ru: str
    zh: str


class DelegationOut(Schema):
    code: str
    kind: str
    name: DelegationNames


class MeOut(Schema):
    username: str
    delegation: DelegationOut | None
    #: A role of roles.yaml; empty when the account has none.
    role: str
    role_name: DelegationNames | None
    #: en, ru or zh-hans.
    language: str
    #: The actions of roles.yaml the role allows.
    actions: list[str]
    two_factor: bool


class TokenOut(Schema):
    id: int
    name: str
    #: The first characters of the key, to tell tokens apart.
    prefix: str
    created: dt.datetime
    last_used: dt.datetime | None
    expires: dt.datetime
    #: The actions of roles.yaml it may do.
    actions: list[str]
    #: Made in a session (or with a token) verified with a second factor.
    issued_with_second_factor: bool


@columns(ApiToken)
class TokenIn(Schema):
    name: str
    #: What it may do, of what your role allows; by default the reading actions.
    actions: list[str] | None = None
    #: How many days it lasts; by default settings.SECRETARIAT_API_TOKEN_DAYS.
    days: int | None = None


class TokenCreatedOut(TokenOut):
    #: The key itself: shown this once, never again (only its digest is kept).
    key: str


def _token(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created": token.created,
        "last_used": token.last_used,
        "expires": token.expires,
        "actions": list(token.actions),
        "issued_with_second_factor": token.issued_with_second_factor,
    }


def _second_factor(request: HttpRequest) -> bool:
    """Whether the caller showed a second factor: a verified session, or a token made in one."""
    token = getattr(request, TOKEN_ATTRIBUTE, None)
    if token is not None:
        return bool(token.issued_with_second_factor)
    verified = getattr(request.user, "is_verified", None)
    return bool(callable(verified) and verified())


@router.read("/me", action="account.use", response=MeOut, summary="Your account")
def me(request: HttpRequest) -> dict[str, Any]:
    """Your delegation, role, language and the actions your role allows."""
    user = actor.me(request)
    profile = selectors.profile_of(user=user)
    delegation = profile.delegation
    return {
        "username": user.username,
        "delegation": None
        if delegation is None
        else {
            "code": delegation.code,
            "kind": delegation.kind,
            "name": {"en": delegation.name_en, "ru": delegation.name_ru, "zh": delegation.name_zh},
        },
        "role": user.role,
        "role_name": profile.role_name.as_dict() if profile.role_name else None,
        "language": user.language,
        "actions": [p.code for p in profile.permissions],
        "two_factor": selectors.two_factor_required(user=user),
    }


@router.read("/tokens", action="account.use", response=list[TokenOut], summary="Your API tokens")
def tokens_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Your tokens that are not revoked, newest first (never their keys)."""
    return [_token(t) for t in selectors.api_tokens_active(user=actor.me(request))]


@router.create(
    "/tokens",
    action="account.use",
    response={201: TokenCreatedOut, 400: ErrorOut, 409: ErrorOut},
    summary="Create an API token",
)
def tokens_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """A new token; the response holds its key, which is not shown again."""
    token, key = services.api_token_create(
        user=actor.me(request),
        name=payload.name,
        actions=payload.actions,
        days=payload.days,
        second_factor=_second_factor(request),
    )
    return Status(201, {**_token(token), "key": key})


@router.remove(
    "/tokens/{token_id}",
    action="account.use",
    response={204: None, 404: ErrorOut},
    summary="Revoke one of your API tokens",
)
def tokens_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke the token; a token that is not yours is "not found"."""
    services.api_token_revoke(user=actor.me(request), token_id=token_id)
    return Status(204, None)
