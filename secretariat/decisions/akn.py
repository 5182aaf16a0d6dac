"""A decision as an Akoma Ntoso statement: the adopted document's text when there is one,
else the decision's title and the consensus recorded at the meeting."""

from __future__ import annotations

from secretariat.akn.export import to_akn
from secretariat.akn.model import AknError, AknWork, StatementText
from secretariat.core.errors import NotFoundError
from secretariat.decisions.models import Decision
from secretariat.documents.presenters import document_statement
from secretariat.meetings.akn import meeting_info, party_of, positions_of
from secretariat.procedure.text import LANGS, parse_lang


def decision_statement(decision: Decision) -> StatementText:
    """The decision as the statement shape of secretariat.akn.model."""
    if decision.document is not None:
        return document_statement(decision.document)  # type: ignore[no-any-return]
    titles = {
        "en": decision.title_en,
        "ru": decision.title_ru or decision.title_en,
        "zh": decision.title_zh or decision.title_en,
    }
    consensus: dict[str, str] = {
        lang: str(decision.consensus.get(lang) or titles[lang]) for lang in LANGS
    }
    work = AknWork(
        kind="statement",
        name="decision",
        body=party_of(decision.body),
        date=decision.adopted_on,
        number=decision.number,
        titles=titles,
    )
    return StatementText(
        work=work,
        paragraphs=(titles, consensus),
        meeting=meeting_info(decision.meeting),
        positions=positions_of(decision.agenda_item),
    )


def decision_akn(decision: Decision, lang: str) -> bytes:
    """One language expression of the decision (ru, zh, en) as Akoma Ntoso XML."""
    if lang not in LANGS:
        raise NotFoundError("There is no such language expression.", code="not_found")
    statement = decision_statement(decision)
    try:
        return to_akn(statement, parse_lang(lang))
    except AknError:
        raise NotFoundError("There is no such language expression.", code="not_found") from None
