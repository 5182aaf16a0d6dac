"""What is exported as Akoma Ntoso: plain, framework-free shapes, the contract with the system.

Whoever exports builds these from their own rows (``meetings.py`` does it for a meeting's
agenda and minutes) and hands them to ``export.to_akn``. Text that differs by language is a
mapping keyed by "en", "ru" and "zh" (``Texts``); everything else is str, int, bool, date
and tuples, so the shapes are built, compared and tested without a database.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

import yaml

from secretariat.procedure.text import Lang, parse_lang
from secretariat.reference_data import REFERENCE_FILE

#: The Akoma Ntoso document type: ``<statement>``, ``<debate>`` or ``<doc>``.
Kind = Literal["statement", "debate", "doc"]
#: A party's position on an item or a decision (as recorded by the meetings app).
Position = Literal["support", "object", "abstain", "absent"]
#: Text in the Secretariat's languages: {"en": ..., "ru": ..., "zh": ...}.
Texts = Mapping[str, str]

KINDS: tuple[Kind, ...] = get_args(Kind)
POSITIONS: tuple[Position, ...] = get_args(Position)
#: A segment of an IRI (the subtype, the body's code): lower case, no slash, no space.
_SEGMENT = re.compile(r"[a-z][a-z0-9_-]*")
#: The number segment: anything but a slash, a dot (the manifestation's format) or a space.
_NUMBER = re.compile(r"[^/.\s]+")


class AknError(ValueError):
    """The content cannot be exported as it is (a missing language, a mismatched kind...)."""


@dataclass(frozen=True, slots=True)
class Expression:
    """One language version of a work, and whether it is an authentic (authoritative) text."""

    lang: Lang
    authoritative: bool


@functools.cache
def sco_expressions() -> tuple[Expression, ...]:
    """The working languages of the SCO (authentic texts), then English (a translation)."""
    # Read from the reference data, as the minutes PDF does: which languages are authentic is
    # a fact with its sources there, not a choice of this package.
    with REFERENCE_FILE.open(encoding="utf-8") as handle:
        working = [str(x["code"]) for x in yaml.safe_load(handle)["languages"]["working"]]
    langs = [Expression(parse_lang(code), True) for code in working if code in ("ru", "zh", "en")]
    if "en" not in working:
        langs.append(Expression("en", False))
    return tuple(langs)


@dataclass(frozen=True, slots=True)
class Party:
    """An organisation a text names: a body, a member state, a national part, a Secretariat."""

    #: A stable code, the eId of its TLCOrganization: "cnc", "kz", "np-ru", "sco-secretariat".
    code: str
    names: Texts

    def __post_init__(self) -> None:
        if not self.code or any(c.isspace() for c in self.code) or "/" in self.code:
            raise AknError(f"party code {self.code!r}: no spaces or slashes")


@dataclass(frozen=True, slots=True)
class AknWork:
    """The work (one text in every language) and what names it in its IRI."""

    kind: Kind
    #: The subtype: "decision", "declaration", "minutes", "agenda"; the ``name`` attribute too.
    name: str
    #: The body that adopts the text or holds the meeting; its code is the IRI's actor.
    body: Party
    #: The date of adoption, or of the meeting's first day.
    date: dt.date
    #: The number of the document, or another string that tells it from the body's others
    #: of that day (the meeting's id for its agenda and minutes).
    number: str
    titles: Texts
    #: The language versions; by default those of the reference data (ru, zh authentic; en not).
    expressions: tuple[Expression, ...] = field(default_factory=sco_expressions)
    #: The date of this version of the texts; None for the original version.
    version: dt.date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AknError(f"kind {self.kind!r}: expected one of {', '.join(KINDS)}")
        for what, value, pattern in (
            ("name", self.name, _SEGMENT),
            ("body code", self.body.code, _SEGMENT),
            ("number", self.number, _NUMBER),
        ):
            if not pattern.fullmatch(value):
                raise AknError(f"{what} {value!r} cannot be a segment of an IRI")
        langs = [e.lang for e in self.expressions]
        if not langs or len(set(langs)) != len(langs):
            raise AknError(f"expressions {langs}: at least one, each language once")

    def expression(self, lang: str) -> Expression:
        """The expression in ``lang``, or AknError when the work has none in it."""
        for expression in self.expressions:
            if expression.lang == lang:
                return expression
        raise AknError(f"{self.name} {self.number}: no expression in {lang!r}")


@dataclass(frozen=True, slots=True)
class AknUris:
    """The IRIs of one expression of a work, for the databank and the API."""

    work: str
    expression: str
    manifestation: str


@dataclass(frozen=True, slots=True)
class MeetingInfo:
    """The meeting a text comes from (its body is the work's)."""

    titles: Texts
    date_start: dt.date
    date_end: dt.date
    #: City and state, per language; empty when unknown.
    venue: Texts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PartyPosition:
    party: Party
    position: Position

    def __post_init__(self) -> None:
        if self.position not in POSITIONS:
            raise AknError(f"position {self.position!r}: expected one of {', '.join(POSITIONS)}")


def _require_kind(work: AknWork, kind: Kind, shape: str) -> None:
    if work.kind != kind:
        raise AknError(f"{shape} is exported as <{kind}>, not <{work.kind}>")


@dataclass(frozen=True, slots=True)
class StatementText:
    """An adopted document (decision, declaration...), exported as ``<statement>``.

    The adopting body is ``work.body`` and the date of adoption ``work.date``.
    """

    work: AknWork
    #: The operative paragraphs, numbered from 1 in this order; each in every language.
    paragraphs: tuple[Texts, ...]
    preamble: Texts = field(default_factory=dict)
    #: The meeting that adopted it, if it was adopted at one.
    meeting: MeetingInfo | None = None
    #: The members' positions, when they are part of the record.
    positions: tuple[PartyPosition, ...] = ()

    def __post_init__(self) -> None:
        _require_kind(self.work, "statement", "an adopted document")
        if not self.paragraphs:
            raise AknError(f"{self.work.name} {self.work.number}: no paragraphs")


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    number: int
    titles: Texts


@dataclass(frozen=True, slots=True)
class AgendaText:
    """A meeting's agenda, exported as ``<doc name="agenda">``."""

    work: AknWork
    meeting: MeetingInfo
    items: tuple[AgendaEntry, ...]

    def __post_init__(self) -> None:
        _require_kind(self.work, "doc", "an agenda")


@dataclass(frozen=True, slots=True)
class Attendee:
    """A party present at the meeting, with what was counted of it where that is recorded."""

    party: Party
    members_present: int | None = None
    head_present: bool | None = None


@dataclass(frozen=True, slots=True)
class MinutesItem:
    """An agenda item as the minutes record it: positions stated and the outcome."""

    number: int
    titles: Texts
    #: The decision or its absence, in words (the consensus verdict's summary).
    outcome: Texts
    adopted: bool
    positions: tuple[PartyPosition, ...] = ()
    #: Where the item came from ("added by the Chair; proposed by ..."), if noted.
    notes: Texts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Signature:
    """The minutes signed for one party."""

    party: Party
    #: The signer's name as it is to appear.
    signer: str
    signed_on: dt.date
    #: Signed by an authorised member because the party's head was absent.
    authorised_member: bool = False


@dataclass(frozen=True, slots=True)
class MinutesText:
    """A meeting's minutes, exported as ``<debate name="minutes">``."""

    work: AknWork
    meeting: MeetingInfo
    attendance: tuple[Attendee, ...]
    items: tuple[MinutesItem, ...]
    signatures: tuple[Signature, ...] = ()
    #: The quorum as found at the opening, in words; empty where none is counted.
    quorum: Texts = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require_kind(self.work, "debate", "minutes")


#: Anything ``export.to_akn`` writes.
Content = StatementText | AgendaText | MinutesText
