"""Pages of the relations app (mounted at /relations/): partners with their contacts, meetings
and agreements; the member states' consent; participation; NGOs; events; missions; the
Secretary-General's schedule. Managers (relations.manage) get the forms; a refusal shows its
sentence and the rules it cites, with nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.access import requires
from secretariat.accounts.models import User
from secretariat.accounts.policy import PUBLIC
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import refusal_seen, refusal_shown, step
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.relations import forms as f
from secretariat.relations import selectors, services
from secretariat.relations.calendar import schedule_ics
from secretariat.relations.models import Partner

Bound = dict[str, forms.Form]


_T = TypeVar("_T")


def _found(get: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """What a selector finds, or the page's 404 with the selector's own message."""
    try:
        return get(*args, **kwargs)
    except NotFoundError as error:
        raise Http404(error.render()) from None


# --- overview and partners ----------------------------------------------------------------------


@requires("relations.view")
def relations_home(request: HttpRequest) -> HttpResponse:
    user = me(request)
    organisations, states = selectors.partner_rows(user)
    context = {
        "organisations": organisations,
        "states": states,
        "agreements": list(selectors.agreements_visible(user)[:10]),
        "can_manage": user.can("relations.manage"),
        "can_protocol": user.can("protocol.view"),
    }
    return render(request, "relations/home.html", context)


def _partner_page(
    request: HttpRequest,
    *,
    organisation_id: int | None = None,
    state_id: int | None = None,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = me(request)
    shown = _found(selectors.partner_view, user, organisation_id=organisation_id, state_id=state_id)
    context: dict[str, Any] = {
        "shown": shown,
        "can_manage": user.can("relations.manage"),
        "contact_form": f.ContactForm(),
        "meeting_form": f.MeetingForm(initial={"date": timezone.localdate()}),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/partner.html", context, status=status)


@requires("relations.view")
def relations_organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_page(request, organisation_id=organisation_id)


@requires("relations.view")
def relations_state(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_page(request, state_id=state_id)


def _partner(organisation_id: int | None, state_id: int | None) -> Partner:
    if organisation_id is not None:
        organisation = InternationalOrganisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise Http404(_("There is no such partner organisation."))
        return services.partner_of(organisation=organisation)
    state = State.objects.filter(pk=state_id or 0).first()
    if state is None:
        raise Http404(_("There is no such partner state."))
    return services.partner_of(state=state)


def _partner_step(
    request: HttpRequest, kind: str, organisation_id: int | None, state_id: int | None
) -> HttpResponse:
    user = me(request)

    def again(**kwargs: Any) -> HttpResponse:
        return _partner_page(request, organisation_id=organisation_id, state_id=state_id, **kwargs)

    if kind == "contact":
        form: forms.Form = f.ContactForm(request.POST)

        def act(data: dict[str, Any]) -> Any:
            return services.contact_add(
                partner=_partner(organisation_id, state_id), by=user, **data
            )

        done = _("The contact was added.")
    else:
        form = f.MeetingForm(request.POST)

        def act(data: dict[str, Any]) -> Any:
            return services.partner_meeting_record(
                partner=_partner(organisation_id, state_id), by=user, **data
            )

        done = _("The meeting was recorded.")
    _result, response = step(request, form, f"{kind}_form", act, again, done)
    if response is not None:
        return response
    if organisation_id is not None:
        return redirect("relations:organisation", organisation_id=organisation_id)
    return redirect("relations:state", state_id=state_id)


@requires("relations.manage")
@require_POST
def relations_organisation_contact(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_step(request, "contact", organisation_id, None)


@requires("relations.manage")
@require_POST
def relations_organisation_meeting(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_step(request, "meeting", organisation_id, None)


@requires("relations.manage")
@require_POST
def relations_state_contact(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_step(request, "contact", None, state_id)


@requires("relations.manage")
@require_POST
def relations_state_meeting(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_step(request, "meeting", None, state_id)


# --- agreements (SEC-EXTERNAL) ------------------------------------------------------------------


def _agreements_page(
    request: HttpRequest,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    rows = []
    for agreement in selectors.agreements_visible(user)[:500]:
        verdict = selectors.consent_board(agreement).verdict
        total = len(verdict.given) + len(verdict.missing) + len(verdict.withheld)
        rows.append((agreement, verdict, total))
    context: dict[str, Any] = {
        "rows": rows,
        "can_manage": user.can("relations.manage"),
        "agreement_form": f.AgreementForm(),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/agreements.html", context, status=status)


@requires("relations.view")
def relations_agreements(request: HttpRequest) -> HttpResponse:
    return _agreements_page(request)


@requires("relations.manage")
@require_POST
def relations_agreement_register(request: HttpRequest) -> HttpResponse:
    user = me(request)

    def act(data: dict[str, Any]) -> Any:
        kind, _sep, ref = str(data["partner"]).partition(":")
        partner = _partner(int(ref), None) if kind == "org" else _partner(None, int(ref))
        return services.agreement_register(
            partner=partner,
            kind=data["kind"],
            title={"en": data["title_en"], "ru": data["title_ru"], "zh": data["title_zh"]},
            notes=data["notes"],
            by=user,
        )

    made, response = step(
        request,
        f.AgreementForm(request.POST),
        "agreement_form",
        act,
        lambda **kw: _agreements_page(request, **kw),
        _("The document was registered; it now awaits the member states' consent."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:agreement", agreement_id=made.pk)


def _agreement_page(
    request: HttpRequest,
    agreement_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    agreement = _found(selectors.agreement_of, user, agreement_id)
    delegation = user.delegation
    own_state = delegation.state if delegation is not None else None
    board = selectors.consent_board(agreement)
    member_codes = {row.state.code for row in board.rows}
    context: dict[str, Any] = {
        "agreement": agreement,
        "board": board,
        "can_manage": user.can("relations.manage"),
        "can_consent": (
            user.can("relations.consent")
            and own_state is not None
            and own_state.code in member_codes
            and agreement.status == "awaiting_consent"
        ),
        "own_state": own_state,
        "consent_form": f.ConsentForm(),
        "can_register_note": (
            user.can("relations.manage") and agreement.status == "awaiting_consent"
        ),
        "note_consent_form": f.NoteConsentForm(
            states=selectors.note_states(agreement), initial={"note_dated": timezone.localdate()}
        ),
        "sign_form": f.SignForm(initial={"signed_on": timezone.localdate()}),
        "in_force_form": f.InForceForm(initial={"day": timezone.localdate()}),
        "missing": [row.state for row in board.rows if row.state.code in board.verdict.missing],
        "withheld": [row.state for row in board.rows if row.state.code in board.verdict.withheld],
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/agreement.html", context, status=status)


@requires("relations.view")
def relations_agreement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _agreement_page(request, agreement_id)


def _agreement_step(
    request: HttpRequest,
    agreement_id: int,
    form: forms.Form,
    name: str,
    act: Callable[[Any, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    user = me(request)
    agreement = _found(selectors.agreement_of, user, agreement_id)
    _result, response = step(
        request,
        form,
        name,
        lambda data: act(agreement, data),
        lambda **kw: _agreement_page(request, agreement_id, **kw),
        done,
    )
    return response or redirect("relations:agreement", agreement_id=agreement_id)


@requires("relations.consent")
@require_POST
def relations_agreement_consent(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The user's member state gives or withholds its consent."""
    user = me(request)

    def act(agreement: Any, data: dict[str, Any]) -> Any:
        delegation = user.delegation
        if delegation is None or delegation.state is None:
            raise Http404(_("Your delegation represents no state."))
        return services.consent_record(
            agreement=agreement,
            state=delegation.state,
            decision=data["decision"],
            by=user,
            note=data["note"],
        )

    return _agreement_step(
        request,
        agreement_id,
        f.ConsentForm(request.POST),
        "consent_form",
        act,
        _("Your state's answer was recorded."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_consent_by_note(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The Secretariat registers a member state's answer received by note verbale."""
    user = me(request)
    found = _found(selectors.agreement_of, user, agreement_id)

    def act(agreement: Any, data: dict[str, Any]) -> Any:
        return services.consent_record(
            agreement=agreement,
            state=data["state"],
            decision=data["decision"],
            by=user,
            by_name=data["sent_by"],
            note=data["note"],
            note_reference=data["note_reference"],
            note_dated=data["note_dated"],
        )

    return _agreement_step(
        request,
        agreement_id,
        f.NoteConsentForm(request.POST, states=selectors.note_states(found)),
        "note_consent_form",
        act,
        _("The answer received by note verbale was registered."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_sign(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = me(request)
    return _agreement_step(
        request,
        agreement_id,
        f.SignForm(request.POST),
        "sign_form",
        lambda agreement, data: services.agreement_sign(agreement=agreement, by=user, **data),
        _("The document was signed."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_in_force(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = me(request)
    return _agreement_step(
        request,
        agreement_id,
        f.InForceForm(request.POST),
        "in_force_form",
        lambda agreement, data: services.agreement_enter_into_force(
            agreement=agreement, by=user, **data
        ),
        _("The document is recorded as in force."),
    )


# --- lists with a form: participation, NGOs, events, missions ---------------------------------


def _list_page(
    request: HttpRequest,
    template: str,
    rows: Any,
    form_name: str,
    form: forms.Form,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    context: dict[str, Any] = {
        "rows": rows,
        "can_manage": user.can("relations.manage"),
        form_name: form,
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, template, context, status=status)


def _participations(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.participations_visible(me(request))[:1000]
    form = f.ParticipationForm(initial={"date": timezone.localdate()})
    return _list_page(
        request, "relations/participations.html", rows, "participation_form", form, **kwargs
    )


@requires("relations.view")
def relations_participations(request: HttpRequest) -> HttpResponse:
    return _participations(request)


@requires("relations.manage")
@require_POST
def relations_participation_record(request: HttpRequest) -> HttpResponse:
    user = me(request)
    _result, response = step(
        request,
        f.ParticipationForm(request.POST),
        "participation_form",
        lambda data: services.participation_record(by=user, **data),
        lambda **kw: _participations(request, **kw),
        _("The participation was recorded."),
    )
    return response or redirect("relations:participations")


def _ngo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.ngo_interactions_visible(me(request))[:1000]
    form = f.NgoForm(initial={"date": timezone.localdate()})
    return _list_page(request, "relations/ngo.html", rows, "ngo_form", form, **kwargs)


@requires("relations.view")
def relations_ngo(request: HttpRequest) -> HttpResponse:
    return _ngo(request)


@requires("relations.manage")
@require_POST
def relations_ngo_record(request: HttpRequest) -> HttpResponse:
    user = me(request)
    _result, response = step(
        request,
        f.NgoForm(request.POST),
        "ngo_form",
        lambda data: services.ngo_interaction_record(by=user, **data),
        lambda **kw: _ngo(request, **kw),
        _("The interaction was recorded."),
    )
    return response or redirect("relations:ngo")


def _event_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["title"] = {
        "en": values.pop("title_en"),
        "ru": values.pop("title_ru"),
        "zh": values.pop("title_zh"),
    }
    return values


def _events(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.events_visible(me(request))[:1000]
    today = timezone.localdate()
    form = f.EventForm(initial={"date_start": today, "date_end": today})
    return _list_page(request, "relations/events.html", rows, "event_form", form, **kwargs)


@requires("relations.view")
def relations_events(request: HttpRequest) -> HttpResponse:
    return _events(request)


@requires("relations.manage")
@require_POST
def relations_event_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    made, response = step(
        request,
        f.EventForm(request.POST),
        "event_form",
        lambda data: services.event_save(by=user, **_event_values(data)),
        lambda **kw: _events(request, **kw),
        _("The event was added."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:event", event_id=made.pk)


def _event_page(
    request: HttpRequest,
    event_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    event = _found(selectors.event_of, user, event_id)
    initial = {
        name: getattr(event, name) for name in f.EventForm.base_fields if hasattr(event, name)
    }
    context: dict[str, Any] = {
        "event": event,
        "can_manage": user.can("relations.manage"),
        "event_form": f.EventForm(initial=initial),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/event.html", context, status=status)


@requires("relations.view")
def relations_event(request: HttpRequest, event_id: int) -> HttpResponse:
    return _event_page(request, event_id)


@requires("relations.manage")
@require_POST
def relations_event_change(request: HttpRequest, event_id: int) -> HttpResponse:
    user = me(request)
    event = _found(selectors.event_of, user, event_id)
    _result, response = step(
        request,
        f.EventForm(request.POST),
        "event_form",
        lambda data: services.event_save(event=event, by=user, **_event_values(data)),
        lambda **kw: _event_page(request, event_id, **kw),
        _("The event was changed."),
    )
    return response or redirect("relations:event", event_id=event_id)


def _missions(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.missions_visible(me(request))[:500]
    return _list_page(
        request, "relations/missions.html", rows, "mission_form", f.MissionForm(), **kwargs
    )


@requires("relations.view")
def relations_missions(request: HttpRequest) -> HttpResponse:
    return _missions(request)


@requires("relations.manage")
@require_POST
def relations_mission_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    made, response = step(
        request,
        f.MissionForm(request.POST),
        "mission_form",
        lambda data: services.mission_create(by=user, **data),
        lambda **kw: _missions(request, **kw),
        _("The mission was set up."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:mission", mission_id=made.pk)


def _mission_page(
    request: HttpRequest,
    mission_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    mission = _found(selectors.mission_of, user, mission_id)
    context: dict[str, Any] = {
        "mission": mission,
        "can_manage": user.can("relations.manage"),
        "member_form": f.MemberForm(),
        "report_form": f.ReportForm(initial={"report_date": timezone.localdate()}),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/mission.html", context, status=status)


@requires("relations.view")
def relations_mission(request: HttpRequest, mission_id: int) -> HttpResponse:
    return _mission_page(request, mission_id)


def _mission_step(
    request: HttpRequest,
    mission_id: int,
    form: forms.Form,
    name: str,
    act: Callable[[Any, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    user = me(request)
    mission = _found(selectors.mission_of, user, mission_id)
    _result, response = step(
        request,
        form,
        name,
        lambda data: act(mission, data),
        lambda **kw: _mission_page(request, mission_id, **kw),
        done,
    )
    return response or redirect("relations:mission", mission_id=mission_id)


@requires("relations.manage")
@require_POST
def relations_mission_member(request: HttpRequest, mission_id: int) -> HttpResponse:
    user = me(request)

    def act(mission: Any, data: dict[str, Any]) -> Any:
        member = None
        if data["user"]:
            member = User.objects.filter(username=data["user"], is_active=True).first()
            if member is None:
                raise NotFoundError(_("There is no such user."), code="no_such_user")
        return services.mission_member_add(
            mission=mission,
            user=member,
            name=data["name"],
            state=data["state"],
            is_head=data["is_head"],
            by=user,
        )

    return _mission_step(
        request,
        mission_id,
        f.MemberForm(request.POST),
        "member_form",
        act,
        _("The member was added."),
    )


@requires("relations.manage")
@require_POST
def relations_mission_report(request: HttpRequest, mission_id: int) -> HttpResponse:
    user = me(request)
    return _mission_step(
        request,
        mission_id,
        f.ReportForm(request.POST, request.FILES),
        "report_form",
        lambda mission, data: services.mission_report_submit(mission=mission, by=user, **data),
        _("The report was filed."),
    )


@requires("relations.view")
def relations_mission_report_file(request: HttpRequest, mission_id: int) -> FileResponse:
    """The file of the mission's report, for those who may see the mission."""
    mission = _found(selectors.mission_of, me(request), mission_id)
    if not mission.report_file:
        raise Http404(_("The report has no file."))
    name = (mission.report_file.name or "report").rsplit("/", 1)[-1]
    return FileResponse(mission.report_file.open("rb"), as_attachment=True, filename=name)


# --- the protocol schedule (SEC-PROTOCOL) -------------------------------------------------------


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
    response = schedule_ics(found.user)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


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
    engagement = _found(selectors.engagement_of, user, engagement_id)
    initial = {
        "starts_at": timezone.localtime(engagement.starts_at),
        "ends_at": timezone.localtime(engagement.ends_at),
        "counterpart": engagement.counterpart,
        "place": engagement.place,
        "kind": engagement.kind,
        "notes": engagement.notes,
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
    engagement = _found(selectors.engagement_of, user, engagement_id)
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
