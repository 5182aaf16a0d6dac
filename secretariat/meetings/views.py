"""Pages of the meetings app (mounted at /meetings/): the list, a meeting and its steps.

Views parse a form, call one service and render; a refusal (``SecretariatError``) re-renders
the meeting page with the verdict in an error box and the error's status (400/409).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.access import requires, user_of
from secretariat.accounts.models import DelegationKind, User
from secretariat.audit.services import audit_refusal
from secretariat.errors import SecretariatError
from secretariat.meetings import selectors, services
from secretariat.meetings.forms import (
    ConsentForm,
    EventForm,
    ExtraordinaryForm,
    PlanForm,
    RescheduleForm,
    TransitionForm,
    event_label,
    extraordinary_kinds,
)
from secretariat.meetings.models import Meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State
from secretariat.rules.selectors import current_lang

# --- what the page and the API show of a meeting ---------------------------------------------
# Reads for display; they belong in selectors.py, which another change holds in this round.


@dataclass(frozen=True, slots=True)
class DeadlineShown:
    rule_id: str
    source: str
    due: Any
    anchor: str
    anchor_date: Any
    action: str
    actor: str
    actor_name: str
    warnings: list[str]
    done_at: Any


@dataclass(frozen=True, slots=True)
class StepShown:
    event: str
    name: str
    target: str
    target_name: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TransitionShown:
    at: Any
    by: str
    event: str
    name: str
    from_state: str
    from_name: str
    to_state: str
    to_name: str
    summary: str
    rules: list[str]


@dataclass(frozen=True, slots=True)
class ConsentRow:
    state: str
    state_name: str
    #: True (consents), False (refuses) or None (no answer yet).
    answer: bool | None


@dataclass(slots=True)
class MeetingShown:
    meeting: Meeting
    state_name: str
    procedure: str
    final: bool
    deadlines: list[DeadlineShown] = field(default_factory=list)
    steps: list[StepShown] = field(default_factory=list)
    history: list[TransitionShown] = field(default_factory=list)
    initiators: list[tuple[str, str]] = field(default_factory=list)
    consents: list[ConsentRow] = field(default_factory=list)
    events: list[tuple[str, str, Any]] = field(default_factory=list)
    #: Events of the procedure not recorded yet (each is recorded once).
    events_open: list[str] = field(default_factory=list)


def meeting_shown(meeting: Meeting, lang: Lang) -> MeetingShown:
    """Everything the meeting page shows, in ``lang``: state, deadlines, steps, history."""
    book = rulebook()
    workflow = workflows(book).get(meeting.kind)
    names = {t.event: t.name[lang] for t in workflow.transitions}
    shown = MeetingShown(
        meeting=meeting,
        state_name=workflow.states[meeting.state][lang],
        procedure=book.procedures[meeting.kind].title[lang],
        final=meeting.state in workflow.final,
    )
    for d in selectors.meeting_deadlines(meeting):
        rule = book.rule(d.rule_id)
        actor = book.actors.get(d.actor)
        shown.deadlines.append(
            DeadlineShown(
                rule_id=d.rule_id,
                source=rule.cite(),
                due=d.due,
                anchor=d.anchor,
                anchor_date=d.anchor_date,
                action=rule.step.action[lang] if rule.step else "",
                actor=d.actor,
                actor_name=actor.name[lang] if actor else d.actor,
                warnings=[str(w.get(lang) or w.get("en") or "") for w in d.warnings],
                done_at=d.done_at,
            )
        )
    for t in selectors.meeting_next_steps(meeting):
        shown.steps.append(
            StepShown(t.event, t.name[lang], t.target, workflow.states[t.target][lang], t.rules)
        )
    for row in selectors.meeting_history(meeting):
        verdict = row.verdict.get(lang) or row.verdict.get("en") or {}
        shown.history.append(
            TransitionShown(
                at=row.at,
                by=row.by.get_username() if row.by else "",
                event=row.event,
                name=names.get(row.event, row.event),
                from_state=row.from_state,
                from_name=workflow.states[row.from_state][lang],
                to_state=row.to_state,
                to_name=workflow.states[row.to_state][lang],
                summary=str(verdict.get("summary", "")),
                rules=[str(c["id"]) for c in verdict.get("rules", [])],
            )
        )
    shown.initiators = [
        (i.delegation.code, i.delegation.name)
        for i in meeting.initiatives.select_related("delegation").order_by("delegation__code")
    ]
    if meeting.consents.exists():
        states = {s.code: s.name for s in State.objects.all()}
        shown.consents = [
            ConsentRow(c.state, states.get(c.state, c.state), c.answer)
            for c in selectors.meeting_consents(meeting)
        ]
    recorded = {e.event: e for e in meeting.events.all()}
    shown.events = [(e.event, event_label(e.event), e.date) for e in recorded.values()]
    shown.events_open = [e for e in book.procedures[meeting.kind].events if e not in recorded]
    return shown


def meeting_of(meeting_id: int) -> Meeting:
    """The meeting, or 404.

    Every meeting is visible to every role with meetings.view for now; once extraordinary
    proposals are private to their initiators, the object-level check (access.can_see)
    applies here, for the page and the API alike.
    """
    found = Meeting.objects.select_related("body", "venue_state").filter(pk=meeting_id).first()
    if found is None:
        raise Http404(_("There is no such meeting."))
    return found


def pending_consent_of(user: User | None, shown: MeetingShown) -> bool:
    """Whether ``user`` answers for a member state whose consent to the meeting is pending."""
    if user is None or not user.can("meetings.consent") or shown.final:
        return False
    delegation = user.delegation
    if delegation is None or delegation.kind != DelegationKind.MEMBER_STATE:
        return False
    state = delegation.state.code if delegation.state else None
    return any(c.state == state and c.answer is None for c in shown.consents)


# --- pages ------------------------------------------------------------------------------------


def _me(request: HttpRequest) -> User:
    user = user_of(request)
    assert user is not None  # noqa: S101  # @requires let only authenticated users through
    return user


@requires("meetings.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    # Every meeting for every role with meetings.view, for now; object-level filtering
    # (access.visible_q) goes here once extraordinary proposals are private.
    meetings = Meeting.objects.select_related("body", "venue_state").order_by("-date_start", "pk")
    book = rulebook()
    lang = current_lang()
    flows = workflows(book)
    rows = [
        (m, flows.get(m.kind).states[m.state][lang], book.procedures[m.kind].title[lang])
        for m in meetings[:500]
    ]
    user = _me(request)
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
) -> HttpResponse:
    user = _me(request)
    meeting.refresh_from_db()
    shown = meeting_shown(meeting, current_lang())
    version = {"expected_version": meeting.version}
    manage = user.can("meetings.manage") and not shown.final
    context: dict[str, Any] = {
        "shown": shown,
        "meeting": meeting,
        "version": meeting.version,
        "can_manage": manage,
        "can_consent": pending_consent_of(user, shown),
        "error": error.render() if error else None,
        "error_code": error.code if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    forms_: dict[str, forms.Form] = {
        "event_form": EventForm(initial=version, events=shown.events_open),
        "reschedule_form": RescheduleForm(
            initial={**version, "start": meeting.date_start, "end": meeting.date_end}
        ),
        "consent_form": ConsentForm(initial=version),
    }
    forms_.update(bound or {})
    context.update(forms_)
    return render(request, "meetings/detail.html", context, status=status)


@requires("meetings.view")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, meeting_of(meeting_id))


def _act(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    name: str,
    call: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run ``call`` on a valid form; on a refusal, show the meeting again with the verdict."""
    if not form.is_valid():
        return _detail(request, meeting, status=400, bound={name: form})
    try:
        done = call(form.cleaned_data)
    except SecretariatError as exc:
        audit_refusal(request=request, code=exc.code, status=exc.status)
        return _detail(request, meeting, status=exc.status, error=exc, bound={name: form})
    messages.success(request, done)
    return redirect("meetings:detail", meeting_id=meeting.pk)


@requires("meetings.manage")
@require_POST
def meeting_transition(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id)

    def call(data: dict[str, Any]) -> str:
        row = services.meeting_transition(
            meeting=meeting,
            event=data["event"],
            by=_me(request),
            expected_version=data["expected_version"],
        )
        return str(row.verdict[current_lang()]["summary"])

    return _act(request, meeting, TransitionForm(request.POST), "transition_form", call)


@requires("meetings.manage")
@require_POST
def meeting_event(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id)
    events = list(rulebook().procedures[meeting.kind].events)

    def call(data: dict[str, Any]) -> str:
        services.meeting_record_event(
            meeting=meeting,
            event=data["event"],
            date=data["date"],
            by=_me(request),
            expected_version=data["expected_version"],
        )
        return _("The date was recorded; the deadlines counted from it were recomputed.")

    return _act(request, meeting, EventForm(request.POST, events=events), "event_form", call)


@requires("meetings.manage")
@require_POST
def meeting_reschedule(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id)

    def call(data: dict[str, Any]) -> str:
        services.meeting_reschedule(
            meeting=meeting,
            start=data["start"],
            end=data["end"],
            by=_me(request),
            expected_version=data["expected_version"],
        )
        return _("The meeting was moved; its deadlines were recomputed.")

    return _act(request, meeting, RescheduleForm(request.POST), "reschedule_form", call)


@requires("meetings.consent")
@require_POST
def meeting_consent(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id)
    user = _me(request)

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
    user = _me(request)
    error: SecretariatError | None = None
    status = 200
    if request.method == "POST":
        form = ExtraordinaryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_initiate_extraordinary(
                    body=Body.objects.get(code=data["body"]),
                    kind=extraordinary_kinds()[data["body"]],
                    initiators=list(data["initiators"]),
                    proposed_start=data["proposed_start"],
                    proposed_end=data["proposed_end"],
                    venue_city=data["venue_city"],
                    venue_state=data["venue_state"],
                    by=user,
                )
            except SecretariatError as exc:
                audit_refusal(request=request, code=exc.code, status=exc.status)
                error, status = exc, exc.status
            else:
                messages.success(request, _("The extraordinary meeting was proposed."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        else:
            status = 400
    else:
        initial: dict[str, Any] = {}
        if user.delegation is not None:
            initial["initiators"] = [user.delegation.pk]
            if user.delegation.kind == DelegationKind.NATIONAL_PART:
                initial["body"] = "bcb"
            elif user.delegation.kind == DelegationKind.MEMBER_STATE:
                initial["body"] = "cmfa"
        form = ExtraordinaryForm(initial=initial)
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
                    venue_city=data["venue_city"],
                    venue_state=data["venue_state"],
                    by=_me(request),
                )
            except SecretariatError as exc:
                audit_refusal(request=request, code=exc.code, status=exc.status)
                error, status = exc, exc.status
            else:
                plan = planned.year_plan
                lang = current_lang()
                if plan.outcome == "short":
                    messages.warning(request, plan.summary.render(lang))
                messages.success(request, _("The meeting was planned."))
                return redirect("meetings:detail", meeting_id=planned.meeting.pk)
        else:
            status = 400
    else:
        form = PlanForm()
    context = {"form": form, "error": error.render() if error else None}
    return render(request, "meetings/plan.html", context, status=status)
