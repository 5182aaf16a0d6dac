"""Writes of the press app: news, media briefings and catalogue entries written, published and
withdrawn (SEC-DATABANK); requests for materials made, answered and reminded (SEC-REQUEST).

Every service runs in one transaction; every row is written with ``save()``, so the audit app
records it. Reminders of a request go through the notifications due-table: one deadline per
member state asked (its ``RequestAddressee`` row), cancelled in the transaction that records
the state's answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.core.locking import lock
from secretariat.notifications.models import Reminder
from secretariat.notifications.services import reminders_cancel, reminders_schedule
from secretariat.press.models import (
    LANGS,
    AddresseeStatus,
    CatalogueEntry,
    CatalogueKind,
    MaterialsAnswer,
    MaterialsRequest,
    PressItem,
    PressKind,
    PublicationState,
    RequestAddressee,
)
from secretariat.procedure.text import Message, Text, parse_lang
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on
from secretariat.texts.extract import upload_max_bytes

DATABANK_RULE = "SEC-DATABANK"
REQUEST_RULE = "SEC-REQUEST"
#: The reminders' message (notifications.messages.MESSAGES).
REMINDER_SUBJECT = "deadline"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_NAMES = {
    "en": Text(en="English", ru="английском", zh="英"),
    "ru": Text(en="Russian", ru="русском", zh="俄"),
    "zh": Text(en="Chinese", ru="китайском", zh="中"),
}


def _clean(values: Mapping[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {lang: (values.get(lang) or "").strip() for lang in LANGS}


def _texts_check(title: dict[str, str], text: dict[str, str], *, message: str) -> None:
    """At least one language with both a title and a text; none with only one of them."""
    for lang in LANGS:
        if bool(title[lang]) != bool(text[lang]):
            raise refuse(
                "title_without_text", "press.title_without_text", lang=LANGUAGE_NAMES[lang]
            )
    if not any(title.values()):
        raise refuse("text_required", message, (DATABANK_RULE,))


def _file_check(file: UploadedFile[bytes] | None) -> None:
    if file is not None and (file.size or 0) > upload_max_bytes():
        raise refuse(
            "file_too_large", "press.file_too_large", size=file.size, limit=upload_max_bytes()
        )


# --- news and briefings ---------------------------------------------------------------------


def _slug_for(title: dict[str, str], given: str, *, exclude: int | None = None) -> str:
    """The slug given (checked), or one made from the first title, made unique."""
    taken = PressItem.objects.all()
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if given:
        slug = given.strip().lower()
        if not _SLUG.match(slug) or len(slug) > 120:
            raise refuse("slug_invalid", "press.slug_invalid", slug=given)
        if taken.filter(slug=slug).exists():
            raise refuse("slug_taken", "press.slug_taken", status=409, slug=slug)
        return slug
    base = next((slugify(t) for t in (title["en"], title["ru"]) if slugify(t)), "")[:100]
    base = base.strip("-") or "item"
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def press_item_create(
    *,
    kind: str,
    title: Mapping[str, str],
    body: Mapping[str, str],
    slug: str = "",
    held_on: dt.date | None = None,
    by: User | None = None,
) -> PressItem:
    """Write a news item or a briefing, as a draft, in one to three languages."""
    if kind not in PressKind.values:
        raise refuse("unknown_kind", "press.unknown_kind", value=kind)
    titles, bodies = _clean(title), _clean(body)
    _texts_check(titles, bodies, message="press.text_required")
    now = timezone.now()
    item = PressItem(
        kind=kind,
        slug=_slug_for(titles, slug),
        held_on=held_on if kind == PressKind.BRIEFING else None,
        created_at=now,
        created_by=by,
        updated_at=now,
    )
    for lang in LANGS:
        setattr(item, f"title_{lang}", titles[lang])
        setattr(item, f"body_{lang}", bodies[lang])
    item.save()
    return item


@transaction.atomic
def press_item_update(
    *,
    item: PressItem,
    title: Mapping[str, str],
    body: Mapping[str, str],
    slug: str = "",
    held_on: dt.date | None = None,
    by: User | None = None,
) -> PressItem:
    """Replace an item's texts (in any state: a published item shows the new text at once)."""
    row = lock(item)
    titles, bodies = _clean(title), _clean(body)
    _texts_check(titles, bodies, message="press.text_required")
    if slug and slug != row.slug:
        row.slug = _slug_for(titles, slug, exclude=row.pk)
    for lang in LANGS:
        setattr(row, f"title_{lang}", titles[lang])
        setattr(row, f"body_{lang}", bodies[lang])
    if row.kind == PressKind.BRIEFING:
        row.held_on = held_on
    row.updated_at = timezone.now()
    row.save()
    return row


PublishedItem = PressItem | CatalogueEntry


@transaction.atomic
def item_publish(*, item: PublishedItem, by: User | None = None) -> PublishedItem:
    """Publish a draft or withdrawn item: it appears on the public pages and in the feed."""
    row = lock(item)
    if row.state == PublicationState.PUBLISHED:
        raise refuse("already_published", "press.already_published", status=409)
    now = timezone.now()
    row.state = PublicationState.PUBLISHED
    row.is_public = True
    row.published_at = row.published_at or now
    row.updated_at = now
    row.save(update_fields=["state", "is_public", "published_at", "updated_at"])
    return row


@transaction.atomic
def item_withdraw(*, item: PublishedItem, by: User | None = None) -> PublishedItem:
    """Withdraw a published item: from now on the public gets 404 for it."""
    row = lock(item)
    if row.state != PublicationState.PUBLISHED:
        raise refuse(
            "not_published", "press.not_published", status=409, state=row.get_state_display()
        )
    row.state = PublicationState.WITHDRAWN
    row.is_public = False
    row.updated_at = timezone.now()
    row.save(update_fields=["state", "is_public", "updated_at"])
    return row


# --- the catalogue ----------------------------------------------------------------------------


def _url_check(url: str) -> str:
    url = url.strip()
    if url and not (
        (url.startswith("/") and not url.startswith("//"))
        or url.startswith("https://")
        or url.startswith("http://")
    ):
        raise refuse("url_invalid", "press.url_invalid", url=url)
    return url


@transaction.atomic
def catalogue_entry_create(
    *,
    kind: str,
    title: Mapping[str, str],
    description: Mapping[str, str],
    url: str = "",
    file: UploadedFile[bytes] | None = None,
    source_key: str = "",
    by: User | None = None,
) -> CatalogueEntry:
    """Describe a page or a file in the information catalogue, as a draft."""
    if kind not in CatalogueKind.values:
        raise refuse("unknown_kind", "press.unknown_kind", value=kind)
    titles, descriptions = _clean(title), _clean(description)
    _texts_check(titles, descriptions, message="press.text_required")
    url = _url_check(url)
    _file_check(file)
    if not url and file is None:
        raise refuse("target_required", "press.catalogue_target_required")
    now = timezone.now()
    entry = CatalogueEntry(
        kind=kind,
        url=url,
        source_key=source_key,
        created_at=now,
        created_by=by,
        updated_at=now,
    )
    for lang in LANGS:
        setattr(entry, f"title_{lang}", titles[lang])
        setattr(entry, f"description_{lang}", descriptions[lang])
    if file is not None:
        entry.file.save(file.name or "file", file, save=False)
    entry.save()
    return entry


# --- requests for materials -------------------------------------------------------------------


def _addressee_label(addressee: RequestAddressee) -> str:
    return addressee._meta.label_lower


def answerers(state: State) -> list[User]:
    """The active users who answer requests for ``state``: its delegation's answering roles."""
    found = User.objects.filter(
        is_active=True,
        delegation__kind=DelegationKind.MEMBER_STATE,
        delegation__state=state,
    ).order_by("pk")
    return [u for u in found if u.can("materials.answer")]


def _request_action(request: MaterialsRequest) -> dict[str, str]:
    first = next(
        getattr(request, f"title_{lang}") for lang in LANGS if getattr(request, f"title_{lang}")
    )
    title = Text(**{lang: getattr(request, f"title_{lang}") or first for lang in LANGS})
    message = Message("press.request_action", {"title": title})
    return {lang: message.render(parse_lang(lang)) for lang in LANGS}


def _remind(
    addressee: RequestAddressee, *, lead_days: Sequence[int] | None = None
) -> list[Reminder]:
    request = addressee.request
    return reminders_schedule(
        obj_label=_addressee_label(addressee),
        obj_id=addressee.pk,
        rule_id=REQUEST_RULE,
        deadline=request.due_on,
        recipients=answerers(addressee.state),
        subject_code=REMINDER_SUBJECT,
        params={
            "action": _request_action(request),
            "rule": REQUEST_RULE,
            "due": request.due_on.isoformat(),
        },
        link=f"/requests/{request.pk}/answer/",
        lead_days=lead_days,
    )


@transaction.atomic
def materials_request_create(
    *,
    title: Mapping[str, str],
    text: Mapping[str, str],
    states: Iterable[State],
    due_on: dt.date,
    by: User | None = None,
) -> MaterialsRequest:
    """Ask member states for materials by ``due_on``; each state's users are reminded."""
    titles, texts = _clean(title), _clean(text)
    _texts_check(titles, texts, message="press.request_text_required")
    today = timezone.localdate()
    if due_on < today:
        raise refuse(
            "due_in_past", "press.request_due_in_past", (REQUEST_RULE,), due=due_on, today=today
        )
    asked = list({s.pk: s for s in states}.values())
    if not asked:
        raise refuse("no_states", "press.request_no_states", (REQUEST_RULE,))
    members = set(member_states_on(today).values_list("pk", flat=True))
    others = sorted(s.name for s in asked if s.pk not in members)
    if others:
        raise refuse("not_member", "press.request_not_member", (REQUEST_RULE,), states=others)
    request = MaterialsRequest(due_on=due_on, created_at=timezone.now(), created_by=by)
    for lang in LANGS:
        setattr(request, f"title_{lang}", titles[lang])
        setattr(request, f"text_{lang}", texts[lang])
    request.save()
    for state in sorted(asked, key=lambda s: s.code):
        addressee = RequestAddressee.objects.create(request=request, state=state)
        _remind(addressee)
    return request


def _state_of(user: User | None) -> State | None:
    delegation = user.delegation if user is not None else None
    if delegation is None or delegation.kind != DelegationKind.MEMBER_STATE:
        return None
    return delegation.state


@transaction.atomic
def materials_answer(
    *,
    request: MaterialsRequest,
    state: State | None = None,
    text: str,
    file: UploadedFile[bytes] | None = None,
    by: User,
) -> MaterialsAnswer:
    """Record a member state's answer (``state``: the answering user's own, by default).

    Only a user of the state asked answers for it; an answer after the due date is recorded
    with ``late`` set. The state's pending reminders are cancelled.
    """
    own = _state_of(by)
    if own is None:
        raise refuse("answer_no_state", "press.answer_no_state", (REQUEST_RULE,), status=403)
    state = state or own
    if state.pk != own.pk:
        raise refuse(
            "answer_other_state",
            "press.answer_other_state",
            (REQUEST_RULE,),
            status=403,
            state=names_of(state),
            yours=names_of(own),
        )
    addressee = (
        RequestAddressee.objects.select_for_update()
        .select_related("request", "state")
        .filter(request=request, state=state)
        .first()
    )
    if addressee is None:
        raise refuse(
            "answer_not_addressed",
            "press.answer_not_addressed",
            (REQUEST_RULE,),
            status=403,
            state=names_of(state),
        )
    if not text.strip():
        raise refuse("answer_text_required", "press.answer_text_required")
    _file_check(file)
    now = timezone.now()
    answer = MaterialsAnswer(
        addressee=addressee,
        text=text.strip(),
        answered_at=now,
        answered_by=by,
        late=timezone.localdate(now) > addressee.request.due_on,
    )
    if file is not None:
        answer.file.save(file.name or "file", file, save=False)
    answer.save()
    if addressee.status != AddresseeStatus.ANSWERED:
        addressee.status = AddresseeStatus.ANSWERED
        addressee.answered_at = now
        addressee.save(update_fields=["status", "answered_at"])
    reminders_cancel(obj_label=_addressee_label(addressee), obj_id=addressee.pk)
    return answer


@transaction.atomic
def materials_remind(*, request: MaterialsRequest, by: User | None = None) -> list[Reminder]:
    """Remind now the member states that have not answered yet (before the due date)."""
    today = timezone.localdate()
    awaiting = list(
        request.addressees.select_related("request", "state").filter(
            status=AddresseeStatus.AWAITING
        )
    )
    if not awaiting:
        raise refuse("nothing_awaiting", "press.remind_nothing_awaiting", status=409)
    if request.due_on < today:
        raise refuse(
            "past_due", "press.remind_past_due", (REQUEST_RULE,), status=409, due=request.due_on
        )
    # Today's lead beside the usual ones: scheduling only today's would cancel those.
    leads = [*settings.SECRETARIAT_REMINDER_LEAD_DAYS, (request.due_on - today).days]
    reminders: list[Reminder] = []
    for addressee in awaiting:
        reminders += _remind(addressee, lead_days=leads)
    return reminders
