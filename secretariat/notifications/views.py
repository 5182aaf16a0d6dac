"""Pages of the notifications app (mounted at /inbox/): one's own inbox and calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.notifications import selectors, services
from secretariat.notifications import tokens as feed_tokens
from secretariat.notifications.models import FeedScope


@requires("account.use")
def inbox(request: HttpRequest) -> HttpResponse:
    messages = selectors.inbox_of(user=me(request))[:200]
    return render(request, "notifications/inbox.html", {"inbox": messages})


@requires("account.use")
@require_POST
def inbox_read(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark one of one's messages read, then go back to the inbox (or to its link)."""
    try:
        message = selectors.inbox_message_of(user=me(request), message_id=message_id)
    except NotFoundError as exc:
        raise Http404(exc.render()) from exc
    services.inbox_mark_read(message=message)
    if request.POST.get("open") and message.link.startswith("/"):
        return redirect(message.link)
    return redirect("notifications:inbox")


def _feed_url(request: HttpRequest, scope: str, token: str) -> str:
    path = reverse(f"feeds:{scope}", kwargs={"token": token})
    base = getattr(settings, "SECRETARIAT_BASE_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@requires("account.use")
@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """One's private calendar feeds: make (or remake) a secret URL, or revoke it.

    A new URL is shown once, in the answer to the POST that made it: only its digest is kept.
    """
    user = me(request)
    shown: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        scope = request.POST.get("scope", "")
        if scope not in FeedScope.values:
            status = 400
        elif request.POST.get("do") == "revoke":
            feed_tokens.feed_token_revoke(user=user, scope=scope)
            return redirect("notifications:feeds")
        else:
            _row, token = feed_tokens.feed_token_rotate(user=user, scope=scope)
            shown[scope] = _feed_url(request, scope, token)
    tokens = feed_tokens.feed_tokens_of(user)
    scopes = [
        {
            "code": code,
            "label": label,
            "token": tokens.get(code),
            "new_url": shown.get(code),
            "available": code != FeedScope.DELEGATION or user.delegation_id is not None,
        }
        for code, label in FeedScope.choices
    ]
    response = render(request, "notifications/feeds.html", {"scopes": scopes}, status=status)
    if shown:
        response["Cache-Control"] = "no-store"  # the page holds a secret shown once
    return response
