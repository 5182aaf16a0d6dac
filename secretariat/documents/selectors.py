"""Reads of the documents app, with who may see what (accounts.access.visible_q)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import User
from secretariat.core.errors import NotFoundError
from secretariat.documents.models import (
    Comment,
    Consultation,
    Document,
    LanguageVersion,
    Revision,
)


def documents_visible(user: User | None) -> QuerySet[Document]:
    """The documents ``user`` may see: their delegation's drafts, circulated and public ones."""
    ids = Document.objects.filter(visible_q(user)).values("pk")
    return Document.objects.filter(pk__in=ids).select_related("body", "owner_delegation")


def document_of(user: User | None, document_id: int, *, page: bool = False) -> Document:
    """The document, or not found when there is none or ``user`` may not see it."""
    found = (
        documents_visible(user)
        .filter(pk=document_id)
        .prefetch_related(
            Prefetch(
                "languages",
                queryset=LanguageVersion.objects.prefetch_related(
                    Prefetch("revisions", queryset=Revision.objects.order_by("number"))
                ),
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.prefetch_related(
                    Prefetch("comments", queryset=Comment.objects.select_related("delegation"))
                ),
            ),
            "assessments",
        )
        .first()
    )
    if found is None:
        if page:
            raise Http404(_("There is no such document."))
        raise NotFoundError(_("There is no such document."), code="not_found")
    return found


@dataclass(frozen=True, slots=True)
class RevisionPair:
    lang: str
    old: Revision
    new: Revision


def revisions_of(document: Document, lang: str, old: int, new: int) -> RevisionPair:
    """Two revisions of the document's text in ``lang``, for a comparison."""
    rows = {
        r.number: r
        for r in Revision.objects.filter(
            language_version__document=document, language_version__lang=lang, number__in=[old, new]
        )
    }
    if old not in rows or new not in rows:
        raise NotFoundError(
            _("The document has no revision %(old)s and %(new)s in that language."),
            code="not_found",
            old=old,
            new=new,
        )
    return RevisionPair(lang, rows[old], rows[new])


def revision_file(document: Document, revision_id: int) -> Revision:
    """A revision of ``document`` that was read from an uploaded file."""
    found = (
        Revision.objects.filter(pk=revision_id, language_version__document=document)
        .exclude(file="")
        .first()
    )
    if found is None:
        raise NotFoundError(_("There is no such file."), code="not_found")
    return found
