"""Pages of the meetings app (mounted at /meetings/): the list, a meeting and its steps.

Views parse a form, call one service (``services``) through the kernel's page step and
render what ``presenters`` assembled (cached by ``page_cache``); a refusal
(``SecretariatError``) re-renders the meeting page with the verdict in an error box and the
error's status (400/409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core import downloads
from secretariat.core.access import requires, user_of
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError
from secretariat.core.lang import current_lang
from secretariat.core.pages import announce, step
from secretariat.meetings import selectors, services
from secretariat.meetings.calendar_shown import calendar_weeks, month_of
from secretariat.meetings.form_languages import texts_in
from secretariat.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    ChairItemForm,
    CirculateForm,
    ConsentForm,
    DecideForm,
    DistributeForm,
    EventForm,
    ExtraordinaryForm,
    InvitationForm,
    JoinForm,
    OwnPositionForm,
    PlanForm,
    PositionForm,
    ProposalForm,
    ProposalReceivedForm,
    ReplyForm,
    RescheduleForm,
    SignForm,
    TransitionForm,
    VersionForm,
    WithdrawForm,
    extraordinary_kinds,
    initiative_initial,
)
from secretariat.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
)
from secretariat.meetings.page_cache import (
    CSRF_MARKER,
    SHOWN_CACHE_SECONDS,
    page_key,
    shown_cached,
    shown_key,
    with_csrf,
)
from secretariat.meetings.presenters import (
    page_offers,
)
from secretariat.meetings.replies_read import replies_page, reply_initial
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body
from secretariat.registry.selectors import registry_generation


def meeting_of(meeting_id: int, user: User | None = None) -> Meeting:
    """The meeting, or 404 when there is none or ``user`` may not see it (an initiative)."""
    found = selectors.meetings_visible(user).filter(pk=meeting_id).first()
    if found is None:
        raise Http404(_("There is no such meeting."))
    return found


# --- pages ------------------------------------------------------------------------------------


@requires("meetings.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings_visible(user_of(request)).order_by("-date_start", "pk")
    book = rulebook()
    lang = current_lang()
    flows = workflows(book)
    shown = list(meetings[:500])
    overdue = selectors.overdue_by_meeting(shown)
    rows = [
        (
            m,
            flows.get(m.kind).states[m.state][lang],
            book.procedures[m.kind].title[lang],
            overdue.get(m.pk, 0),
        )
        for m in shown
    ]
    user = me(request)
    return render(
        request,
        "meetings/list.html",
        {
            "rows": rows,
            "can_initiate": user.can("meetings.initiate"),
            "can_manage": user.can("meetings.manage"),
        },
    )


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    status: int = 200,
    error: SecretariatError | None = None,
    bound: dict[str, forms.Form] | None = None,
    fresh: bool = True,
) -> HttpResponse:
    """The meeting page; ``fresh``: read the meeting again (after a step, a refusal)."""
    user = me(request)
    if fresh:
        meeting = Meeting.objects.select_related("body", "venue_state").get(pk=meeting.pk)
    lang = current_lang()
    generation = registry_generation() or "-"
    # A plain view of the page (no refusal, no form to show again) is rendered once per
    # version of the meeting and reader; every step raises the version, so it is never stale.
    cacheable = error is None and not bound and status == 200
    html_key = page_key(request, meeting, user, lang, generation) if cacheable else None
    if html_key is not None and (html := cache.get(html_key)) is not None:
        return with_csrf(request, html)
    shown, content = shown_cached(meeting, user, lang, generation)
    version = {"expected_version": meeting.version}
    context: dict[str, Any] = {
        "shown": shown,
        "content": content,
        "meeting": meeting,
        "version": meeting.version,
        # The read-only parts of the page are cached under this key; the agenda is not
        # when it carries the decision buttons (their forms hold this session's CSRF token).
        "page_key": shown_key("page", meeting, user, lang, generation),
        **page_offers(meeting, user, shown, content),
        # The national parts' replies (extraordinary Board meetings), read when shown.
        "replies": partial(replies_page, meeting, user, lang),
        "error": error.render() if error else None,
        "error_code": error.code if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    # Each form is built only if the page shows it: the template calls these (a callable in
    # the context is called when the template reads it).
    forms_: dict[str, Any] = {
        "event_form": partial(EventForm, initial=version, events=shown.events_open),
        "reschedule_form": partial(
            RescheduleForm,
            initial={**version, "start": meeting.date_start, "end": meeting.date_end},
        ),
        "consent_form": partial(ConsentForm, initial=version),
        "proposal_form": partial(ProposalForm, initial=version),
        "received_form": partial(ProposalReceivedForm, initial=version, meeting=meeting),
        "version_form": partial(VersionForm, initial=version),
        "circulate_form": partial(CirculateForm, initial=version, meeting=meeting),
        "item_form": partial(AgendaItemForm, initial=version, meeting=meeting, user=user),
        "sign_form": partial(
            SignForm,
            initial={**version, "pdf_sha256": content.minutes_to_sign_sha256},
            meeting=meeting,
        ),
        "chair_item_form": partial(ChairItemForm, initial=version, meeting=meeting),
        "attendance_form": partial(AttendanceForm, initial=version),
        "position_form": partial(PositionForm, initial=version, meeting=meeting),
        "own_position_form": partial(OwnPositionForm, initial=version),
        "invitation_form": partial(InvitationForm, initial=version),
        "reply_form": lambda: ReplyForm(initial=reply_initial(meeting, user, version)),
        "join_form": partial(JoinForm, initial=version),
        "withdraw_form": partial(WithdrawForm, initial=version),
        "distribute_form": partial(
            DistributeForm,
            initial={**version, "sent_on": min(timezone.localdate(), meeting.date_end)},
        ),
    }
    # The invitation form's choices depend on the meeting (the rules on who may be invited).
    forms_["invitation_form"] = partial(InvitationForm, initial=version, meeting=meeting)
    forms_.update(bound or {})
    context.update(forms_)
    if html_key is None:
        return render(request, "meetings/detail.html", context, status=status)
    # The page's CSRF tokens are rendered as a marker and put in per request (below).
    context["csrf_token"] = CSRF_MARKER
    html = render_to_string("meetings/detail.html", context, request)
    cache.set(html_key, html, SHOWN_CACHE_SECONDS)
    return with_csrf(request, html)


@requires("meetings.view")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, meeting_of(meeting_id, user_of(request)), fresh=False)


def _act(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    name: str,
    call: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run ``call`` on a valid form (the kernel's ``step``); on a refusal, show the meeting
    again with the verdict; on success, flash the sentence ``call`` returns."""

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _detail(request, meeting, status=status, error=error, bound=bound)

    _done, response = step(request, form, name, call, again, str)
    if response is not None:
        return response
    return redirect("meetings:detail", meeting_id=meeting.pk)


@requires("meetings.manage")
@require_POST
def meeting_transition(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))

    def call(data: dict[str, Any]) -> str:
        row = services.meeting_transition(
            meeting=meeting,
            event=data["event"],
            by=me(request),
            expected_version=data["expected_version"],
            reason=data.get("reason") or "",
            on=data.get("on"),
        )
        return str(row.verdict[current_lang()]["summary"])

    return _act(request, meeting, TransitionForm(request.POST), "transition_form", call)


@requires("meetings.manage")
@require_POST
def meeting_event(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    events = list(rulebook().procedures[meeting.kind].events)

    def call(data: dict[str, Any]) -> str:
        services.meeting_record_event(
            meeting=meeting,
            event=data["event"],
            date=data["date"],
            by=me(request),
            expected_version=data["expected_version"],
        )
        return _("The date was recorded; the deadlines counted from it were recomputed.")

    return _act(request, meeting, EventForm(request.POST, events=events), "event_form", call)


@requires("meetings.manage")
@require_POST
def meeting_reschedule(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))

    def call(data: dict[str, Any]) -> str:
        services.meeting_reschedule(
            meeting=meeting,
            start=data["start"],
            end=data["end"],
            by=me(request),
            expected_version=data["expected_version"],
        )
        return _("The meeting was moved; its deadlines were recomputed.")

    return _act(request, meeting, RescheduleForm(request.POST), "reschedule_form", call)


@requires("meetings.consent")
@require_POST
def meeting_consent(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    user = me(request)

    def call(data: dict[str, Any]) -> str:
        if user.delegation is None:
            raise SecretariatError(
                _("Your account belongs to no delegation."), code="no_delegation"
            )
        services.meeting_consent(
            meeting=meeting,
            delegation=user.delegation,
            answer=data["answer"],
            by=user,
            expected_version=data["expected_version"],
        )
        return _("Your member state's answer was recorded.")

    return _act(request, meeting, ConsentForm(request.POST), "consent_form", call)


@requires("meetings.initiate")
def meeting_initiate(request: HttpRequest) -> HttpResponse:
    """Propose an extraordinary meeting; the user's own delegation is proposed as initiator."""
    user = me(request)
    error: SecretariatError | None = None
    status = 200
    if request.method == "POST":
        form = ExtraordinaryForm(request.POST, delegation=user.delegation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_initiate_extraordinary(
                    body=Body.objects.get(code=data["body"]),
                    kind=extraordinary_kinds()[data["body"]],
                    initiators=list(data["initiators"]),
                    proposed_start=data["proposed_start"],
                    proposed_end=data["proposed_end"],
                    venue=texts_in(data, "venue_city"),
                    venue_state=data["venue_state"],
                    by=user,
                    sent_on=data["sent_on"],
                    subject=form.subject(),
                )
            except SecretariatError as exc:
                announce(request, exc)
                error, status = exc, exc.status
            else:
                messages.success(request, _("The extraordinary meeting was proposed."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        else:
            status = 400
    else:
        form = ExtraordinaryForm(
            initial=initiative_initial(user.delegation), delegation=user.delegation
        )
    context = {"form": form, "error": error.render() if error else None}
    return render(request, "meetings/initiate.html", context, status=status)


@requires("meetings.manage")
def meeting_plan(request: HttpRequest) -> HttpResponse:
    """Plan a regular meeting; a year's plan short of its rule is warned about."""
    error: SecretariatError | None = None
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                planned = services.meeting_plan(
                    body=data["body"],
                    kind=data["kind"],
                    start=data["start"],
                    end=data["end"],
                    venue=texts_in(data, "venue_city"),
                    venue_state=data["venue_state"],
                    by=me(request),
                    subject=form.subject(),
                )
            except SecretariatError as exc:
                announce(request, exc)
                error, status = exc, exc.status
            else:
                plan = planned.year_plan
                lang = current_lang()
                if plan.outcome == "short":
                    messages.warning(request, plan.summary.render(lang))
                for warning in planned.regular.warnings:
                    messages.warning(request, warning.render(lang))
                messages.success(request, _("The meeting was planned."))
                return redirect("meetings:detail", meeting_id=planned.meeting.pk)
        else:
            status = 400
    else:
        form = PlanForm()
    context = {"form": form, "error": error.render() if error else None}
    return render(request, "meetings/plan.html", context, status=status)


# --- the agenda, the room and the minutes ----------------------------------------------------


def _item_of(meeting: Meeting, number: int) -> AgendaItem:
    found = meeting.agenda_items.filter(number=number).first()
    if found is None:
        raise Http404(_("The agenda has no such item."))
    return found


def _step(
    request: HttpRequest,
    meeting_id: int,
    form_class: type[forms.Form],
    name: str,
    call: Callable[[Meeting, User, dict[str, Any]], str],
) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    user = me(request)
    form = form_class(request.POST, meeting=meeting)  # type: ignore[call-arg]  # every step form takes it
    return _act(request, meeting, form, name, lambda data: call(meeting, user, data))


@requires("meetings.propose")
@require_POST
def meeting_propose(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        if user.delegation is None:
            raise Http404(_("Your account belongs to no delegation."))
        services.agenda_proposal_submit(
            meeting=meeting,
            delegation=user.delegation,
            title=texts_in(data, "title") or "",
            text=data["text"],
            materials=data["materials"],
            by=user,
            expected_version=data["expected_version"],
        )
        return _("Your proposal was sent to the Secretariat.")

    return _step(request, meeting_id, ProposalForm, "proposal_form", call)


@requires("meetings.manage")
@require_POST
def meeting_proposal_received(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        received = timezone.make_aware(dt.datetime.combine(data["received_on"], dt.time(12)))
        services.agenda_proposal_submit(
            meeting=meeting,
            delegation=data["delegation"],
            title=texts_in(data, "title") or "",
            text=data["text"],
            materials=data["materials"],
            by=user,
            submitted_at=received,
            expected_version=data["expected_version"],
        )
        return _("The proposal was registered on the day it was received.")

    return _step(request, meeting_id, ProposalReceivedForm, "received_form", call)


@requires("meetings.manage")
@require_POST
def meeting_agenda_prepare(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        items = services.agenda_prepare(
            meeting=meeting, by=user, expected_version=data["expected_version"]
        )
        return _("%(count)s item(s) added to the preliminary agenda.") % {"count": len(items)}

    return _step(request, meeting_id, VersionForm, "version_form", call)


@requires("meetings.manage")
@require_POST
def meeting_agenda_circulate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        row = services.agenda_circulate(
            meeting=meeting,
            by=user,
            # Asked only where SEC-CIRCULATE-CNC applies (CirculateForm).
            cnc_consent=data.get("cnc_consent") or None,
            expected_version=data["expected_version"],
        )
        return str(row.verdict[current_lang()]["summary"])

    return _step(request, meeting_id, CirculateForm, "circulate_form", call)


@requires("meetings.session")
@require_POST
def meeting_chair_item(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        item = services.agenda_item_add_by_chair(
            meeting=meeting,
            title=texts_in(data, "title"),
            by=user,
            proposed_by=data["proposed_by"],
            proposal=data["proposal"],
            expected_version=data["expected_version"],
        )
        return _("Item %(number)s was added to the agenda.") % {"number": item.number}

    return _step(request, meeting_id, ChairItemForm, "chair_item_form", call)


@requires("meetings.manage")
@require_POST
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        services.attendance_record(
            meeting=meeting,
            delegation=data["delegation"],
            members_present=data["members_present"],
            chair_present=data["chair_present"],
            by=user,
            expected_version=data["expected_version"],
        )
        return services.quorum_now(meeting).summary.render(current_lang())

    return _step(request, meeting_id, AttendanceForm, "attendance_form", call)


@requires("meetings.manage")
@require_POST
def meeting_position(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        services.position_record(
            meeting=meeting,
            item=_item_of(meeting, data["number"]),
            delegation=data["delegation"],
            position=data["position"],
            by=user,
            expected_version=data["expected_version"],
        )
        return _("The position was recorded.")

    return _step(request, meeting_id, PositionForm, "position_form", call)


@requires("meetings.session")
@require_POST
def meeting_own_position(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        if user.delegation is None:
            raise Http404(_("Your account belongs to no delegation."))
        services.position_record(
            meeting=meeting,
            item=_item_of(meeting, data["number"]),
            delegation=user.delegation,
            position=data["position"],
            by=user,
            expected_version=data["expected_version"],
        )
        return _("Your national part's position was recorded.")

    return _step(request, meeting_id, OwnPositionForm, "own_position_form", call)


@requires("meetings.manage")
@require_POST
def meeting_decide(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, status=400, bound={"decide_form": form})
    try:
        verdict = services.item_decide(
            meeting=meeting,
            item=_item_of(meeting, form.cleaned_data["number"]),
            by=me(request),
            expected_version=form.cleaned_data["expected_version"],
        )
    except SecretariatError as exc:
        announce(request, exc)
        return _detail(request, meeting, status=exc.status, error=exc)
    summary = verdict.summary.render(current_lang())
    if verdict.ok:
        messages.success(request, summary)
    else:
        # An objection is an outcome, not an error: the item stays open, the objection is
        # recorded on it, and the message cites the consensus rule.
        grounds = Message("meetings.refused", {"summary": verdict.summary, "rules": verdict.rules})
        messages.warning(request, grounds.render(current_lang()))
    return redirect("meetings:detail", meeting_id=meeting.pk)


@requires("meetings.session")
@require_POST
def meeting_sign(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        if user.delegation is None:
            raise Http404(_("Your account belongs to no delegation."))
        signed = services.minutes_sign(
            meeting=meeting,
            delegation=user.delegation,
            user=user,
            pdf_sha256=data["pdf_sha256"],
            expected_version=data["expected_version"],
        )
        if signed.transition is not None:
            # The last part signed: the minutes are signed on behalf of every part.
            return str(signed.transition.verdict[current_lang()]["summary"])
        return _("You signed the minutes for your national part.")

    return _step(request, meeting_id, SignForm, "sign_form", call)


@requires("meetings.manage")
@require_POST
def meeting_distribute(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        done = services.minutes_distribute(
            meeting=meeting,
            by=user,
            sent_on=data["sent_on"],
            method=data["method"],
            expected_version=data["expected_version"],
        )
        if done.transition is not None:
            return str(done.transition.verdict[current_lang()]["summary"])
        return _("The distribution was recorded.")

    return _step(request, meeting_id, DistributeForm, "distribute_form", call)


@requires("meetings.view")
def meeting_minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    try:
        pdf = services.minutes_of(meeting)
    except SecretariatError as exc:
        return _detail(request, meeting, status=exc.status, error=exc)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = downloads.inline(f"minutes-{meeting.pk}.pdf")
    return response


@requires("meetings.manage")
@require_POST
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        services.invitation_add(
            meeting=meeting,
            by=user,
            name=data["name"],
            capacity=data["capacity"],
            delegation=data["delegation"],
            expected_version=data["expected_version"],
        )
        return _("%(name)s was put on the list of invited persons.") % {"name": data["name"]}

    return _step(request, meeting_id, InvitationForm, "invitation_form", call)


@requires("meetings.session")
@require_POST
def meeting_agree_invitation(
    request: HttpRequest, meeting_id: int, invitation_id: int
) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        invitation = Invitation.objects.filter(meeting=meeting, pk=invitation_id).first()
        if invitation is None:
            raise Http404(_("There is no such invitation."))
        services.invitation_agree(
            meeting=meeting,
            invitation=invitation,
            by=user,
            expected_version=data["expected_version"],
        )
        return _("The invitation of %(name)s is agreed.") % {"name": invitation.name}

    return _step(request, meeting_id, VersionForm, "version_form", call)


# --- the calendar ----------------------------------------------------------------------------
@requires("meetings.view")
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """A month of the meetings one may see and of their open deadlines, with their rules."""
    raw = request.GET.get("month")
    today = timezone.localdate()
    first = month_of(raw) if raw else today.replace(day=1)
    status = 200
    error = None
    if first is None:
        status = 400
        error = _("“%(month)s” is not a month: give it as YYYY-MM, for example 2026-06.") % {
            "month": raw
        }
        first = timezone.localdate().replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "weeks": calendar_weeks(user_of(request), first, today),
            "month": first,
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "error": error,
        },
        status=status,
    )
