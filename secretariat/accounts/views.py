"""Pages of the accounts app: log in (with a second step for two-factor users), log out,
one's profile (language, API tokens) and the two-factor set-up of the SCO Secretariat."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import urlsplit

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_lockout_response
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from secretariat.accounts import selectors, services
from secretariat.accounts.forms import CodeForm, LanguageForm, LoginForm, TokenCreateForm
from secretariat.accounts.models import User
from secretariat.core.access import (
    requires,
    second_factor_missing,
    second_factor_required,
    user_of,
)
from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, SecretariatError
from secretariat.core.lang import current_lang
from secretariat.core.policy import PUBLIC, policy

#: Session key of a login whose password was right and whose second factor is awaited.
PENDING_LOGIN = "accounts.pending_login"
#: Seconds the second step of a login may take before it has to start again.
PENDING_LOGIN_SECONDS = 300


# --- helpers -----------------------------------------------------------------------------


def _safe_next(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _in_language(url: str, language: str) -> str:
    """``url`` of one of our pages, moved to ``language``'s prefix (/, /ru/, /zh-hans/)."""
    # translate_url resolves in the active language, so read the prefix the URL has.
    current = get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(current):
        return translate_url(url, language)


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set Django's language cookie, as ``set_language`` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _switch_language(request: HttpRequest, language: str, to: str) -> HttpResponse:
    """Redirect to ``to`` in ``language`` and make that language the session's."""
    url = _in_language(to, language)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return _remember_language(HttpResponseRedirect(url), language)


def _complete_login(
    request: HttpRequest, user: User, backend: str, next_url: str | None
) -> HttpResponse:
    auth.login(request, user, backend=backend)
    # Without ?next=, to the start page ("My work", settings.LOGIN_REDIRECT_URL).
    to = next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
    return _switch_language(request, user.language, to)


# --- logging in and out ------------------------------------------------------------------


@requires(PUBLIC)
@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """Username and password; then, for two-factor users, the code step."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if user_of(request) is not None:
        return redirect(next_url or reverse("accounts:profile"))
    form = LoginForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        # With the request, django-axes counts failures and refuses a locked username.
        user = auth.authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if isinstance(user, User):
            # authenticate() names the backend that accepted the password.
            backend = str(getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"))
            if not selectors.two_factor_required(user=user):
                if second_factor_required(user):
                    # Their role requires a second factor and they have none yet: logged
                    # in, but only to set one up (accounts.middleware) before anything else.
                    return _complete_login(request, user, backend, reverse("accounts:two_factor"))
                return _complete_login(request, user, backend, next_url)
            request.session[PENDING_LOGIN] = {
                "user": user.pk,
                "backend": backend,
                "next": next_url or "",
                "since": timezone.now().timestamp(),
            }
            return redirect("accounts:login_code")
        form.add_error(None, _("The username or the password is wrong."))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url or "", "failure_limit": settings.AXES_FAILURE_LIMIT},
    )


def _pending_login(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None
    if timezone.now().timestamp() - float(pending.get("since", 0)) > PENDING_LOGIN_SECONDS:
        request.session.pop(PENDING_LOGIN, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, pending) if user is not None else None


@requires(PUBLIC)
@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a two-factor login: the code of the user's authenticator app."""
    found = _pending_login(request)
    if found is None:
        return render(request, "accounts/login_code.html", {"expired": True})
    user, pending = found
    credentials = get_credentials(user.get_username())
    if not AxesProxyHandler.is_allowed(request, credentials):
        locked: HttpResponse = get_lockout_response(request, None, credentials)
        return locked
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_LOGIN]
            response = _complete_login(request, user, pending["backend"], pending["next"] or None)
            django_otp.login(request, device)
            return response
        # A wrong code is a failed login: django-axes counts it towards the lock-out.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("code", _("This code is wrong or has expired."))
    return render(request, "accounts/login_code.html", {"form": form, "username": user.username})


@requires(PUBLIC)  # ending one's session is never refused, whatever the role
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("registry:home")


# --- profile -----------------------------------------------------------------------------


def _profile_page(
    request: HttpRequest,
    *,
    token_form: TokenCreateForm | None = None,
    new_key: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = me(request)
    response = render(
        request,
        "accounts/profile.html",
        {
            "profile": selectors.profile_of(user=user),
            "language_form": LanguageForm(initial={"language": user.language}),
            "token_form": token_form or _token_form(user),
            "tokens": selectors.api_tokens_active(user=user),
            "new_key": new_key,
            "two_factor": selectors.two_factor_state(user=user)
            if user.can("two_factor.use")
            else None,
        },
        status=status,
    )
    return response


def _token_form(user: User, data: Any = None) -> TokenCreateForm:
    """The new-token form, offering the actions ``user``'s role allows, reading ones ticked."""
    texts = policy().actions
    return TokenCreateForm(
        data,
        choices=[
            (code, texts[code][current_lang()])
            for code in services.token_actions_allowed(user=user)
        ],
        initial_actions=services.token_actions_default(user=user),
    )


def _session_verified(request: HttpRequest) -> bool:
    """Whether this session showed a second factor (django-otp's ``is_verified``)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(callable(verified) and verified())


@requires("account.use")
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    """Your delegation, role and what it allows; your language; your API tokens."""
    return _profile_page(request)


@requires("account.use")
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Save the preferred language and switch the session to it."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, status=400)
    user = services.user_set_language(user=me(request), language=form.cleaned_data["language"])
    messages.success(request, _("Your language preference is saved."))
    return _switch_language(request, user.language, reverse("accounts:profile"))


@requires("account.use")
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Create an API token and show its key, this once."""
    user = me(request)
    form = _token_form(user, request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    _token, key = services.api_token_create(
        user=user,
        name=form.cleaned_data["name"],
        actions=list(form.cleaned_data["actions"]) or None,  # none ticked: the default
        days=form.cleaned_data["days"],
        second_factor=_session_verified(request),
    )
    # Rendered, not redirected: the key is never stored, so this response is its only copy.
    return _profile_page(request, new_key=key, status=201)


@requires("account.use")
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke(user=me(request), token_id=token_id)
    messages.success(
        request,
        _("The API token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
    )
    return redirect("accounts:profile")


# --- two-factor login --------------------------------------------------------------------


def _qr_code(text: str) -> str:
    """``text`` as a QR code, an SVG in a data: URL (the CSP allows data: images only)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _two_factor_page(
    request: HttpRequest,
    *,
    form: CodeForm | None = None,
    error: SecretariatError | None = None,
) -> HttpResponse:
    state = selectors.two_factor_state(user=me(request))
    context: dict[str, Any] = {
        "state": state.status.value,
        "form": form or CodeForm(),
        "mandatory": second_factor_required(me(request)),
        "verified": not second_factor_missing(request, me(request)),
    }
    if state.device is not None and not state.device.confirmed:
        url = state.device.config_url
        context |= {
            "config_url": url,
            "qr_code": _qr_code(url),
            "secret": base64.b32encode(state.device.bin_key).decode("ascii"),
        }
    if error is not None:
        context |= {"error_code": error.code, "error_message": error.render()}
    status = error.status if error else 400 if form is not None and form.errors else 200
    return render(request, "accounts/two_factor.html", context, status=status)


@requires("two_factor.use")
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up, confirm or turn off two-factor login (members of the SCO Secretariat)."""
    return _two_factor_page(request)


@requires("two_factor.use")
@require_POST
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Create an authenticator device, to be confirmed with its first code."""
    services.totp_device_enrol(user=me(request))
    return redirect("accounts:two_factor")


@requires("two_factor.use")
@require_POST
@sensitive_post_parameters("code")
@never_cache
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _two_factor_page(request, form=form)
    try:
        device = services.totp_device_confirm(user=me(request), code=form.cleaned_data["code"])
    except InvalidInputError as exc:  # a wrong code: say so beside the field, not on a new page
        return _two_factor_page(request, error=exc)
    # This session has just shown the second factor: count it as verified.
    django_otp.login(request, device)
    messages.success(
        request, _("Two-factor login is on. You will be asked for a code each time you log in.")
    )
    return redirect("accounts:two_factor")


@requires("two_factor.use")
@require_POST
@sensitive_post_parameters("code")
@never_cache
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login off with a current code, or cancel an unfinished set-up."""
    try:
        services.totp_device_disable(user=me(request), code=request.POST.get("code") or None)
    except InvalidInputError as exc:
        return _two_factor_page(request, error=exc)
    messages.success(request, _("Two-factor login is off."))
    return redirect("accounts:two_factor")
