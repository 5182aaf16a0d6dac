"""Pages of the notifications app (mounted at /inbox/): one's own inbox and calendar feeds."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.notifications import choices, selectors, services
from secretariat.notifications import tokens as feed_tokens
from secretariat.notifications.kinds import KINDS
from secretariat.notifications.models import Channel, FeedScope
from secretariat.notifications.pace import mandatory_kinds, pace

#: Rows of the e-mail log per page.
SENT_PAGE_SIZE = 50


@requires("account.use")
def inbox(request: HttpRequest) -> HttpResponse:
    user = me(request)
    messages = list(selectors.inbox_of(user=user)[:200])
    for message in messages:
        kind = KINDS.get(message.kind)
        message.kind_name = kind.name if kind else ""  # type: ignore[attr-defined]  # shown only
    unread = sum(1 for m in messages if m.read_at is None)
    return render(request, "notifications/inbox.html", {"inbox": messages, "unread": unread})


@requires("account.use")
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every message of one's inbox read."""
    services.inbox_mark_all_read(user=me(request))
    return redirect("notifications:inbox")


def _kind_rows(chosen: dict[str, str], mandatory: set[str]) -> list[dict[str, object]]:
    return [
        {
            "code": code,
            "name": kind.name,
            "description": kind.description,
            "channel": chosen.get(code, Channel.EMAIL.value),
            "mandatory": code in mandatory,
        }
        for code, kind in KINDS.items()
    ]


@requires("account.use")
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """How one receives each kind of notification: inbox only, e-mail at once, daily digest."""
    user = me(request)
    error = ""
    status = 200
    if request.method == "POST":
        wanted = {k: request.POST[k] for k in KINDS if k in request.POST}
        try:
            choices.preferences_set(user=user, choices=wanted)
        except InvalidInputError as exc:
            error, status = exc.render(), 400
        else:
            return redirect("notifications:preferences")
    rows = _kind_rows(choices.preferences_of(user), mandatory_kinds())
    if status == 400:  # show what was asked, not what is stored
        for row in rows:
            row["channel"] = request.POST.get(str(row["code"]), row["channel"])
    context = {"kinds": rows, "channels": Channel.choices, "error": error}
    return render(request, "notifications/preferences.html", context, status=status)


@requires("notifications.manage")
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    """The Secretariat's pace of reminders, digest hour and mandatory kinds."""
    error = ""
    status = 200
    current = pace()
    values = {
        "lead_days": ", ".join(str(n) for n in current.lead_days),
        "overdue_every": str(current.overdue_every),
        "digest_hour": str(current.digest_hour),
    }
    mandatory = mandatory_kinds()
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        mandatory = set(request.POST.getlist("mandatory"))
        try:
            choices.policy_set(
                lead_days=values["lead_days"],
                overdue_every=_int(values["overdue_every"]),
                digest_hour=_int(values["digest_hour"]),
                mandatory=mandatory,
            )
        except InvalidInputError as exc:
            error, status = exc.render(), 400
        else:
            return redirect("notifications:policy")
    context = {"values": values, "kinds": _kind_rows({}, mandatory), "error": error}
    return render(request, "notifications/policy.html", context, status=status)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1  # refused by the service with its own message


@requires("notifications.log")
def sent(request: HttpRequest) -> HttpResponse:
    """Every e-mail sent, per recipient, newest first: filters by recipient, kind and day."""
    recipient = request.GET.get("recipient", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS or kind == "digest" else ""
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    rows = selectors.sent_emails(recipient=recipient, kind=kind, day=day)
    page = Paginator(rows, SENT_PAGE_SIZE).get_page(request.GET.get("page"))
    names = {code: k.name for code, k in KINDS.items()}
    for row in page.object_list:
        row.kind_name = names.get(row.kind, "")  # type: ignore[attr-defined]  # shown only
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "kinds": list(names.items()),
        "recipient": recipient,
        "kind": kind,
        "day": day.isoformat() if day else "",
        "query": query.urlencode(),
    }
    return render(request, "notifications/sent.html", context)


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
        return redirect(selectors.link_here(message.link))
    return redirect("notifications:inbox")


def _feed_url(request: HttpRequest, scope: str, token: str) -> str:
    # The address the user reached this page at: the calendar client is on the same side.
    return request.build_absolute_uri(reverse(f"feeds:{scope}", kwargs={"token": token}))


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
