"""Keep the reader's language across addresses without a language prefix.

English, the default language, has no prefix (config/urls.py), so Django's LocaleMiddleware
answers /meetings/2/ in English whoever asks: a Russian reader following a bookmark, a link
pasted by a colleague or an old e-mail was switched to English. Here such a request is
answered in the language the reader chose: the language cookie first (set by the language
switch, at login and when the profile's language is saved: the latest choice), else the
signed-in user's profile. A reader who chose English (the cookie says ``en``) gets English.

The page is answered where it was asked, not redirected to its prefixed address: a form sent
there keeps its body, and every link on the page is written with the reader's prefix
(reverse() in the active language), so the next click is on a prefixed address anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from secretariat.core.lang import path_in_language

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request: HttpRequest) -> str | None:
    """The language the reader chose (Django's code), or None when they chose none."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
    if cookie in _SUPPORTED:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        language = str(getattr(user, "language", "") or "").lower()
        if language in _SUPPORTED:
            return language
    return None


class PreferredLanguageMiddleware:
    """Answer a request for an unprefixed page in the reader's language (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _translated_page(request.path_info):
            # The same unprefixed address is answered in several languages.
            patch_vary_headers(response, ("Cookie",))
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        """Switch to the reader's language once the address is resolved: an unprefixed
        address resolves only while English is active (i18n_patterns matches the active
        language's prefix), so the switch waits for the resolver."""
        language = preferred_language(request)
        if language is None or language == settings.LANGUAGE_CODE:
            return
        if not _translated_page(request.path_info):
            return
        translation.activate(language)
        request.LANGUAGE_CODE = language


def _translated_page(path: str) -> bool:
    """Whether ``path`` is an unprefixed address of one of the translated pages (not a
    prefixed one, nor the API, a feed or the language switch)."""
    if get_language_from_path(path) is not None:
        return False
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return path_in_language(path, other) != path
