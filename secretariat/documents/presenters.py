"""What the page and the API show of a document, assembled once for both."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from secretariat.accounts.models import User
from secretariat.core.translated import with_stand_ins
from secretariat.documents.models import (
    LANG_ORDER,
    AssessmentKind,
    Document,
    DocumentStatus,
    DocumentType,
    authentic_first,
)
from secretariat.documents.services import (
    assessments_missing,
    circulation_due,
    open_consultation,
)


def type_names(type_code: str) -> dict[str, str]:
    """The name of a document type in the three languages (for the certified copy)."""
    label = DocumentType(type_code).label
    names = {}
    for lang, django_lang in (("en", "en"), ("ru", "ru"), ("zh", "zh-hans")):
        with translation.override(django_lang):
            names[lang] = str(label)
    return names


def area_names(codes: list[str]) -> list[str]:
    """The Strategy's areas of cooperation (STRAT-AREAS) by name, in the active language."""
    from secretariat.documents.forms import area_choices

    names = dict(area_choices())
    return [str(names.get(code, code)) for code in codes]


def document_out(document: Document, user: User | None) -> dict[str, Any]:
    """The document as the API answers it (and the page reads it), in the active language."""
    secretariat = user is None or user.can("confidential.all")
    languages = []
    versions = sorted(document.languages.all(), key=lambda v: authentic_first(v.lang, v.authentic))
    for version in versions:
        revisions = list(version.revisions.all())
        languages.append(
            {
                "lang": version.lang,
                "authentic": version.authentic,
                "current": revisions[-1].number if revisions else None,
                "text": revisions[-1].text if revisions else "",
                "revisions": [
                    {
                        "id": r.pk,
                        "number": r.number,
                        "made_at": r.made_at,
                        "made_by": r.made_by.get_username() if r.made_by else "",
                        "note": r.note,
                        "sha256": r.sha256,
                        "size": r.size,
                        "file_name": r.file_name,
                        "media_type": r.media_type,
                    }
                    for r in revisions
                ],
            }
        )
    consultations = [
        {
            "id": c.pk,
            "cnc_agreed_on": c.cnc_agreed_on,
            "closes_on": c.closes_on,
            "opened_at": c.opened_at,
            "closed_at": c.closed_at,
            "comments": [
                {
                    "id": m.pk,
                    "delegation": m.delegation.code,
                    "delegation_name": m.delegation.name,
                    "reference": m.reference,
                    "text": m.text,
                    "submitted_at": m.submitted_at,
                    "resolution": m.resolution,
                    "resolution_name": m.get_resolution_display(),
                    "resolution_note": m.resolution_note,
                }
                for m in c.comments.all()
            ],
        }
        for c in document.consultations.all()
    ]
    circulation = getattr(document, "circulation", None)
    draft = document.status in (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION)
    due = circulation_due(document.meeting) if document.meeting_id else None
    return {
        "id": document.pk,
        "type": document.type,
        "type_name": document.get_type_display(),
        "status": document.status,
        "status_name": document.get_status_display(),
        "title": document.title,
        "title_en": document.title_en,
        "title_ru": document.title_ru,
        "title_zh": document.title_zh,
        "body": document.body.code,
        "body_name": document.body.name,
        "meeting": document.meeting_id,
        "agenda_item": document.agenda_item.number if document.agenda_item else None,
        "areas": list(document.areas),
        "area_names": area_names(document.areas),
        "owner": document.owner_delegation.code,
        "owner_name": document.owner_delegation.name,
        "created_at": document.created_at,
        "adopted_on": document.adopted_on,
        "version": document.version,
        "languages": languages,
        "consultations": consultations,
        # The Secretariat's own working papers: shown to it, not to the delegations.
        "assessments": [
            {
                "kind": a.kind,
                "kind_name": a.get_kind_display(),
                "conclusion": a.conclusion,
                "conclusion_name": a.get_conclusion_display(),
                "text": a.text,
                "revisions": a.revisions,
                "made_at": a.made_at,
            }
            for a in document.assessments.all()
        ]
        if secretariat
        else [],
        # By name in the reader's language («правовая, финансовая»), never the codes.
        "assessments_missing": [str(AssessmentKind(k).label) for k in assessments_missing(document)]
        if draft
        else [],
        "consultation_open": draft and open_consultation(document) is not None,
        "circulation_due": due,
        "circulation": {
            "cnc_consent_on": circulation.cnc_consent_on,
            "circulated_on": circulation.circulated_on,
            "due": circulation.due,
            "late": circulation.late,
            "revisions": circulation.revisions,
            "summary": circulation.verdict.get("summary", {}),
            "rules": circulation.verdict.get("rules", []),
        }
        if circulation is not None
        else None,
    }


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def document_statement(document: Document) -> Any:
    """An adopted document as the Akoma Ntoso statement shape (secretariat.akn.model)."""
    from secretariat.akn.model import AknWork, Expression, PartyPosition, StatementText
    from secretariat.meetings.akn import meeting_info, party_of, positions_of

    texts: dict[str, list[str]] = {}
    authentic: dict[str, bool] = {}
    for version in document.languages.all():
        current = version.revisions.order_by("-number").first()
        if current is not None:
            texts[version.lang] = _paragraphs(current.text)
            authentic[version.lang] = version.authentic
    langs = sorted(texts, key=lambda lang: LANG_ORDER.get(lang, len(LANG_ORDER)))
    longest = max((len(p) for p in texts.values()), default=0)
    # Language versions are aligned paragraph by paragraph; a shorter one leaves its missing
    # paragraphs empty rather than shifting the others.
    paragraphs = tuple(
        {lang: (texts[lang][i] if i < len(texts[lang]) else "") for lang in langs}
        for i in range(longest)
    )
    decision = getattr(document, "decision", None)
    number = decision.number if decision is not None else f"doc-{document.pk}"
    positions: tuple[Any, ...] = ()
    if decision is not None and decision.agenda_item_id:
        positions = positions_of(decision.agenda_item)
    work = AknWork(
        kind="statement",
        name=document.type,  # a DocumentType code: already a segment of an IRI
        body=party_of(document.body),
        date=document.adopted_on or document.created_at.date(),
        number=number,
        titles=with_stand_ins(document, "title"),
        expressions=tuple(Expression(lang, authentic[lang]) for lang in langs),  # type: ignore[arg-type]
    )
    return StatementText(
        work=work,
        paragraphs=paragraphs,
        meeting=meeting_info(document.meeting) if document.meeting else None,
        positions=tuple(p for p in positions if isinstance(p, PartyPosition)),
    )


def export_akn(document: Document, lang: str) -> bytes:
    """One language expression of an adopted document as Akoma Ntoso XML."""
    from secretariat.akn.export import to_akn
    from secretariat.akn.model import AknError
    from secretariat.core.errors import NotFoundError

    statement = document_statement(document)
    try:
        statement.work.expression(lang)
        return to_akn(statement, lang)  # type: ignore[arg-type]
    except AknError:
        raise NotFoundError(
            translation.gettext_lazy("The document has no text in that language."),
            code="not_found",
        ) from None
