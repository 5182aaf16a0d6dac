"""The shapes of the meetings API (/api/meetings/): what it returns and what it accepts."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from secretariat.core.schemas import Day, columns
from secretariat.meetings.models import Meeting


class SubjectOut(Schema):
    text: str = Field(description="The subject in your language, or in another one if pending.")
    lang: str = Field(description="The language of text: en, ru or zh.")
    pending: bool = Field(description="Text stands in for your language: translation pending.")
    en: str
    ru: str
    zh: str


class TranslatedOut(Schema):
    text: str = Field(description="In your language, or in another one if pending.")
    lang: str = Field(description="The language of text: en, ru or zh.")
    pending: bool = Field(description="Text stands in for your language: translation pending.")
    en: str
    ru: str
    zh: str


class MeetingOut(Schema):
    id: int
    body: str = Field(description="The body's code (bcb, cmfa, ...).")
    kind: str = Field(description="The procedure of procedures.yaml and workflows.yaml.")
    extraordinary: bool
    state: str
    state_name: str = Field(description="The state's name in the caller's language.")
    title: str
    subject: SubjectOut | None = Field(description="What the meeting is about, if given.")
    date_start: Day
    date_end: Day
    venue_city: str = Field(
        description="The city in your language, or in another one if venue.pending (kept for "
        "old callers; read venue)."
    )
    venue: TranslatedOut | None = Field(description="The city in en, ru and zh, if decided.")
    venue_state: str | None = Field(description="The host state's code.")
    version: int = Field(description="Pass it as expected_version to act on this view.")


class DeadlineOut(Schema):
    rule_id: str
    source: str = Field(description="Where the rule comes from: file and paragraph.")
    due: Day
    anchor: str = Field(description="What the date counts from.")
    anchor_date: Day
    action: str = Field(description="What must be done, in the caller's language.")
    actor: str = Field(description="Who acts: a code of actors.yaml.")
    actor_name: str
    warnings: list[str]
    done_at: dt.datetime | None
    done_on: Day | None = Field(
        None, description="The day the step was taken (at the acting seat, or of the fact named)."
    )
    late: bool = Field(False, description="Taken after its latest day (recorded as late).")
    timing: str = Field("", description="The timing verdict: on time or late, with the rule.")
    overdue: bool = Field(False, description="Still open after its latest day.")


class StepOut(Schema):
    event: str
    name: str
    target: str
    target_name: str
    rules: list[str]
    needs_reason: bool = Field(False, description="Send a reason: the step ends or stops it.")
    date_event: str = Field(
        "", description="The fact whose day the step needs (send it as `on`), if any."
    )
    date_label: str = ""


class TransitionOut(Schema):
    at: dt.datetime
    by: str
    event: str
    name: str
    from_state: str
    to_state: str
    summary: str = Field(description="The verdict that allowed the step, in the caller's language.")
    rules: list[str]
    checks: list[str] = Field(description="What each guard found then (the quorum counted, ...).")
    reason: str = Field("", description="The reason given (a refusal, a cancellation...).")
    timing: list[str] = Field(
        default_factory=list, description="Each deadline the step kept: on time or late."
    )
    late: bool = False
    on: Day | None = Field(None, description="The day of the step at the acting seat.")


class InitiativeOut(Schema):
    code: str
    name: str
    joined: bool = Field(description="Joined by the delegation itself (only named otherwise).")
    sent_on: Day | None = Field(description="The day it sent its appeal or letter.")
    withdrawn: bool
    reason: str = Field(description="Why it withdrew, if it did.")


class ConsentOut(Schema):
    state: str
    answer: bool | None = Field(description="true: consents; false: refuses; null: no answer yet.")


class EventOut(Schema):
    event: str
    date: Day


class ProposalOut(Schema):
    id: int
    delegation: str
    delegation_name: str
    title: str = Field(description="In your language, or another one if title_pending.")
    titles: dict[str, str] = Field(description="The title in en, ru, zh ('' where not given).")
    title_lang: str = Field(description="The language of title (its HTML lang: en, ru, zh-Hans).")
    title_pending: bool
    text: str
    materials: list[str]
    submitted_at: dt.datetime
    circulated: bool = Field(description="Sent to every member with the agenda.")
    additional: bool = Field(description="For an additional item the Chair adds in session.")


class PositionOut(Schema):
    delegation: str
    delegation_name: str
    position: str = Field(description="support, object, abstain or absent.")
    position_name: str


class MaterialOut(Schema):
    id: int = Field(description="The document's id in the documents app.")
    title: str


class ItemOut(Schema):
    number: int
    title: str = Field(description="In your language, or another one if title_pending.")
    added_by_chair: bool
    proposed_by: str | None
    decided_at: dt.datetime | None
    adopted: bool
    decision: str = Field(description="The consensus verdict, in the caller's language.")
    positions: list[PositionOut]
    titles: dict[str, str] = Field(description="The title in en, ru, zh ('' where pending).")
    title_pending: bool
    starts_at: dt.datetime | None
    duration_minutes: int | None
    speakers: list[str]
    materials: list[MaterialOut] = Field(description="The attached documents you may see.")


class AttendanceOut(Schema):
    delegation: str
    delegation_name: str
    members_present: int
    chair_present: bool


class SignatureOut(Schema):
    delegation: str
    delegation_name: str
    signed_by: str
    signed_at: dt.datetime
    as_authorised_member: bool
    capacity: str = Field(description="Head of the part, or its authorised Board member.")
    pdf_sha256: str = Field(description="SHA-256 of the minutes PDF signed.")


class DistributionOut(Schema):
    delegation: str
    delegation_name: str
    method: str = Field(description="handed (at the meeting) or sent (afterwards).")
    sent_on: Day
    late: bool = Field(description="After the rule's latest day (recorded, not refused).")
    pdf_sha256: str = Field(description="SHA-256 of the minutes PDF that was distributed.")


class InvitationOut(Schema):
    id: int
    name: str
    capacity: str
    delegation: str | None
    delegation_name: str
    needs_agreement: bool = Field(description="The Board: agreed with the Chair or Deputy.")
    agreed_by: str
    agreed_as: str = Field(
        description="chair or deputy, once agreed; by_right when no agreement is needed."
    )
    ground: str = Field(
        description="On what ground the person is invited: partner (a partner state), by_right "
        "(the SCO Secretariat on the Board), invited (another delegation), guest (a person in "
        "a personal capacity)."
    )
    rules: list[str] = Field(description="The rules the invitation was checked against.")


class MeetingDetailOut(MeetingOut):
    procedure: str
    deadlines: list[DeadlineOut]
    next_steps: list[StepOut]
    history: list[TransitionOut]
    initiators: list[str] = Field(description="Codes of the delegations that joined.")
    initiatives: list[InitiativeOut] = Field(
        default_factory=list, description="Every delegation named, joined or not."
    )
    overdue: int = Field(0, description="Open deadlines past their latest day.")
    consents: list[ConsentOut]
    events: list[EventOut]
    proposals: list[ProposalOut] = Field(description="The agenda proposals you may see.")
    agenda: list[ItemOut] = Field(description="The agenda items you may see, in order.")
    attendance: list[AttendanceOut]
    quorum: str = Field(description="The quorum as counted now, where the procedure has one.")
    quorate: bool | None
    signatures: list[SignatureOut]
    distribution: list[DistributionOut]
    undistributed: list[str] = Field(description="Recipients still without the minutes.")
    minutes_ready: bool = Field(description="The minutes PDF can be had (the meeting closed).")
    invitations: list[InvitationOut] = Field(description="Invited persons beside the members.")
    minutes_to_sign_sha256: str = Field(
        description="SHA-256 of the minutes every part signs (frozen at conclusion), or ''."
    )
    minutes_missing: str = Field(
        "",
        description="Why the minutes cannot be signed yet: what has no Russian or Chinese text "
        "(POST …/translations gives it), or ''.",
    )


class YearPlanOut(Schema):
    outcome: str = Field(description="enough, short (a warning) or no_rule.")
    message: str
    rules: list[str]
    warnings: list[str] = Field(
        default_factory=list,
        description="A plan short of its rule; a second regular Board meeting in the year.",
    )


class PlannedOut(Schema):
    meeting: MeetingDetailOut
    year_plan: YearPlanOut


@columns(Meeting)
class ExtraordinaryIn(Schema):
    body: str = Field(description="The body's code; its extraordinary procedure applies.")
    initiators: list[str] = Field(description="Codes of the initiating delegations.")
    proposed_start: Day
    proposed_end: Day | None = None
    venue_city: str = Field(
        "",
        max_length=200,
        description=(
            "The city in one language (old field): a city of the reference data gets its three "
            "names, other text goes to the language its letters show, else to yours. Prefer "
            "venue_city_ru/_zh/_en."
        ),
    )
    venue_city_ru: str = Field("", max_length=200, description="The city in Russian.")
    venue_city_zh: str = Field("", max_length=200, description="The city in Chinese.")
    venue_city_en: str = Field("", max_length=200, description="The city in English.")
    venue_state: str | None = Field(None, description="The host state's code.")
    subject_en: str = Field("", max_length=500, description="What the meeting is about.")
    subject_ru: str = Field("", max_length=500)
    subject_zh: str = Field("", max_length=500)
    sent_on: Day | None = Field(
        None,
        description=(
            "The day your delegation sent its appeal or letter (today at its seat by default; "
            "never a day still to come). Your delegation joins the initiative; every other "
            "initiator named joins it itself."
        ),
    )


class JoinIn(Schema):
    sent_on: Day | None = Field(
        None, description="The day your delegation sent its appeal or letter (default: today)."
    )
    expected_version: int | None = None


class WithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, description="Told to the other initiators.")
    expected_version: int | None = None


@columns(Meeting)
class RegularIn(Schema):
    body: str
    kind: str = Field(description="A regular procedure: bcb-regular, sco-meeting.")
    start: Day
    end: Day | None = None
    venue_city: str = Field(
        "",
        max_length=200,
        description=(
            "The city in one language (old field): a city of the reference data gets its three "
            "names, other text goes to the language its letters show, else to yours. Prefer "
            "venue_city_ru/_zh/_en."
        ),
    )
    venue_city_ru: str = Field("", max_length=200, description="The city in Russian.")
    venue_city_zh: str = Field("", max_length=200, description="The city in Chinese.")
    venue_city_en: str = Field("", max_length=200, description="The city in English.")
    venue_state: str | None = None
    subject_en: str = Field("", max_length=500, description="What the meeting is about.")
    subject_ru: str = Field("", max_length=500)
    subject_zh: str = Field("", max_length=500)


class EventIn(Schema):
    event: str = Field(
        max_length=40, description="An event of the procedure: received, informed, last_reply."
    )
    date: Day
    expected_version: int | None = None


class TransitionIn(Schema):
    event: str = Field(
        max_length=40, description="A step the current state offers (see next_steps)."
    )
    expected_version: int = Field(description="The version you acted on; stale -> 409.")
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "What is not stored yet: present and parts (quorum), positions (a decision), "
            "unsigned (the minutes). The meeting's own rows win over these."
        ),
    )
    reason: str = Field(
        "",
        max_length=2000,
        description="Why: required to refuse, decline or cancel; kept and sent to those concerned.",
    )
    on: Day | None = Field(
        None,
        description=(
            "The day of the fact the step needs (e.g. the day the appeal was received), "
            "recorded with it; never a day still to come."
        ),
    )


class RescheduleIn(Schema):
    start: Day
    end: Day | None = None
    expected_version: int | None = None


class ProposalIn(Schema):
    title: str = Field(
        "",
        max_length=300,
        description=(
            "The title in one language (old field): put in the language its letters show, "
            "else in yours. Prefer title_ru/_zh/_en; at least one is required."
        ),
    )
    title_ru: str = Field("", max_length=300)
    title_zh: str = Field("", max_length=300)
    title_en: str = Field("", max_length=300)
    text: str = ""
    materials: list[str] = Field(default_factory=list, description="Titles or references.")
    expected_version: int | None = None


class ProposalReceivedIn(ProposalIn):
    delegation: str = Field(description="The proposing delegation's code.")
    received_on: Day = Field(description="The day the proposal reached the Secretariat.")


class VersionIn(Schema):
    expected_version: int | None = None


class CirculateIn(VersionIn):
    cnc_consent: bool | None = Field(
        None, description="Whether the CNC consented, where SEC-CIRCULATE-CNC asks it."
    )


class ChairItemIn(VersionIn):
    title_en: str = Field("", max_length=300, description="Default: the proposal's title.")
    title_ru: str = Field("", max_length=300)
    title_zh: str = Field("", max_length=300)
    proposed_by: str | None = Field(None, description="The delegation that asked for it.")
    proposal: int | None = Field(None, description="A proposal for an additional item (its id).")


class AttendanceIn(VersionIn):
    members_present: int = Field(ge=0)
    chair_present: bool | None = Field(
        None, description="Whether the head of the part is present (default: if anyone is)."
    )


class PositionIn(VersionIn):
    position: Literal["support", "object", "abstain"]


class DistributionIn(VersionIn):
    sent_on: Day | None = Field(None, description="Default: today.")
    method: Literal["handed", "sent"] = "sent"
    delegations: list[str] | None = Field(
        None, description="Recipients' codes; default: every recipient not recorded yet."
    )


class InvitationIn(VersionIn):
    name: str = Field(min_length=1, max_length=200)
    capacity: str = Field(
        "",
        max_length=300,
        description="Position and organisation; required for a guest (no delegation).",
    )
    delegation: str | None = Field(
        None,
        description="The delegation represented: the SCO Secretariat, the Business Council "
        "Secretariat, RATS or a partner state whose status opens the body's meetings; none "
        "for a guest in a personal capacity.",
    )


class VerdictOut(Schema):
    outcome: str
    ok: bool
    summary: str
    rules: list[str]
    facts: dict[str, Any]


class DecisionOut(Schema):
    adopted: bool
    verdict: VerdictOut
    meeting: MeetingDetailOut


class ConsentIn(Schema):
    answer: Literal["yes", "no"] = Field(description="Your own member state's answer.")
    expected_version: int | None = None


class AgendaItemIn(VersionIn):
    """An item of the agenda being prepared: a title in one to three languages."""

    title_en: str = Field("", max_length=300)
    title_ru: str = Field("", max_length=300)
    title_zh: str = Field("", max_length=300)
    starts_at: dt.datetime | None = Field(None, description="Within the meeting's days.")
    duration_minutes: int | None = Field(None, ge=1, le=720)
    speakers: list[str] = Field(default_factory=list, max_length=12)
    materials: list[int] = Field(
        default_factory=list, max_length=30, description="Ids of documents you may see."
    )


class ItemMoveIn(VersionIn):
    direction: Literal["up", "down"]


class SignIn(VersionIn):
    pdf_sha256: str = Field(
        min_length=64,
        max_length=64,
        description="SHA-256 of the minutes you reviewed (GET …/minutes/to-sign.pdf).",
    )


# --- the national parts' replies to an extraordinary Board meeting -------------------------


class ReplyIn(VersionIn):
    answer: Literal["agree", "object", "comments"] = Field(
        description="Your own national part's answer: agree, object, or comments only."
    )
    text: str = Field(description="The reply as written (at most 4000 characters).")
    language: Literal["en", "ru", "zh"] | None = Field(
        None, description="The language the text is written in (your account's by default)."
    )


class ReplyOut(Schema):
    delegation: str
    part_name: str
    answer: str
    answer_label: str = Field(description="The answer in the caller's language.")
    text: str = Field(description="As written, in ``language``.")
    language: str
    sent_on: Day
    due: Day | None = Field(description="The reply deadline when it was sent.")
    late: bool
    timing: str = Field(description="On time or late, citing the rule, in the caller's language.")
    amended: bool
    relayed: bool


class RepliesOut(Schema):
    asked: bool = Field(description="Whether the meeting's procedure asks the parts to reply.")
    open: bool = Field(description="Whether parts may reply (or amend) now.")
    due: Day | None
    rules: list[str]
    relayed: bool = False
    can_reply: bool = False
    unreplied: list[str] = Field(
        default_factory=list, description="Parts not replied yet, by name (the BC Secretariat)."
    )
    replies: list[ReplyOut]


class ItemTitleIn(Schema):
    number: int = Field(ge=1, description="The item's number on the agenda.")
    title_ru: str = Field("", max_length=300)
    title_zh: str = Field("", max_length=300)
    title_en: str = Field("", max_length=300)


class TranslationsIn(VersionIn):
    """The languages still empty of the venue and of agenda items' titles."""

    venue_city_ru: str = Field("", max_length=200)
    venue_city_zh: str = Field("", max_length=200)
    venue_city_en: str = Field("", max_length=200)
    items: list[ItemTitleIn] = Field(default_factory=list, max_length=200)
