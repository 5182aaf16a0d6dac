"""JSON API of the rules engine: rules with their sources, and procedure timetables."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.responses import Status

from secretariat.core.access import ActionRouter
from secretariat.core.actor import caller_language
from secretariat.core.policy import PUBLIC
from secretariat.core.schemas import Day, ErrorOut
from secretariat.procedure.rules import Rule
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS, parse_lang
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference
from secretariat.rules import selectors

router = ActionRouter(tags=["rules"])


class QueryErrorOut(ErrorOut):
    #: The query parameter at fault, when the error is about one.
    field: str | None = None


class RuleOut(Schema):
    id: str
    body: str
    regulation: str
    #: The machine reference: seed file and paragraph.
    source: str
    #: The source as a reader cites it (document title and paragraph), in en, ru and zh.
    citation: dict[str, str]
    wording: dict[str, str]
    original: dict[str, str]
    parameters: dict[str, Any]
    effective_from: Day | None
    effective_to: Day | None


class ScheduleStepOut(Schema):
    rule: str
    action: str
    actor: str
    actor_code: str
    due: Day
    anchor: str
    anchor_date: Day
    calendar: str | None
    source: str
    #: The source as a reader cites it, in the caller's language.
    citation: str
    warnings: list[str]


class ViolationOut(Schema):
    rule: str
    message: str


class ScheduleOut(Schema):
    procedure: str
    title: str
    meeting_start: Day | None
    meeting_end: Day | None
    events: dict[str, Day]
    steps: list[ScheduleStepOut]
    violations: list[ViolationOut]
    #: Warnings about the procedure as a whole (a receipt after the latest sending day
    #: while the sending day is not recorded).
    warnings: list[ViolationOut] = []


def _rule_out(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "body": rule.body,
        "regulation": rule.regulation,
        "source": rule.cite(),
        "citation": {lang: rule.citation(lang) for lang in LANGS},
        "wording": rule.wording.as_dict(),
        "original": {"lang": rule.original_lang, "text": rule.original_text},
        "parameters": dict(rule.parameters),
        "effective_from": rule.effective_from,
        "effective_to": rule.effective_to,
    }


@router.read(
    "/", action=PUBLIC, response=list[RuleOut], summary="Every rule, with its source and wording"
)
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    book = selectors.rules_book()
    return [_rule_out(r) for r in selectors.rules_in_order(book)]


@router.read(
    "/procedures/{procedure}/schedule",
    action=PUBLIC,
    response={200: ScheduleOut, 400: QueryErrorOut},
    summary="The timetable of a procedure for a meeting (or a received original)",
)
def procedure_schedule(
    request: HttpRequest,
    procedure: str,
    meeting_start: Day | None = None,
    meeting_end: Day | None = None,
    received: Day | None = None,
    sent: Day | None = None,
    lang: str | None = None,
) -> Status[dict[str, Any]]:
    # ``lang`` asks for a language; without it, the caller's (its own, else Accept-Language).
    language = parse_lang(lang or caller_language(request))
    events = {k: v for k, v in (("sent", sent), ("received", received)) if v is not None}
    try:
        result = compute_schedule(
            selectors.rules_book(),
            reference(),
            procedure,
            meeting_start=meeting_start,
            meeting_end=meeting_end,
            events=events,
        )
    except InputError as exc:
        # An error about one input names its query parameter (the field's own name).
        return Status(400, {"code": exc.code, "message": exc.render(language), "field": exc.field})
    return Status(200, result.render(language))


@router.read(
    "/{rule_id}", action=PUBLIC, response={200: RuleOut, 404: QueryErrorOut}, summary="One rule"
)
def get_rule(request: HttpRequest, rule_id: str) -> Status[dict[str, Any]]:
    book = selectors.rules_book()
    rule = book.rules.get(rule_id)
    if rule is None:
        return Status(404, {"code": "not_found", "message": f"unknown rule id {rule_id!r}"})
    return Status(200, _rule_out(rule))
