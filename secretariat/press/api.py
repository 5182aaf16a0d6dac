"""JSON API of the press app: /api/press/ (news, briefings, the catalogue: public reads,
staff writes, SEC-DATABANK) and /api/requests/ (requests for materials, SEC-REQUEST)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema, Status

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.lookup import found_or_404
from secretariat.core.policy import PUBLIC
from secretariat.core.schemas import Day, ErrorOut, Limit, Offset, columns
from secretariat.press import selectors, services
from secretariat.press.models import CatalogueEntry, PressItem
from secretariat.press.schemas import (
    AnsweredOut,
    CatalogueEntryOut,
    MaterialsRequestOut,
    PressItemOut,
    RemindedOut,
)
from secretariat.registry.models import State

router = ActionRouter(tags=["press"])
requests_router = ActionRouter(tags=["requests for materials"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class Texts(Schema):
    en: str = ""
    ru: str = ""
    zh: str = ""


@columns(PressItem, enforce=False, en="title_en", ru="title_ru", zh="title_zh")
class PressTitles(Schema):
    """A title in the three languages (each up to its column's length)."""

    en: str = ""
    ru: str = ""
    zh: str = ""


@columns(PressItem, enforce=False)
class PressItemIn(Schema):
    kind: str = Field(description="news or briefing")
    title: PressTitles
    body: Texts = Field(description="Plain text; paragraphs separated by blank lines.")
    slug: str = Field("", description="The address; made from the title when empty.")
    held_on: Day | None = Field(None, description="A briefing's day.")


@columns(PressItem, enforce=False)
class PressItemChange(Schema):
    title: PressTitles
    body: Texts
    slug: str = ""
    held_on: Day | None = None


@columns(CatalogueEntry, enforce=False)
class CatalogueIn(Schema):
    kind: str = Field(description="document, reference, publication, dataset or page")
    title: PressTitles
    description: Texts
    url: str = Field(description="A page of this site (/rules/SEC-DATABANK/) or http(s)://...")


class RequestIn(Schema):
    title: PressTitles
    text: Texts
    states: list[str] = Field(description="Codes of the member states asked (KZ, RU...).")
    due_on: Day


class AnswerIn(Schema):
    text: str
    state: str | None = Field(None, description="Your member state's code (the default).")


def _lang(request: HttpRequest, lang: str) -> str:
    from secretariat.core.actor import caller_language

    return lang or caller_language(request)


def _item(item_id: int) -> PressItem:
    found = found_or_404(PressItem, translation.gettext_lazy("There is no such item."), pk=item_id)
    return found


def _entry(entry_id: int) -> CatalogueEntry:
    found = found_or_404(
        CatalogueEntry, translation.gettext_lazy("There is no such item."), pk=entry_id
    )
    return found


# --- public reads -----------------------------------------------------------------------------


@router.read(
    "/items",
    action=PUBLIC,
    response=list[PressItemOut],
    summary="Published news and briefings",
)
def press_items(
    request: HttpRequest,
    kind: str = "",
    lang: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Published items, latest first, each in ``lang`` (or the caller's) or another it has."""
    language = _lang(request, lang)
    found = selectors.published_items(kind or None)[offset : offset + min(limit, 200)]
    return [selectors.press_item_out(i, language) for i in found]


@router.read(
    "/items/{item_id}",
    action=PUBLIC,
    response={200: PressItemOut, 404: ErrorOut},
    summary="A published item",
)
def press_item(request: HttpRequest, item_id: int, lang: str = "") -> dict[str, Any]:
    """A published news item or briefing; drafts and withdrawn items are not found."""
    return selectors.press_item_out(selectors.published_item_by_id(item_id), _lang(request, lang))


@router.read(
    "/catalogue",
    action=PUBLIC,
    response=list[CatalogueEntryOut],
    summary="The information catalogue",
)
def press_catalogue(request: HttpRequest, lang: str = "") -> list[dict[str, Any]]:
    """The published entries of the Secretariat's information catalogue."""
    language = _lang(request, lang)
    return [selectors.catalogue_entry_out(e, language) for e in selectors.published_catalogue()]


# --- staff ------------------------------------------------------------------------------------


@router.read(
    "/manage/items",
    action="databank.publish",
    response=list[PressItemOut],
    summary="All items, drafts included",
)
def press_manage_items(request: HttpRequest) -> list[dict[str, Any]]:
    """Every news item and briefing in any state, latest first."""
    found = PressItem.objects.order_by("-created_at", "-pk")[:500]
    return [selectors.press_item_out(i, me(request).language) for i in found]


@router.create(
    "/items",
    action="databank.publish",
    response={201: PressItemOut, **ERRORS},
    summary="Write an item",
)
def press_item_create(request: HttpRequest, payload: PressItemIn) -> Status[dict[str, Any]]:
    """A news item or a briefing, as a draft."""
    item = services.press_item_create(
        kind=payload.kind,
        title=payload.title.dict(),
        body=payload.body.dict(),
        slug=payload.slug,
        held_on=payload.held_on,
        by=me(request),
    )
    return Status(201, selectors.press_item_out(item))


@router.change(
    "/items/{item_id}",
    action="databank.publish",
    response={200: PressItemOut, **ERRORS},
    summary="Change an item",
)
def press_item_change(
    request: HttpRequest, item_id: int, payload: PressItemChange
) -> dict[str, Any]:
    """Replace an item's texts (and its address, if a new one is given)."""
    item = services.press_item_update(
        item=_item(item_id),
        title=payload.title.dict(),
        body=payload.body.dict(),
        slug=payload.slug,
        held_on=payload.held_on,
        by=me(request),
    )
    return selectors.press_item_out(item)


@router.create(
    "/items/{item_id}/publish",
    action="databank.publish",
    response={200: PressItemOut, **ERRORS},
    summary="Publish",
)
def press_item_publish(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """Publish a draft or withdrawn item."""
    item = services.item_publish(item=_item(item_id), by=me(request))
    assert isinstance(item, PressItem)  # noqa: S101  # the same model comes back
    return selectors.press_item_out(item)


@router.create(
    "/items/{item_id}/withdraw",
    action="databank.publish",
    response={200: PressItemOut, **ERRORS},
    summary="Withdraw",
)
def press_item_withdraw(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """Withdraw a published item from the public side."""
    item = services.item_withdraw(item=_item(item_id), by=me(request))
    assert isinstance(item, PressItem)  # noqa: S101  # the same model comes back
    return selectors.press_item_out(item)


@router.create(
    "/catalogue",
    action="databank.publish",
    response={201: CatalogueEntryOut, **ERRORS},
    summary="Add a catalogue entry",
)
def press_catalogue_create(request: HttpRequest, payload: CatalogueIn) -> Status[dict[str, Any]]:
    """A catalogue entry pointing to a page, as a draft (a file is added on the page)."""
    entry = services.catalogue_entry_create(
        kind=payload.kind,
        title=payload.title.dict(),
        description=payload.description.dict(),
        url=payload.url,
        by=me(request),
    )
    return Status(201, selectors.catalogue_entry_out(entry))


@router.create(
    "/catalogue/{entry_id}/publish",
    action="databank.publish",
    response={200: CatalogueEntryOut, **ERRORS},
    summary="Publish a catalogue entry",
)
def press_catalogue_publish(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    entry = services.item_publish(item=_entry(entry_id), by=me(request))
    assert isinstance(entry, CatalogueEntry)  # noqa: S101  # the same model comes back
    return selectors.catalogue_entry_out(entry)


@router.create(
    "/catalogue/{entry_id}/withdraw",
    action="databank.publish",
    response={200: CatalogueEntryOut, **ERRORS},
    summary="Withdraw a catalogue entry",
)
def press_catalogue_withdraw(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    entry = services.item_withdraw(item=_entry(entry_id), by=me(request))
    assert isinstance(entry, CatalogueEntry)  # noqa: S101  # the same model comes back
    return selectors.catalogue_entry_out(entry)


# --- requests for materials -------------------------------------------------------------------


@requests_router.read(
    "/",
    action="materials.request",
    response=list[MaterialsRequestOut],
    summary="Requests for materials",
)
def requests_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every request, latest first, with each state's standing and answers."""
    with translation.override(me(request).language):
        return [selectors.request_out(r) for r in selectors.requests_all()[:500]]


@requests_router.create(
    "/",
    action="materials.request",
    response={201: MaterialsRequestOut, **ERRORS},
    summary="Request materials",
)
def requests_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """Ask member states for materials by a due date; their users are reminded before it."""
    codes = [c.upper() for c in payload.states]
    states = list(State.objects.filter(code__in=codes))
    if len(states) != len(set(codes)):
        raise NotFoundError(translation.gettext_lazy("There is no such state."))
    user = me(request)
    made = services.materials_request_create(
        title=payload.title.dict(),
        text=payload.text.dict(),
        states=states,
        due_on=payload.due_on,
        by=user,
    )
    with translation.override(user.language):
        return Status(201, selectors.request_out(selectors.request_of(made.pk)))


@requests_router.read(
    "/mine",
    action="materials.answer",
    response=list[MaterialsRequestOut],
    summary="Requests to one's member state",
)
def requests_mine(request: HttpRequest) -> list[dict[str, Any]]:
    """The requests addressed to your member state, with its own standing and answers."""
    user = me(request)
    state_id = user.delegation.state_id if user.delegation else None
    with translation.override(user.language):
        return [selectors.request_out(r, only_state=state_id) for r in selectors.requests_to(user)]


@requests_router.read(
    "/{request_id}",
    action="materials.request",
    response={200: MaterialsRequestOut, 404: ErrorOut},
    summary="A request for materials",
)
def requests_detail(request: HttpRequest, request_id: int) -> dict[str, Any]:
    with translation.override(me(request).language):
        return selectors.request_out(selectors.request_of(request_id))


@requests_router.create(
    "/{request_id}/remind",
    action="materials.request",
    response={200: RemindedOut, **ERRORS},
    summary="Remind the states still awaiting",
)
def requests_remind(request: HttpRequest, request_id: int) -> dict[str, Any]:
    """Remind today the member states that have not answered (before the due date)."""
    user = me(request)
    found = selectors.request_of(request_id)
    reminders = services.materials_remind(request=found, by=user)
    with translation.override(user.language):
        shown = selectors.request_out(selectors.request_of(request_id))
    return {"recipients": len({r.recipient_id for r in reminders}), "request": shown}


@requests_router.create(
    "/{request_id}/answers",
    action="materials.answer",
    response={201: AnsweredOut, **ERRORS},
    summary="Answer for one's member state",
)
def requests_answer(
    request: HttpRequest, request_id: int, payload: AnswerIn
) -> Status[dict[str, Any]]:
    """Your member state's answer (text; a file goes through the page). Late ones are kept."""
    user = me(request)
    found = found_or_404(
        selectors.requests_all(),
        translation.gettext_lazy("There is no such request."),
        pk=request_id,
    )
    state = None
    if payload.state:
        state = found_or_404(
            State, translation.gettext_lazy("There is no such state."), code=payload.state.upper()
        )
    answer = services.materials_answer(request=found, state=state, text=payload.text, by=user)
    with translation.override(user.language):
        shown = selectors.request_out(
            selectors.request_of(request_id), only_state=answer.addressee.state_id
        )
    return Status(201, {"answer": answer.pk, "late": answer.late, "request": shown})
