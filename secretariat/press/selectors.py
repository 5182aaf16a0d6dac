"""Reads of the press app: the public side (published items only, in the reader's language
with a fallback that says so) and requests for materials as staff and member states see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.lang import current_lang
from secretariat.core.lookup import found_or_404
from secretariat.press.models import (
    LANGS,
    LANGUAGE_NAMES,
    CatalogueEntry,
    MaterialsAnswer,
    MaterialsRequest,
    PressItem,
    PressKind,
    RequestAddressee,
)
from secretariat.procedure.text import parse_lang

#: Items per page of the public lists.
PAGE_SIZE = 10


def reader_lang() -> str:
    return current_lang()


@dataclass(frozen=True)
class Shown:
    """An item in one language: the reader's, or another when it is not written in theirs."""

    lang: str
    title: str
    text: str
    #: The reader's language, when the item is shown in another (the page says so).
    wanted: str | None

    @property
    def fallback(self) -> bool:
        return self.wanted is not None

    @property
    def lang_label(self) -> str:
        return str(LANGUAGE_NAMES[self.lang])

    @property
    def html_lang(self) -> str:
        return "zh-Hans" if self.lang == "zh" else self.lang


def shown(item: Any, lang: str | None = None, *, text_field: str = "body") -> Shown:
    """``item`` in ``lang`` (default: the reader's), else in the first of en, ru, zh it has."""
    wanted = parse_lang(lang) if lang else reader_lang()
    order = [wanted, *[x for x in LANGS if x != wanted]]
    for candidate in order:
        title = getattr(item, f"title_{candidate}", "")
        if title:
            text = getattr(item, f"{text_field}_{candidate}", "")
            return Shown(candidate, title, text, None if candidate == wanted else wanted)
    return Shown(wanted, "", "", None)


# --- the public side --------------------------------------------------------------------------


def published_items(kind: str | None = None) -> QuerySet[PressItem]:
    """Published news and briefings, latest first."""
    found = PressItem.objects.filter(is_public=True).order_by("-published_at", "-pk")
    return found.filter(kind=kind) if kind else found


def published_item(*, kind: str, slug: str) -> PressItem:
    """A published item by its address; a draft or a withdrawn one is not found."""
    return found_or_404(published_items(kind), _("There is no such page."), slug=slug)


def published_item_by_id(item_id: int) -> PressItem:
    return found_or_404(published_items(), _("There is no such page."), pk=item_id)


def published_catalogue() -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(is_public=True).order_by("kind", "title_en", "pk")


def catalogue_entry_public(entry_id: int) -> CatalogueEntry:
    return found_or_404(published_catalogue(), _("There is no such page."), pk=entry_id)


def in_language(lang: str) -> QuerySet[PressItem]:
    """Published items written in ``lang`` (one of en, ru, zh), for that language's feed."""
    return published_items().exclude(**{f"title_{lang}": ""})


def press_item_out(item: PressItem, lang: str | None = None) -> dict[str, Any]:
    text = shown(item, lang)
    return {
        "id": item.pk,
        "kind": item.kind,
        "slug": item.slug,
        "state": item.state,
        "is_public": item.is_public,
        "published_at": item.published_at,
        "held_on": item.held_on,
        "languages": item.languages(),
        "lang": text.lang,
        "fallback": text.fallback,
        "title": text.title,
        "body": text.text,
        "titles": {lang: getattr(item, f"title_{lang}") for lang in LANGS},
        "bodies": {lang: getattr(item, f"body_{lang}") for lang in LANGS},
    }


def catalogue_entry_out(entry: CatalogueEntry, lang: str | None = None) -> dict[str, Any]:
    text = shown(entry, lang, text_field="description")
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "state": entry.state,
        "is_public": entry.is_public,
        "published_at": entry.published_at,
        "languages": entry.languages(),
        "lang": text.lang,
        "fallback": text.fallback,
        "title": text.title,
        "description": text.text,
        "url": entry.url,
        "file": f"/press/catalogue/{entry.pk}/file/" if entry.file else "",
    }


def press_kind_path(kind: str) -> str:
    return "news" if kind == PressKind.NEWS else "briefings"


# --- requests for materials -------------------------------------------------------------------


def _with_addressees(found: QuerySet[MaterialsRequest]) -> QuerySet[MaterialsRequest]:
    answers = MaterialsAnswer.objects.select_related("answered_by").order_by("answered_at", "pk")
    addressees = RequestAddressee.objects.select_related("state").prefetch_related(
        Prefetch("answers", queryset=answers)
    )
    return found.prefetch_related(Prefetch("addressees", queryset=addressees))


def requests_all() -> QuerySet[MaterialsRequest]:
    """Every request, for the Secretariat (materials.request)."""
    return _with_addressees(MaterialsRequest.objects.all())


def request_of(request_id: int) -> MaterialsRequest:
    return found_or_404(requests_all(), _("There is no such request."), pk=request_id)


def requests_to(user: User) -> QuerySet[MaterialsRequest]:
    """The requests addressed to ``user``'s member state (none for a user of no state)."""
    delegation = user.delegation
    if (
        delegation is None
        or delegation.kind != DelegationKind.MEMBER_STATE
        or delegation.state_id is None
    ):
        return MaterialsRequest.objects.none()
    return _with_addressees(
        MaterialsRequest.objects.filter(addressees__state_id=delegation.state_id).distinct()
    )


def request_to(user: User, request_id: int) -> MaterialsRequest:
    return found_or_404(requests_to(user), _("There is no such request."), pk=request_id)


def own_addressee(user: User, request: MaterialsRequest) -> RequestAddressee | None:
    delegation = user.delegation
    state_id = delegation.state_id if delegation is not None else None
    return next((a for a in request.addressees.all() if a.state_id == state_id), None)


def addressee_out(addressee: RequestAddressee, today: dt.date) -> dict[str, Any]:
    return {
        "state": addressee.state.code,
        "state_name": addressee.state.name,
        "status": addressee.standing(today),
        "answered_at": addressee.answered_at,
        "answers": [
            {
                "id": a.pk,
                "text": a.text,
                "file": bool(a.file),
                "by": a.answered_by.get_username() if a.answered_by else "",
                "answered_at": a.answered_at,
                "late": a.late,
            }
            for a in addressee.answers.all()
        ],
    }


def request_out(request: MaterialsRequest, *, only_state: int | None = None) -> dict[str, Any]:
    """The request as the API answers it; ``only_state``: a member state sees its own row."""
    today = timezone.localdate()
    title = shown(request, text_field="text")
    rows = [a for a in request.addressees.all() if only_state is None or a.state_id == only_state]
    return {
        "id": request.pk,
        "title": title.title,
        "text": title.text,
        "lang": title.lang,
        "fallback": title.fallback,
        "titles": {lang: getattr(request, f"title_{lang}") for lang in LANGS},
        "texts": {lang: getattr(request, f"text_{lang}") for lang in LANGS},
        "due_on": request.due_on,
        "created_at": request.created_at,
        "addressees": [addressee_out(a, today) for a in rows],
    }


def request_counts(request: MaterialsRequest, today: dt.date) -> dict[str, int]:
    """How many states asked are awaiting, answered, overdue."""
    counts = {"awaiting": 0, "answered": 0, "overdue": 0}
    for addressee in request.addressees.all():
        counts[addressee.standing(today)] += 1
    return counts


def item_url(item: PressItem) -> str:
    """The item's public page, in the active language."""
    from django.urls import reverse

    name = "press:news_detail" if item.kind == PressKind.NEWS else "press:briefing_detail"
    return reverse(name, kwargs={"slug": item.slug})
