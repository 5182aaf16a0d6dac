"""What each searchable object puts in the index, and who may see it.

An object is named by a key, ``<kind>:<pk>`` (``document:12``). :data:`BUILDERS` turns a
key into its :class:`~.shapes.Entry` pieces (none when the object is gone);
:data:`WATCHED` says which models' saves and deletes change which keys, so the outbox
(:mod:`.outbox`) queues them.

Who may see a piece is written as audience tokens, the same rules as the apps' own
selectors, turned into values (see :func:`reader_tokens` for the reader's side):

- ``public``: anyone, without logging in;
- ``<kind>:staff``: the SCO Secretariat (``confidential.all``);
- ``<kind>:all``: everyone whose role may view this kind;
- ``<kind>:members``: delegations of member states, national parts, the Business Council
  Secretariat (a draft circulated to the members);
- ``<kind>:del:<id>``: one delegation; ``<kind>:user:<id>``: one user;
- ``<kind>:dkind:<kind>``: every delegation of one kind.

``tests/databank/test_search_permissions.py`` checks, for every role and every object,
that the index shows exactly what the apps' selectors show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.db import models
from django.urls import reverse

from secretariat.core.lang import django_language
from secretariat.core.translated import translated, with_stand_ins
from secretariat.databank.search.shapes import Entry
from secretariat.procedure.text import parse_lang

LANGS = ("en", "ru", "zh")
#: The action a reader needs to see each kind (public pieces aside).
KIND_ACTIONS: dict[str, str] = {
    "document": "documents.view",
    "decision": "decisions.view",
    "meeting": "meetings.view",
    "minutes": "meetings.view",
    "organisation": "public",
    "source": "public",
    # Unpublished news, briefings and catalogue entries: their publishers find them too.
    "news": "databank.publish",
    "catalogue": "databank.publish",
}
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:\d+[.)]|[-•*])\s)")


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs: blank-line separated, or one per numbered or bulleted line."""
    found = [" ".join(p.split()) for p in _PARAGRAPH.split(text or "")]
    return [p for p in found if p]


def _visible_tokens(kind: str, row: Any) -> list[str]:
    """Tokens of a row with the fields ``accounts.access.visible_q`` reads."""
    if row.is_public:
        return ["public"]
    tokens = [f"{kind}:staff"]
    if row.owner_delegation_id:
        tokens.append(f"{kind}:del:{row.owner_delegation_id}")
    tokens += [f"{kind}:del:{pk}" for pk in row.circulated_to.values_list("pk", flat=True)]
    if row.circulated_to_members:
        tokens.append(f"{kind}:members")
    return tokens


def _title(row: Any, lang: str, field: str = "title") -> str:
    return str(getattr(row, f"{field}_{lang}", "") or "")


# --- Documents ---------------------------------------------------------------------------


def document_entries(pk: int) -> Iterator[Entry]:
    from secretariat.documents.models import Document

    doc = (
        Document.objects.select_related("body")
        .prefetch_related("languages__revisions")
        .filter(pk=pk)
        .first()
    )
    if doc is None:
        return
    key = f"document:{pk}"
    audience = _visible_tokens("document", doc)
    url = reverse("documents:detail", args=[pk])
    day = doc.adopted_on or doc.created_at.date()
    base = Entry(
        obj=key,
        group=key,
        kind="document",
        lang="",
        title="",
        text="",
        url=url,
        audience=audience,
        day=day,
        bodies=[doc.body.code],
        doc_type=doc.type,
        areas=list(doc.areas or []),
    )
    texts: dict[str, str] = {}
    for version in doc.languages.all():
        revisions = sorted(version.revisions.all(), key=lambda r: r.number)
        if revisions:
            texts[version.lang] = revisions[-1].text
    # A version without a title in its language is named by another language's title.
    stand_ins = with_stand_ins(doc, "title")
    for lang in LANGS:
        if not _title(doc, lang) and lang not in texts:
            continue
        title = stand_ins[lang]
        yield replace(base, lang=lang, title=title)
        for number, text in enumerate(paragraphs(texts.get(lang, "")), start=1):
            yield replace(base, lang=lang, title=title, text=text, part=number)


# --- Decisions ---------------------------------------------------------------------------


def decision_entries(pk: int) -> Iterator[Entry]:
    from secretariat.decisions.models import Decision

    decision = Decision.objects.select_related("body").filter(pk=pk).first()
    if decision is None:
        return
    key = f"decision:{pk}"
    audience = ["public"] if decision.is_public else ["decision:all"]
    for lang in LANGS:
        title = _title(decision, lang)
        if not title:
            continue
        yield Entry(
            obj=key,
            group=key,
            kind="decision",
            lang=lang,
            title=f"{decision.number} {title}",
            text="",
            url=reverse("decisions:detail", args=[pk]),
            audience=audience,
            day=decision.adopted_on,
            bodies=[decision.body.code],
            areas=list(decision.areas or []),
        )


# --- Meetings, their agendas and minutes -------------------------------------------------


def meeting_tokens(meeting: Any) -> list[str]:
    """``meetings.selectors.meetings_visible`` as tokens."""
    from secretariat.meetings.models import MeetingTransition
    from secretariat.procedure.conduct import conduct_of
    from secretariat.procedure.rules import rulebook

    opened = not meeting.extraordinary or (
        MeetingTransition.objects.filter(meeting=meeting).exclude(event="refuse").exists()
    )
    if opened:
        return ["meeting:all"]
    tokens = ["meeting:staff"]
    tokens += [
        f"meeting:del:{pk}" for pk in meeting.initiatives.values_list("delegation_id", flat=True)
    ]
    if meeting.created_by_id:
        tokens.append(f"meeting:user:{meeting.created_by_id}")
    # The Secretariat serving the meeting's procedure sees its initiatives (the engine's
    # conduct data, as meetings_visible reads it).
    tokens.append(f"meeting:dkind:{conduct_of(rulebook(), meeting.kind).secretariat}")
    return tokens


def meeting_entries(pk: int) -> Iterator[Entry]:
    from secretariat.meetings.minutes_pdf import minutes_data, minutes_ready
    from secretariat.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body", "venue_state").filter(pk=pk).first()
    if meeting is None:
        return
    key = f"meeting:{pk}"
    audience = meeting_tokens(meeting)
    opened = audience == ["meeting:all"]
    url = reverse("meetings:detail", args=[pk])
    base = Entry(
        obj=key,
        group=key,
        kind="meeting",
        lang="",
        title="",
        text="",
        url=url,
        audience=audience,
        day=meeting.date_start,
        bodies=[meeting.body.code],
    )
    # The agenda as every member sees it: items public or circulated to the members.
    items = list(meeting.agenda_items.order_by("number")) if opened else []
    shown = [i for i in items if i.is_public or i.circulated_to_members]
    for lang in LANGS:
        title = _title(meeting, lang)
        if not title:
            continue
        venue = str(translated(meeting, "venue_city", parse_lang(lang)) or "")
        titles = [translated(i, "title", parse_lang(lang)) for i in shown]
        lines = [venue] + [f"{i.number}. {t or ''}" for i, t in zip(shown, titles, strict=True)]
        yield replace(base, lang=lang, title=title, text="\n".join(line for line in lines if line))
    if opened and minutes_ready(meeting):
        from django.utils import translation

        for part_lang in LANGS:
            with translation.override(django_language(part_lang)):
                parts = {str(p["lang"]): p for p in minutes_data(meeting)["parts"]}
            part = parts.get(part_lang)
            if part is None:
                continue
            for item in part["items"]:
                yield replace(
                    base,
                    kind="minutes",
                    lang=part_lang,
                    title=f"{part['heading']}: {part['title']}",
                    text=f"{item['number']}. {item['title']} — {item['outcome']}",
                    part=int(item["number"]),
                )


# --- The registry's partner organisations -----------------------------------------------


def organisation_entries(pk: int) -> Iterator[Entry]:
    from secretariat.registry.models import InternationalOrganisation

    org = InternationalOrganisation.objects.filter(pk=pk).first()
    if org is None:
        return
    key = f"organisation:{pk}"
    documents = list(org.documents.all())
    for lang in LANGS:
        name = _title(org, lang, "name")
        if not name:
            continue
        field = "title" if lang == "en" else f"title_{lang}"
        lines = [str(getattr(d, field, "") or d.title) for d in documents]
        yield Entry(
            obj=key,
            group=key,
            kind="organisation",
            lang=lang,
            title=f"{name} ({org.abbreviation})" if org.abbreviation else name,
            text="\n".join(lines),
            url=reverse("registry:organisations") + f"#org-{pk}",
            audience=["public"],
        )


# --- The databank's own texts ------------------------------------------------------------


def source_entries(pk: int) -> Iterator[Entry]:
    from secretariat.databank.models import Source

    source = Source.objects.prefetch_related("passages", "bodies").filter(pk=pk).first()
    if source is None:
        return
    key = f"source:{pk}"
    audience = ["public"] if source.is_public else ["source:staff"]
    bodies = [b.code for b in source.bodies.all()]
    for passage in source.passages.all():
        label = f"{passage.label} " if passage.label else ""
        yield Entry(
            obj=key,
            group=key,
            kind="source",
            lang=passage.language,
            title=f"{source.title} {label}".strip(),
            # The heading is searched with the passage it stands over.
            text=f"{passage.heading}\n{passage.text}" if passage.heading else passage.text,
            part=passage.number,
            url=reverse("databank:source", args=[source.code]) + f"#p{passage.number}",
            audience=audience,
            day=source.imported_at.date(),
            bodies=bodies,
        )


# --- News, media briefings and the information catalogue (secretariat.press) -------------


def _published_tokens(kind: str, row: Any) -> list[str]:
    return ["public"] if row.is_public else [f"{kind}:all"]


def news_entries(pk: int) -> Iterator[Entry]:
    from secretariat.press.models import PressItem

    item = PressItem.objects.filter(pk=pk).first()
    if item is None:
        return
    key = f"news:{pk}"
    route = "press:briefing_detail" if item.kind == "briefing" else "press:news_detail"
    day = item.held_on or (item.published_at or item.created_at).date()
    for lang in LANGS:
        title = _title(item, lang)
        body = str(getattr(item, f"body_{lang}", "") or "")
        if not title and not body:
            continue
        base = Entry(
            obj=key,
            group=key,
            kind="news",
            lang=lang,
            title=title or item.title_en or item.title_ru or item.title_zh,
            text="",
            url=reverse(route, args=[item.slug]),
            audience=_published_tokens("news", item),
            day=day,
            doc_type=item.kind,
        )
        yield base
        for number, text in enumerate(paragraphs(body), start=1):
            yield replace(base, text=text, part=number)


def catalogue_entries(pk: int) -> Iterator[Entry]:
    from secretariat.press.models import CatalogueEntry

    entry = CatalogueEntry.objects.filter(pk=pk).first()
    if entry is None:
        return
    key = f"catalogue:{pk}"
    day = (entry.published_at or entry.created_at).date()
    for lang in LANGS:
        title = _title(entry, lang)
        text = str(getattr(entry, f"description_{lang}", "") or "")
        if not title and not text:
            continue
        yield Entry(
            obj=key,
            group=key,
            kind="catalogue",
            lang=lang,
            title=title or entry.title_en or entry.title_ru or entry.title_zh,
            text=text,
            url=entry.url or reverse("press:catalogue") + f"#entry-{pk}",
            audience=_published_tokens("catalogue", entry),
            day=day,
            doc_type=entry.kind,
        )


BUILDERS: dict[str, Callable[[int], Iterable[Entry]]] = {
    "news": news_entries,
    "catalogue": catalogue_entries,
    "document": document_entries,
    "decision": decision_entries,
    "meeting": meeting_entries,
    "organisation": organisation_entries,
    "source": source_entries,
}


def entries_of(key: str) -> list[Entry]:
    """Every piece of the object named ``key``; none when it no longer exists."""
    kind, _, pk = key.partition(":")
    builder = BUILDERS.get(kind)
    if builder is None or not pk.isdigit():
        return []
    return list(builder(int(pk)))


def _keys(kind: str, attribute: str) -> Callable[[Any], list[str]]:
    def keys(instance: Any) -> list[str]:
        value = instance
        for part in attribute.split("."):
            value = getattr(value, part, None)
            if value is None:
                return []
        return [f"{kind}:{value}"]

    return keys


def watched() -> list[tuple[type[models.Model], Callable[[Any], list[str]]]]:
    """Each model whose writes change the index, and the keys a write of it changes."""
    from secretariat.databank.models import Passage, Source
    from secretariat.decisions.models import Decision
    from secretariat.documents.models import (
        Document,
        DocumentCirculation,
        LanguageVersion,
        Revision,
    )
    from secretariat.meetings.models import AgendaItem, Initiative, Meeting, MeetingTransition
    from secretariat.press.models import CatalogueEntry, PressItem
    from secretariat.registry.models import CooperationDocument, InternationalOrganisation

    return [
        (Document, _keys("document", "pk")),
        (LanguageVersion, _keys("document", "document_id")),
        (Revision, _keys("document", "language_version.document_id")),
        (DocumentCirculation, _keys("document", "document_id")),
        (Decision, _keys("decision", "pk")),
        (Meeting, _keys("meeting", "pk")),
        (AgendaItem, _keys("meeting", "meeting_id")),
        (Initiative, _keys("meeting", "meeting_id")),
        (MeetingTransition, _keys("meeting", "meeting_id")),
        (InternationalOrganisation, _keys("organisation", "pk")),
        (CooperationDocument, _keys("organisation", "organisation_id")),
        (Source, _keys("source", "pk")),
        (Passage, _keys("source", "source_id")),
        (PressItem, _keys("news", "pk")),
        (CatalogueEntry, _keys("catalogue", "pk")),
    ]


def all_keys() -> Iterator[str]:
    """Every object's key, for a rebuild."""
    from secretariat.databank.models import Source
    from secretariat.decisions.models import Decision
    from secretariat.documents.models import Document
    from secretariat.meetings.models import Meeting
    from secretariat.press.models import CatalogueEntry, PressItem
    from secretariat.registry.models import InternationalOrganisation

    for kind, model in (
        ("news", PressItem),
        ("catalogue", CatalogueEntry),
        ("source", Source),
        ("organisation", InternationalOrganisation),
        ("meeting", Meeting),
        ("decision", Decision),
        ("document", Document),
    ):
        for pk in model.objects.order_by("pk").values_list("pk", flat=True).iterator():
            yield f"{kind}:{pk}"
