"""The current actor of a request: the user of the session or of the API token, and the
language to answer an API caller in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import NotAuthenticatedError

if TYPE_CHECKING:  # the kernel imports no app; the user model is accounts.User
    from secretariat.accounts.models import User


def _user(candidate: Any) -> bool:
    return isinstance(candidate, get_user_model()) and bool(candidate.is_authenticated)


def user_of(request: HttpRequest) -> User | None:
    """The authenticated user of a page or API request (token or session), or None."""
    for candidate in (getattr(request, "auth", None), getattr(request, "user", None)):
        if _user(candidate):
            return candidate  # accounts.User, checked above
    return None


def me(request: HttpRequest) -> User:
    """The user acting in a request an access check already let through.

    A request that reached here without one (a view that forgot its ``@requires``) is
    refused as not authenticated, never served as anonymous.
    """
    user = user_of(request)
    if user is None:
        raise NotAuthenticatedError(_("Log in to do this."))
    return user


def caller_language(request: HttpRequest) -> str:
    """The language to answer an API caller in: the user's own, else Accept-Language.

    /api/ has no language prefix, so Django's LocaleMiddleware leaves it in English.
    """
    user = user_of(request)
    if user is not None:
        return str(user.language)
    return translation.get_language_from_request(request, check_path=False)
