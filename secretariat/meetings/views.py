"""Pages of the meetings app (mounted at /meetings/): the list, a meeting and its steps.

Views parse a form, call one service and render; a refusal (``SecretariatError``) re-renders
the meeting page with the verdict in an error box and the error's status (400/409).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.access import requires, user_of
from secretariat.accounts.models import DelegationKind, User
from secretariat.audit.services import audit_refusal
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError
from secretariat.core.lang import current_lang
from secretariat.meetings import selectors, services
from secretariat.meetings.forms import (
    POSITION_LABELS,
    AttendanceForm,
    ChairItemForm,
    CirculateForm,
    ConsentForm,
    DecideForm,
    DistributeForm,
    EventForm,
    ExtraordinaryForm,
    InvitationForm,
    OwnPositionForm,
    PlanForm,
    PositionForm,
    ProposalForm,
    ProposalReceivedForm,
    RescheduleForm,
    TransitionForm,
    VersionForm,
    event_label,
    extraordinary_kinds,
)
from secretariat.meetings.minutes import minutes_ready
from secretariat.meetings.models import (
    AgendaItem,
    Deadline,
    Invitation,
    Meeting,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang, Text
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State
from secretariat.registry.selectors import registry_generation

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
    #: What each guard found when the step was taken (the quorum counted, ...).
    checks: list[str] = field(default_factory=list)


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
                checks=[str(c["summary"]) for c in verdict.get("checks", [])],
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


@dataclass(frozen=True, slots=True)
class ProposalShown:
    id: int
    delegation: str
    delegation_name: str
    title: str
    text: str
    materials: list[str]
    submitted_at: Any
    #: Circulated to every member with the agenda (else private to its delegation).
    circulated: bool
    #: Proposed after circulation, for the Chair to add in session (BCB-AGENDA-ADOPT).
    additional: bool = False


@dataclass(frozen=True, slots=True)
class PositionShown:
    delegation: str
    delegation_name: str
    position: str
    position_name: str


@dataclass(frozen=True, slots=True)
class ItemShown:
    number: int
    title: str
    added_by_chair: bool
    proposed_by: str | None
    decided_at: Any
    adopted: bool
    decision: str
    positions: list[PositionShown]


@dataclass(frozen=True, slots=True)
class AttendanceShown:
    delegation: str
    delegation_name: str
    members_present: int
    chair_present: bool


@dataclass(frozen=True, slots=True)
class SignatureShown:
    delegation: str
    delegation_name: str
    signed_by: str
    signed_at: Any
    as_authorised_member: bool


@dataclass(frozen=True, slots=True)
class DistributionShown:
    delegation: str
    delegation_name: str
    method: str
    sent_on: Any
    late: bool
    pdf_sha256: str


@dataclass(frozen=True, slots=True)
class InvitationShown:
    id: int
    name: str
    capacity: str
    delegation: str | None
    delegation_name: str
    #: Whether the Chair or the Deputy Chair must agree it (the Board), and who did.
    needs_agreement: bool
    agreed_by: str
    agreed_as: str


@dataclass(slots=True)
class ContentShown:
    """The meeting's agenda, room and minutes as ``user`` may see them."""

    proposals: list[ProposalShown] = field(default_factory=list)
    items: list[ItemShown] = field(default_factory=list)
    attendance: list[AttendanceShown] = field(default_factory=list)
    #: The quorum as the guard sees it now, where the procedure counts one.
    quorum: str = ""
    quorate: bool | None = None
    signatures: list[SignatureShown] = field(default_factory=list)
    distribution: list[DistributionShown] = field(default_factory=list)
    #: Recipients of the minutes that have not received them yet (delegation codes).
    undistributed: list[str] = field(default_factory=list)
    minutes_ready: bool = False
    invitations: list[InvitationShown] = field(default_factory=list)


def content_shown(meeting: Meeting, user: User | None, lang: Lang) -> ContentShown:
    """The meeting's content rows for display, filtered by what ``user`` may see."""
    shown = ContentShown()
    for p in selectors.agenda_proposals_visible(user, meeting):
        shown.proposals.append(
            ProposalShown(
                id=p.pk,
                delegation=p.owner_delegation.code,
                delegation_name=p.owner_delegation.name,
                title=p.title,
                text=p.text,
                materials=[str(m) for m in p.materials],
                submitted_at=p.submitted_at,
                circulated=p.circulated_to_members,
                additional=p.additional,
            )
        )
    items = selectors.agenda_items_visible(user, meeting).select_related("proposed_by")
    for item in items.prefetch_related("positions__delegation"):
        decision = item.decision.get(lang) or item.decision.get("en") or {}
        shown.items.append(
            ItemShown(
                number=item.number,
                title=item.title,
                added_by_chair=item.added_by_chair,
                proposed_by=item.proposed_by.code if item.proposed_by else None,
                decided_at=item.decided_at,
                adopted=item.adopted,
                decision=str(decision.get("summary", "")),
                positions=[
                    PositionShown(
                        p.delegation.code,
                        p.delegation.name,
                        p.position,
                        str(POSITION_LABELS.get(p.position, p.position)),
                    )
                    for p in sorted(item.positions.all(), key=lambda p: p.delegation.code)
                ],
            )
        )
    for a in selectors.meeting_attendance(meeting):
        shown.attendance.append(
            AttendanceShown(
                a.delegation.code, a.delegation.name, a.members_present, a.chair_present
            )
        )
    book = rulebook()
    workflow = workflows(book).get(meeting.kind)
    if any("quorate" in t.guards for t in workflow.transitions):
        verdict = services.quorum_now(meeting)
        shown.quorum = verdict.summary.render(lang)
        shown.quorate = verdict.ok
    for sig in selectors.minutes_signatures(meeting):
        shown.signatures.append(
            SignatureShown(
                sig.delegation.code,
                sig.delegation.name,
                sig.signed_by.get_full_name() or sig.signed_by.get_username(),
                sig.signed_at,
                sig.as_authorised_member,
            )
        )
    for d in selectors.minutes_distribution(meeting):
        shown.distribution.append(
            DistributionShown(
                d.delegation.code, d.delegation.name, d.method, d.sent_on, d.late, d.pdf_sha256
            )
        )
    for inv in meeting.invitations.select_related("delegation", "agreed_by"):
        shown.invitations.append(
            InvitationShown(
                id=inv.pk,
                name=inv.name,
                capacity=inv.capacity,
                delegation=inv.delegation.code if inv.delegation else None,
                delegation_name=inv.delegation.name if inv.delegation else "",
                needs_agreement=inv.needs_agreement,
                agreed_by=(inv.agreed_by.get_full_name() or inv.agreed_by.get_username())
                if inv.agreed_by
                else "",
                agreed_as=inv.agreed_as,
            )
        )
    shown.minutes_ready = minutes_ready(meeting)
    if shown.minutes_ready:
        sent = {d.delegation for d in shown.distribution}
        shown.undistributed = [
            d.code for d in services.minutes_recipients(meeting) if d.code not in sent
        ]
    return shown


def meeting_of(meeting_id: int, user: User | None = None) -> Meeting:
    """The meeting, or 404 when there is none or ``user`` may not see it (an initiative)."""
    found = selectors.meetings_visible(user).filter(pk=meeting_id).first()
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


@requires("meetings.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings_visible(user_of(request)).order_by("-date_start", "pk")
    book = rulebook()
    lang = current_lang()
    flows = workflows(book)
    rows = [
        (m, flows.get(m.kind).states[m.state][lang], book.procedures[m.kind].title[lang])
        for m in meetings[:500]
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
    html_key = _page_key(request, meeting, user, lang, generation) if cacheable else None
    if html_key is not None and (html := cache.get(html_key)) is not None:
        return _with_csrf(request, html)
    shown, content = shown_cached(meeting, user, lang, generation)
    version = {"expected_version": meeting.version}
    manage = user.can("meetings.manage") and not shown.final
    offered = {s.event for s in shown.steps}
    delegation = user.delegation
    in_session = meeting.state == services.IN_SESSION
    # Held: in session or closed. Invitations and dates are settled before; attendance is
    # recorded just before the opening (the step the quorum guards) and during the session.
    held = in_session or content.minutes_ready
    workflow = workflows(rulebook()).get(meeting.kind)
    opens_next = any("quorate" in t.guards for t in workflow.available(meeting.state))
    # Circulation is a step of the history (agenda_circulate takes it), so no query is needed.
    agenda_open = not shown.final and all(t.event != "circulate_agenda" for t in shown.history)
    own_part = delegation is not None and delegation.kind == DelegationKind.NATIONAL_PART
    signed = {s.delegation for s in content.signatures}
    context: dict[str, Any] = {
        "shown": shown,
        "content": content,
        "meeting": meeting,
        "version": meeting.version,
        "can_manage": manage,
        "generic_steps": [s for s in shown.steps if s.event not in services.STEPS_WITH_FORMS],
        "additional_only": not agenda_open,
        "can_propose": (agenda_open or services.takes_additional_items(rulebook(), meeting))
        and user.can("meetings.propose")
        and delegation is not None
        and delegation.kind == services.member_kind(meeting),
        "agenda_open": agenda_open,
        "can_circulate": manage and "circulate_agenda" in offered,
        "counts_quorum": content.quorate is not None,
        "in_session": in_session,
        "held": held,
        # The read-only parts of the page are cached under this key; the agenda is not
        # when it carries the decision buttons (their forms hold this session's CSRF token).
        "page_key": shown_key("page", meeting, user, lang, generation),
        "decide_here": manage and in_session,
        "attendance_open": manage and content.quorate is not None and (opens_next or in_session),
        "can_state_position": in_session and own_part and user.can("meetings.session"),
        "can_add_item": in_session and own_part and user.role == "np_chair",
        "can_sign": "sign_minutes" in offered
        and own_part
        and user.can("meetings.session")
        and delegation is not None
        and delegation.code not in signed,
        "can_distribute": manage and "distribute_minutes" in offered,
        "can_agree": not shown.final
        and own_part
        and user.role == "np_chair"
        and any(i.needs_agreement and not i.agreed_by for i in content.invitations),
        "can_consent": pending_consent_of(user, shown),
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
        "received_form": partial(ProposalReceivedForm, initial=version),
        "version_form": partial(VersionForm, initial=version),
        "circulate_form": partial(CirculateForm, initial=version),
        "chair_item_form": partial(ChairItemForm, initial=version, meeting=meeting),
        "attendance_form": partial(AttendanceForm, initial=version),
        "position_form": partial(PositionForm, initial=version, meeting=meeting),
        "own_position_form": partial(OwnPositionForm, initial=version),
        "invitation_form": partial(InvitationForm, initial=version),
        "distribute_form": partial(
            DistributeForm,
            initial={**version, "sent_on": min(timezone.localdate(), meeting.date_end)},
        ),
    }
    forms_.update(bound or {})
    context.update(forms_)
    if html_key is None:
        return render(request, "meetings/detail.html", context, status=status)
    # The page's CSRF tokens are rendered as a marker and put in per request (below).
    context["csrf_token"] = _CSRF_MARKER
    html = render_to_string("meetings/detail.html", context, request)
    cache.set(html_key, html, SHOWN_CACHE_SECONDS)
    return _with_csrf(request, html)


#: Stands for the CSRF token in a cached page: random per process, so no text can forge it.
_CSRF_MARKER = f"csrf-{secrets.token_hex(16)}"


def _with_csrf(request: HttpRequest, html: str) -> HttpResponse:
    """The cached page ``html`` with this request's CSRF token in its forms."""
    return HttpResponse(html.replace(_CSRF_MARKER, get_token(request)))


def _page_key(
    request: HttpRequest, meeting: Meeting, user: User, lang: str, generation: str
) -> str | None:
    """The key of the whole page as ``user`` sees it now, or None when it may not be cached.

    Besides what ``shown_key`` holds, the page depends on the reader (their name, role and
    delegation decide the forms offered), the day (a form's default date), the address (the
    language switcher returns to it) and the messages waiting (shown once, never cached).
    """
    if len(messages.get_messages(request)):
        return None
    return ":".join(
        [
            shown_key("html", meeting, user, lang, generation),
            str(user.pk),
            user.get_username(),
            str(user.role),
            str(user.delegation_id or 0),
            timezone.localdate().isoformat(),
            request.get_full_path(),
        ]
    )


#: Seconds the assembled view of a meeting is kept. Every change raises the meeting's
#: version, which is in the key; this only bounds what no version tracks (a name changed).
SHOWN_CACHE_SECONDS = 300


def shown_key(kind: str, meeting: Meeting, user: User, lang: str, generation: str) -> str:
    """A cache key for what ``user`` is shown of ``meeting`` in ``lang``.

    It holds what the view depends on: the meeting (its id and creation time, so a reused id
    never matches), its version, the language, what the user may see (everything, or their
    delegation's items) and the registry's generation (names of states and bodies).
    """
    sees = "all" if user.can("confidential.all") else f"d{user.delegation_id or 0}"
    return ":".join(
        [
            f"meetings:{kind}",
            str(meeting.pk),
            f"{meeting.created_at.timestamp():.6f}",
            str(meeting.version),
            lang,
            sees,
            generation,
        ]
    )


def shown_cached(
    meeting: Meeting, user: User, lang: Lang, generation: str
) -> tuple[MeetingShown, ContentShown]:
    """``meeting_shown`` and ``content_shown``, assembled once per version and reader.

    ``generation``: the registry's generation token (registry_generation), read once per
    request by the caller.
    """
    key = shown_key("shown", meeting, user, lang, generation)
    found: tuple[MeetingShown, ContentShown] | None = cache.get(key)
    if found is None:
        found = (meeting_shown(meeting, lang), content_shown(meeting, user, lang))
        cache.set(key, found, SHOWN_CACHE_SECONDS)
    return found


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
    meeting = meeting_of(meeting_id, user_of(request))

    def call(data: dict[str, Any]) -> str:
        row = services.meeting_transition(
            meeting=meeting,
            event=data["event"],
            by=me(request),
            expected_version=data["expected_version"],
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
                    by=me(request),
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
            title=data["title"],
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
            title=data["title"],
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
            cnc_consent=data["cnc_consent"] or None,
            expected_version=data["expected_version"],
        )
        return str(row.verdict[current_lang()]["summary"])

    return _step(request, meeting_id, CirculateForm, "circulate_form", call)


@requires("meetings.session")
@require_POST
def meeting_chair_item(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        title = str(data["title_en"]).strip()
        item = services.agenda_item_add_by_chair(
            meeting=meeting,
            title=Text(en=title, ru=data["title_ru"], zh=data["title_zh"]) if title else None,
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
        audit_refusal(request=request, code=exc.code, status=exc.status)
        return _detail(request, meeting, status=exc.status, error=exc)
    summary = verdict.summary.render(current_lang())
    if verdict.ok:
        messages.success(request, summary)
    else:
        # An objection is an outcome, not an error: the item stays open.
        messages.warning(request, summary)
    return redirect("meetings:detail", meeting_id=meeting.pk)


@requires("meetings.session")
@require_POST
def meeting_sign(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        if user.delegation is None:
            raise Http404(_("Your account belongs to no delegation."))
        services.minutes_sign(
            meeting=meeting,
            delegation=user.delegation,
            user=user,
            expected_version=data["expected_version"],
        )
        return _("You signed the minutes for your national part.")

    return _step(request, meeting_id, VersionForm, "version_form", call)


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
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
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


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    kind: str  # "meeting" or "deadline"
    meeting_id: int
    text: str
    rule_id: str = ""
    #: An open deadline whose day has passed.
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    entries: list[CalendarEntry]
    today: bool = False


def _month_of(raw: str | None) -> dt.date | None:
    """The first day of ``YYYY-MM``, or None when it is not such a month."""
    year, _dash, number = (raw or "").partition("-")
    if not (len(year) == 4 and year.isdigit() and len(number) == 2 and number.isdigit()):
        return None
    if not (1900 <= int(year) <= 2200 and 1 <= int(number) <= 12):
        return None
    return dt.date(int(year), int(number), 1)


@requires("meetings.view")
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """A month of the meetings one may see and of their open deadlines, with their rules."""
    raw = request.GET.get("month")
    today = timezone.localdate()
    first = _month_of(raw) if raw else today.replace(day=1)
    status = 200
    error = None
    if first is None:
        status = 400
        error = _("“%(month)s” is not a month: give it as YYYY-MM, for example 2026-06.") % {
            "month": raw
        }
        first = timezone.localdate().replace(day=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    user = user_of(request)
    meetings = list(
        selectors.meetings_visible(user).filter(date_start__lte=end, date_end__gte=start)
    )
    lang = current_lang()
    book = rulebook()
    entries: dict[dt.date, list[CalendarEntry]] = {}
    for m in meetings:
        day = max(m.date_start, start)
        while day <= min(m.date_end, end):
            entries.setdefault(day, []).append(CalendarEntry("meeting", m.pk, m.title))
            day += dt.timedelta(days=1)
    visible = selectors.meetings_visible(user).values("pk")
    deadlines = (
        Deadline.objects.filter(
            meeting__in=visible, due__gte=start, due__lte=end, done_at__isnull=True
        )
        .exclude(meeting__state__in=["cancelled", "refused"])
        .select_related("meeting")
        .order_by("due", "rule_id")
    )
    for d in deadlines:
        rule = book.rule(d.rule_id)
        action = rule.step.action[lang] if rule.step else d.rule_id
        entries.setdefault(d.due, []).append(
            CalendarEntry(
                "deadline",
                d.meeting_id,
                f"{action} — {d.meeting.title}",
                d.rule_id,
                overdue=d.due < today,
            )
        )
    days = [
        [
            CalendarDay(day, day.month == first.month, entries.get(day, []), day == today)
            for day in week
        ]
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "weeks": days,
            "month_name": MONTHS[first.month],
            "year": first.year,
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "error": error,
        },
        status=status,
    )
