"""The Secretary-General's schedule, its engagements and the private address of its
iCalendar feed (SEC-PROTOCOL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.conditional import conditional_feed
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.in_languages import initial_texts
from secretariat.core.pages import refusal_seen, refusal_shown, step
from secretariat.core.policy import PUBLIC
from secretariat.relations import forms as f
from secretariat.relations import selectors, services
from secretariat.relations.calendar import schedule_ics
from secretariat.relations.views.common import Bound, selected_or_404


def _week_start(request: HttpRequest) -> dt.date:
    asked = request.GET.get("start", "")
    try:
        return dt.date.fromisoformat(asked)
    except ValueError:
        today = timezone.localdate()
        return today - dt.timedelta(days=today.weekday())


def _protocol_page(
    request: HttpRequest,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    start = _week_start(request)
    lines = selectors.schedule(user, start=start, days=7)
    days = [
        (
            start + dt.timedelta(days=n),
            [
                line
                for line in lines
                if timezone.localtime(line.engagement.starts_at).date()
                == start + dt.timedelta(days=n)
            ],
        )
        for n in range(7)
    ]
    context: dict[str, Any] = {
        "start": start,
        "previous": start - dt.timedelta(days=7),
        "next": start + dt.timedelta(days=7),
        "days": days,
        "can_manage": user.can("relations.manage"),
        "engagement_form": f.EngagementForm(),
        "feed_active": selectors.protocol_feed_of(user),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/protocol.html", context, status=status)


@requires("protocol.view")
def relations_protocol(request: HttpRequest) -> HttpResponse:
    return _protocol_page(request)


@requires("protocol.view")
@require_POST
def relations_protocol_feed_rotate(request: HttpRequest) -> HttpResponse:
    """Make a new private address of the schedule's feed (the old one stops answering)."""
    try:
        _row, token = services.protocol_feed_token_rotate(user=me(request))
    except SecretariatError as error:
        return _protocol_page(request, status=error.status, extra=refusal_seen(request, error))
    url = request.build_absolute_uri(reverse("relations:protocol_feed", kwargs={"token": token}))
    return _protocol_page(request, extra={"feed_url": url})


@requires("protocol.view")
@require_POST
def relations_protocol_feed_revoke(request: HttpRequest) -> HttpResponse:
    services.protocol_feed_token_revoke(user=me(request))
    messages.success(request, _("The address of your calendar feed no longer answers."))
    return redirect("relations:protocol")


@requires(PUBLIC)  # the secret token in the URL is the credential
def relations_protocol_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The schedule for a calendar client, at a user's private address (404 when unknown,
    revoked, or its user may no longer see the schedule)."""
    found = services.protocol_feed_token_find(token)
    if found is None:
        raise Http404("No calendar feed at this address.")

    def build() -> HttpResponse:
        response = schedule_ics(found.user)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    # Validated and cached per token, owner and language (core/conditional.py): 304 when the
    # client's copy is current, kept by that client only ("private, no-cache").
    identity = f"protocol:{found.pk}:{found.user_id}:{found.user.language}"
    return conditional_feed(request, identity, build, private=True)


def _saved_warnings(request: HttpRequest, saved: services.Saved) -> None:
    for other in saved.overlapping:
        messages.warning(request, selectors.overlap_warning(other))


@requires("relations.manage")
@require_POST
def relations_engagement_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    saved, response = step(
        request,
        f.EngagementForm(request.POST),
        "engagement_form",
        lambda data: services.engagement_save(by=user, **data),
        lambda **kw: _protocol_page(request, **kw),
        _("The engagement was put on the schedule."),
    )
    if response is not None:
        return response
    assert saved is not None  # noqa: S101  # no page: act() succeeded
    _saved_warnings(request, saved)
    day = timezone.localtime(saved.engagement.starts_at).date()
    monday = day - dt.timedelta(days=day.weekday())
    return redirect(f"{reverse('relations:protocol')}?start={monday.isoformat()}")


def _engagement_page(
    request: HttpRequest,
    engagement_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    engagement = selected_or_404(selectors.engagement_of, user, engagement_id)
    initial = {
        "starts_at": timezone.localtime(engagement.starts_at),
        "ends_at": timezone.localtime(engagement.ends_at),
        **initial_texts(engagement, "counterpart", "place", "notes"),
        "kind": engagement.kind,
    }
    context: dict[str, Any] = {
        "engagement": engagement,
        "warnings": [selectors.overlap_warning(o) for o in services.overlapping(engagement)],
        "can_manage": user.can("relations.manage"),
        "engagement_form": f.EngagementForm(initial=initial),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/engagement.html", context, status=status)


@requires("protocol.view")
def relations_engagement(request: HttpRequest, engagement_id: int) -> HttpResponse:
    return _engagement_page(request, engagement_id)


@requires("relations.manage")
@require_POST
def relations_engagement_change(request: HttpRequest, engagement_id: int) -> HttpResponse:
    user = me(request)
    engagement = selected_or_404(selectors.engagement_of, user, engagement_id)
    saved, response = step(
        request,
        f.EngagementForm(request.POST),
        "engagement_form",
        lambda data: services.engagement_save(engagement=engagement, by=user, **data),
        lambda **kw: _engagement_page(request, engagement_id, **kw),
        _("The engagement was changed."),
    )
    if response is not None:
        return response
    assert saved is not None  # noqa: S101  # no page: act() succeeded
    _saved_warnings(request, saved)
    return redirect("relations:engagement", engagement_id=engagement_id)


@requires("relations.manage")
@require_POST
def relations_engagement_cancel(request: HttpRequest, engagement_id: int) -> HttpResponse:
    user = me(request)
    try:
        engagement = selectors.engagement_of(user, engagement_id)
        services.engagement_cancel(engagement=engagement, by=user)
    except NotFoundError as error:
        raise Http404(error.render()) from None
    except SecretariatError as error:
        return _engagement_page(
            request, engagement_id, status=error.status, extra=refusal_seen(request, error)
        )
    messages.success(request, _("The engagement was taken off the schedule."))
    return redirect("relations:protocol")


@requires("protocol.view")
def relations_protocol_ics(request: HttpRequest) -> HttpResponse:
    """The schedule as an iCalendar file, for a logged-in user (API clients: the API feed)."""
    return schedule_ics(me(request))
