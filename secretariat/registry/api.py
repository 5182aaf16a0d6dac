"""JSON API of the registry, mounted at /api/registry/.

Names come in the three languages at once (``{"en", "ru", "zh"}``). Every fact carries
its ``confidence`` and ``settled`` (false for low confidence, planned or future facts),
so a client never shows an unconfirmed fact as settled.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema, Status

from secretariat.core.access import ActionRouter
from secretariat.core.policy import PUBLIC
from secretariat.core.schemas import Day, ErrorOut
from secretariat.registry import selectors
from secretariat.registry.models import (
    Body,
    ChairmanshipTerm,
    CooperationDocument,
    CouncilMeeting,
    InternationalOrganisation,
    SecretaryGeneral,
    State,
    StateStatus,
)

router = ActionRouter(tags=["registry"])

StatusFilter = Literal["member", "partner", "observer", "dialogue_partner"]
Confidence = Literal["high", "medium", "low"]


class Names(Schema):
    en: str
    ru: str
    zh: str


class SourceOut(Schema):
    url: str
    note: str = ""


class StatusOut(Schema):
    status: str
    valid_from: Day | None
    valid_to: Day | None
    basis: str
    confidence: Confidence
    settled: bool


class StateOut(Schema):
    code: str
    alpha3: str
    name: Names
    official_name: Names
    #: The status held on the day asked for (today by default); null when none.
    status: str | None
    status_on: Day
    statuses: list[StatusOut]
    confidence: Confidence
    settled: bool
    #: In each language given ("" where not).
    notes: Names
    sources: list[SourceOut]


class SeatOut(Schema):
    state: str
    city: Names


class BodyOut(Schema):
    code: str
    kind: str
    name: Names
    abbreviation: Names
    parent: str | None
    state: str | None
    seat: SeatOut | None
    established: Day | None
    description: Names
    confidence: Confidence
    settled: bool
    sources: list[SourceOut]


class CouncilMeetingOut(Schema):
    body: str
    number: int | None
    date_start: Day | None
    date_end: Day | None
    city: Names | None
    host_state: str | None
    format: str
    held: bool
    planned: bool
    extraordinary: bool
    chaired_by: str
    chair_after: str | None
    chair_after_confidence: Confidence | None
    confidence: Confidence
    settled: bool
    #: In each language given ("" where not).
    notes: Names
    sources: list[SourceOut]


class ChairmanshipTermOut(Schema):
    state: str
    state_name: Names
    period: str
    valid_from: Day | None
    #: Null while the summit closing the term has no date.
    valid_to: Day | None
    opened_by_summit: int | None
    closed_by_summit: int | None
    confidence: Confidence
    settled: bool


class SecretaryGeneralOut(Schema):
    number: int
    name: Names
    nationality: str
    term_start: Day
    term_end: Day
    appointed: str
    title_note: str
    confidence: Confidence
    settled: bool
    sources: list[SourceOut]


class DocumentOut(Schema):
    title: Names
    date: Day | None
    date_text: str
    place: Names | None
    signatories: str
    signed_by_secretariat: bool
    confidence: Confidence
    settled: bool
    #: In each language given ("" where not).
    notes: Names
    sources: list[SourceOut]


class OrganisationOut(Schema):
    abbreviation: str
    name: Names
    confidence: Confidence
    settled: bool
    #: In each language given ("" where not).
    notes: Names
    sources: list[SourceOut]
    documents: list[DocumentOut]


@router.read(
    "/states", action=PUBLIC, response=list[StateOut], summary="Member states and partners"
)
def states_list(
    request: HttpRequest, status: StatusFilter | None = None, on: Day | None = None
) -> list[dict[str, Any]]:
    """All states, or those holding `status` on day `on` (default: today)."""
    day = on or selectors.today()
    states = (
        selectors.states_with_status_on(day=day, statuses=[status])
        if status
        else selectors.state_list()
    )
    return [_state(s, day) for s in states]


@router.read(
    "/states/{code}",
    action=PUBLIC,
    response={200: StateOut, 404: ErrorOut},
    summary="One state and its status history",
)
def states_get(request: HttpRequest, code: str, on: Day | None = None) -> Status[dict[str, Any]]:
    state = selectors.state_get(code=code)
    if state is None:
        return Status(404, _not_found(f"No state with code {code!r} in the registry."))
    return Status(200, _state(state, on or selectors.today()))


@router.read(
    "/bodies", action=PUBLIC, response=list[BodyOut], summary="Bodies of the SCO, parents first"
)
def bodies_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_body(node.body) for node in selectors.body_tree()]


@router.read(
    "/summits", action=PUBLIC, response=list[CouncilMeetingOut], summary="Council of Heads of State"
)
def summits_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Summits held and planned; each names the state chairing the SCO after it."""
    return [_meeting(m) for m in selectors.summits()]


@router.read(
    "/council-meetings",
    action=PUBLIC,
    response={200: list[CouncilMeetingOut], 404: ErrorOut},
    summary="Meetings of the councils (chs, chg, cmfa)",
)
def council_meetings_list(request: HttpRequest, body: str | None = None) -> Status[Any]:
    if body is not None and selectors.body_get(code=body) is None:
        return Status(404, _not_found(f"No body with code {body!r} in the registry."))
    return Status(200, [_meeting(m) for m in selectors.council_meetings(body_code=body)])


@router.read(
    "/chairmanship",
    action=PUBLIC,
    response={200: ChairmanshipTermOut, 404: ErrorOut},
    summary="The chairmanship term covering a day",
)
def chairmanship_get(request: HttpRequest, on: Day | None = None) -> Status[Any]:
    """The state chairing the SCO on day `on` (default: today)."""
    day = on or selectors.today()
    term = selectors.chair_on(day)
    if term is None:
        return Status(404, _not_found(f"No chairmanship term covers {day.isoformat()}."))
    return Status(200, _term(term))


@router.read(
    "/secretaries-general",
    action=PUBLIC,
    response=list[SecretaryGeneralOut],
    summary="Secretaries-General",
)
def secretaries_general_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_secretary_general(s) for s in selectors.secretaries_general()]


@router.read(
    "/organisations",
    action=PUBLIC,
    response=list[OrganisationOut],
    summary="Partner organisations and the documents signed with them",
)
def organisations_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_organisation(o) for o in selectors.organisations_with_documents()]


# --- rows to JSON -------------------------------------------------------------------------


def _names(obj: object, prefix: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{prefix}_{lang}") for lang in ("en", "ru", "zh")}


def _not_found(message: str) -> dict[str, str]:
    return {"code": "not_found", "message": message}


def _status(status: StateStatus) -> dict[str, Any]:
    return {
        "status": status.status,
        "valid_from": status.valid_from,
        "valid_to": status.valid_to,
        "basis": status.basis,
        "confidence": status.confidence,
        "settled": status.is_settled,
    }


def _state(state: State, day: Day) -> dict[str, Any]:
    current = state.status_on(day)
    return {
        "code": state.code,
        "alpha3": state.alpha3,
        "name": _names(state, "name"),
        "official_name": _names(state, "official_name"),
        "status": current.status if current else None,
        "status_on": day,
        "statuses": [_status(s) for s in state.statuses.all()],
        "confidence": state.confidence,
        "settled": state.is_settled,
        "notes": _names(state, "notes"),
        "sources": state.sources,
    }


def _body(body: Body) -> dict[str, Any]:
    seat = None
    if body.seat_state is not None:
        seat = {"state": body.seat_state.code, "city": _names(body, "seat_city")}
    return {
        "code": body.code,
        "kind": body.kind,
        "name": _names(body, "name"),
        "abbreviation": _names(body, "abbreviation"),
        "parent": body.parent.code if body.parent else None,
        "state": body.state.code if body.state else None,
        "seat": seat,
        "established": body.established,
        "description": _names(body, "description"),
        "confidence": body.confidence,
        "settled": body.is_settled,
        "sources": body.sources,
    }


def _meeting(meeting: CouncilMeeting) -> dict[str, Any]:
    return {
        "body": meeting.body.code,
        "number": meeting.number,
        "date_start": meeting.date_start,
        "date_end": meeting.date_end,
        "city": _names(meeting, "city") if meeting.city_en else None,
        "host_state": meeting.host_state.code if meeting.host_state else None,
        "format": meeting.format,
        "held": meeting.held,
        "planned": meeting.is_planned,
        "extraordinary": meeting.extraordinary,
        "chaired_by": meeting.chaired_by,
        "chair_after": meeting.chair_after.code if meeting.chair_after else None,
        "chair_after_confidence": meeting.chair_after_confidence or None,
        "confidence": meeting.confidence,
        "settled": meeting.is_settled,
        "notes": _names(meeting, "notes"),
        "sources": meeting.sources,
    }


def _term(term: ChairmanshipTerm) -> dict[str, Any]:
    return {
        "state": term.state.code,
        "state_name": _names(term.state, "name"),
        "period": term.period,
        "valid_from": term.valid_from,
        "valid_to": term.valid_to,
        "opened_by_summit": term.opened_by.number if term.opened_by else None,
        "closed_by_summit": term.closed_by.number if term.closed_by else None,
        "confidence": term.confidence,
        "settled": term.is_settled,
    }


def _secretary_general(sg: SecretaryGeneral) -> dict[str, Any]:
    return {
        "number": sg.number,
        "name": _names(sg, "name"),
        "nationality": sg.nationality.code,
        "term_start": sg.term_start,
        "term_end": sg.term_end,
        "appointed": sg.appointed,
        "title_note": sg.title_note,
        "confidence": sg.confidence,
        "settled": sg.is_settled,
        "sources": sg.sources,
    }


def _document(doc: CooperationDocument) -> dict[str, Any]:
    return {
        "title": {"en": doc.title, "ru": doc.title_ru, "zh": doc.title_zh},
        "date": doc.date,
        "date_text": doc.date_text,
        "place": {"en": doc.place, "ru": doc.place_ru, "zh": doc.place_zh} if doc.place else None,
        "signatories": doc.signatories,
        "signed_by_secretariat": doc.signed_by_secretariat,
        "confidence": doc.confidence,
        "settled": doc.is_settled,
        "notes": _names(doc, "notes"),
        "sources": doc.sources,
    }


def _organisation(org: InternationalOrganisation) -> dict[str, Any]:
    return {
        "abbreviation": org.abbreviation,
        "name": _names(org, "name"),
        "confidence": org.confidence,
        "settled": org.is_settled,
        "notes": _names(org, "notes"),
        "sources": org.sources,
        "documents": [_document(d) for d in org.documents.all()],
    }
