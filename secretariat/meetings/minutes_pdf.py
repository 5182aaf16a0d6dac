"""The minutes of a meeting, drafted from the outcomes recorded in it, as a PDF.

The minutes exist once the meeting is closed (its ``conclude`` step). They hold the body,
dates and venue, who attended and the quorum as found at the opening, every agenda item
with its decision and each national part's position, and the signatures. They are written
in the SCO's working languages (authentic texts: Russian and Chinese, per the reference
data) and in English (a translation), one part per language, by typst with the Noto CJK
font from PyPI (``noto-cjk-sans-otc``): nothing is downloaded and no system font is needed.

The PDF is PDF/A-2b (ISO 19005-2, level B), for archiving: typst embeds the fonts, an sRGB
output intent and XMP metadata that agrees with the Info dictionary. It is deterministic:
the same recorded outcomes give the same bytes (its timestamp is the last recorded fact), so
the SHA-256 kept at distribution proves which text was sent.

The text the national parts sign is frozen when the meeting concludes (``minutes_freeze``,
called by the ``conclude`` step): the minutes without signatures, kept byte for byte in
``MinutesText``, so every part reviews and signs the same PDF and each signature pins its
SHA-256. The final minutes add the signatures (name, capacity, part, day) and that SHA-256.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import noto_cjk_sans_otc
import typst
import yaml
from babel.dates import format_date
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.core.lang import DJANGO_LANGUAGE
from secretariat.core.translated import in_language, texts_of
from secretariat.meetings.forms import POSITION_LABELS
from secretariat.meetings.languages import marked
from secretariat.meetings.models import Meeting, MinutesSignature, MinutesText
from secretariat.procedure.text import Lang, parse_lang

TEMPLATE = Path(__file__).with_name("minutes.typ")
#: The archival standard typst writes to: PDF/A-2b (ISO 19005-2, level B).
PDF_STANDARD: Final = "a-2b"
REFERENCE_FILE = Path(__file__).resolve().parents[1] / "reference_data" / "sco.yaml"
#: Django's language code for each engine language, and Babel's locale.
BABEL_LOCALE: dict[Lang, str] = {"en": "en_GB", "ru": "ru", "zh": "zh_Hans_CN"}
#: The step after which the minutes can be drafted.
CONCLUDE = "conclude"


@dataclass(frozen=True, slots=True)
class MinutesLanguage:
    lang: Lang
    #: Authentic text (a working language of the SCO) or a translation.
    authentic: bool


@functools.cache
def minutes_languages() -> tuple[MinutesLanguage, ...]:
    """The working languages of the SCO (authentic), then English (a translation)."""
    with REFERENCE_FILE.open(encoding="utf-8") as handle:
        working = [str(x["code"]) for x in yaml.safe_load(handle)["languages"]["working"]]
    langs: list[MinutesLanguage] = [
        MinutesLanguage(parse_lang(lang), True) for lang in working if lang in DJANGO_LANGUAGE
    ]
    if "en" not in working:
        langs.append(MinutesLanguage("en", False))
    return tuple(langs)


def minutes_ready(meeting: Meeting) -> bool:
    """Whether the meeting was closed, so its minutes can be drafted."""
    return meeting.transitions.filter(event=CONCLUDE).exists()


def _day(day: dt.date, lang: Lang) -> str:
    return str(format_date(day, format="long", locale=BABEL_LOCALE[lang]))


def _as_of(meeting: Meeting, signed: bool = True) -> dt.datetime:
    """The time of the last fact the minutes show: their timestamp, for identical bytes.

    ``signed``: the minutes with their signatures; else the text as concluded."""
    times = [meeting.transitions.filter(event=CONCLUDE).aggregate(t=Max("at"))["t"]]
    if signed:
        times.append(meeting.signatures.aggregate(t=Max("signed_at"))["t"])
    found: list[dt.datetime] = [t for t in times if t is not None]
    return max(found).astimezone(dt.UTC).replace(microsecond=0)


def _shown_title(item: Any, lang: Lang) -> str:
    """An item's title in ``lang``, or another language's marked as pending translation."""
    return marked(item, "title", lang)


def signature_capacity(signature: MinutesSignature) -> str:
    """In what capacity the signatory signed for their part, in the active language."""
    if signature.as_authorised_member:
        return _("Board member authorised to sign in the head's absence")
    return _("Head of the national part")


def _signatures(meeting: Meeting, lang: Lang) -> list[dict[str, str]]:
    return [
        {
            "party": s.delegation.name,
            "by": s.signed_by.get_full_name() or s.signed_by.get_username(),
            "capacity": signature_capacity(s),
            "on": _day(timezone.localdate(s.signed_at), lang),
        }
        for s in meeting.signatures.select_related("delegation", "signed_by").order_by(
            "signed_at", "delegation__code"
        )
    ]


def _part(meeting: Meeting, language: MinutesLanguage, signed: bool) -> dict[str, Any]:
    """One language's part of the minutes.

    The active Django language is ``lang``'s, so names and titles (``.name``, ``.title``)
    come in it, falling back to English as everywhere else.
    """
    lang = language.lang
    dates = _day(meeting.date_start, lang)
    if meeting.date_end != meeting.date_start:
        dates = f"{dates} – {_day(meeting.date_end, lang)}"
    state = meeting.venue_state.name if meeting.venue_state else ""
    venue = ", ".join(x for x in (marked(meeting, "venue_city", lang), state) if x)
    # The quorum as counted when the meeting was opened (recorded with the step).
    opening = meeting.transitions.filter(event="open_session").order_by("at", "pk").first()
    checks = opening.verdict.get(lang, {}).get("checks", []) if opening else []
    quorum = " ".join(str(c["summary"]) for c in checks if c.get("guard") == "quorate")
    attendance = [
        {
            "party": a.delegation.name,
            "members": a.members_present,
            "head": _("yes") if a.chair_present else _("no"),
        }
        for a in meeting.attendance.select_related("delegation")
    ]
    items = []
    for item in meeting.agenda_items.prefetch_related("positions__delegation").select_related(
        "proposed_by", "from_proposal__owner_delegation"
    ):
        notes = []
        if item.added_by_chair:
            notes.append(_("added by the Chair"))
        if item.from_proposal is not None:
            notes.append(
                _("proposed by %(party)s") % {"party": item.from_proposal.owner_delegation.name}
            )
        elif item.proposed_by is not None:
            notes.append(_("proposed by %(party)s") % {"party": item.proposed_by.name})
        if item.decided_at is not None and item.decision.get(lang):
            outcome = str(item.decision[lang]["summary"])
        else:
            outcome = _("No decision was taken on this item.")
        items.append(
            {
                "number": item.number,
                "title": _shown_title(item, lang),
                "note": "; ".join(notes),
                "outcome": outcome,
                "positions": [
                    {
                        "party": p.delegation.name,
                        "position": str(POSITION_LABELS.get(p.position, p.position)),
                    }
                    for p in item.positions.all()
                ],
            }
        )
    signatures = _signatures(meeting, lang) if signed else []
    signed_text = ""
    if signatures:
        frozen = MinutesText.objects.filter(meeting=meeting).values_list("pdf_sha256", flat=True)
        if digest := frozen.first():
            signed_text = _("The parts signed the text whose SHA-256 is %(digest)s.") % {
                "digest": digest
            }
    subject = in_language(texts_of(meeting, "subject"), lang)
    return {
        "lang": "zh" if lang == "zh" else lang,
        "region": "cn" if lang == "zh" else None,
        "status": _("Authentic text") if language.authentic else _("Translation"),
        "heading": _("Minutes"),
        "title": meeting.title,
        "body": meeting.body.name,
        "subject": (subject.text + (f" ({_('translation pending')})" if subject.pending else ""))
        if subject
        else "",
        "dates": dates,
        # The body, the first day and the meeting's number, in the part's language.
        "footer": _("%(body)s · %(day)s · No. %(number)s")
        % {"body": meeting.body.name, "day": _day(meeting.date_start, lang), "number": meeting.pk},
        "venue": venue or "—",
        "attendance": attendance,
        "no_attendance": _("Attendance is not recorded for meetings of this body."),
        "quorum": quorum,
        "items": items,
        "no_items": _("The agenda holds no items."),
        "signatures": signatures,
        "signed_text": signed_text,
        "labels": {
            "subject": _("Subject"),
            "capacity": _("Capacity"),
            "body": _("Body"),
            "dates": _("Date") if meeting.date_end == meeting.date_start else _("Dates"),
            "venue": _("Venue"),
            "attendance": _("Attendance"),
            "party": _("Delegation"),
            "members_present": _("Members present"),
            "head_present": _("Head present"),
            "agenda": _("Agenda and decisions"),
            "signatures": _("Signatures"),
            "signed_by": _("Signed by"),
            "signed_on": _("Signed on"),
        },
    }


def minutes_data(meeting: Meeting, *, signed: bool = True) -> dict[str, Any]:
    """Everything the minutes show, as JSON-ready data: one part per language.

    ``signed``: with the signatures recorded (the final minutes); else the text as it stood
    when the meeting concluded, which the parts sign."""
    parts = []
    for language in minutes_languages():
        with translation.override(DJANGO_LANGUAGE[language.lang]):
            parts.append(_part(meeting, language, signed))
    return {
        "document_title": f"{meeting.title_en} — minutes",
        "author": "SCO Secretariat",
        "parts": parts,
    }


def minutes_pdf(meeting: Meeting, *, signed: bool = True) -> bytes:
    """The minutes as a PDF, the same bytes for the same recorded outcomes (``signed``: with
    the signatures; else the text the parts sign)."""
    data = json.dumps(minutes_data(meeting, signed=signed), ensure_ascii=False, sort_keys=True)
    font_dir = Path(str(noto_cjk_sans_otc.FONT_PATH)).parent
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[font_dir],
        sys_inputs={"data": data},
        timestamp=_as_of(meeting, signed),
        ignore_system_fonts=True,
        pdf_standards=[PDF_STANDARD],
    )
    assert isinstance(pdf, bytes)  # noqa: S101  # no output path: typst returns the bytes
    return pdf


def minutes_sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def minutes_freeze(meeting: Meeting) -> MinutesText:
    """The text the parts sign, rendered once when the meeting concluded and kept.

    Called by the ``conclude`` step; a meeting concluded before the text was kept gets it on
    first use (from the same rows, stamped with the time it concluded).
    """
    found = MinutesText.objects.filter(meeting=meeting).first()
    if found is not None:
        return found
    pdf = minutes_pdf(meeting, signed=False)
    try:
        with transaction.atomic():
            return MinutesText.objects.create(
                meeting=meeting,
                pdf=pdf,
                pdf_sha256=minutes_sha256(pdf),
                frozen_at=timezone.now(),
            )
    except IntegrityError:
        # Another request kept it first: the same rows gave the same bytes.
        return MinutesText.objects.get(meeting=meeting)
