"""Keep the reader's language across addresses without a language prefix.

English, the default language, has no prefix (config/urls.py), so Django's LocaleMiddleware
answers /meetings/2/ in English whoever asks: a Russian reader following a bookmark, a link
pasted by a colleague or an old e-mail was switched to English. Here such a request is
redirected to the same page under the reader's prefix (/ru/meetings/2/) when the reader has
chosen a language: the language cookie first (set by the language switch, at login and when
the profile's language is saved: the latest choice), else the signed-in user's profile. A
reader who chose English (the cookie says ``en``) stays on the unprefixed pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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
    """Move a request for an unprefixed page to the reader's language (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        moved = self._moved(request)
        if moved is not None:
            return moved
        response = self.get_response(request)
        if get_language_from_path(request.path_info) is None:
            # The same unprefixed address is answered in several languages.
            patch_vary_headers(response, ("Cookie",))
        return response

    def _moved(self, request: HttpRequest) -> HttpResponse | None:
        if get_language_from_path(request.path_info) is not None:
            return None
        language = preferred_language(request)
        if language is None or language == settings.LANGUAGE_CODE:
            return None
        full = request.get_full_path()
        target = path_in_language(full, language)
        if target == full:
            return None  # not one of the translated pages: the API, a feed, a file
        if request.method in {"GET", "HEAD"}:
            return HttpResponseRedirect(target)
        # A form sent to an unprefixed address: its body cannot follow a redirect, so it is
        # answered here, in the reader's language.
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None
