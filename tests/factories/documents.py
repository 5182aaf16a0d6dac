"""Documents taken through the services: a Board draft decision in ru, zh and en."""

from __future__ import annotations

from secretariat.accounts.models import Delegation
from secretariat.documents.models import Document
from secretariat.documents.services import document_create, language_version_add
from secretariat.meetings.models import Meeting
from secretariat.registry.models import Body
from tests.factories.meetings import first_item

RU = "Совет принимает решение.\n\nСтатья 2. Решение вступает в силу со дня подписания."
ZH = "理事会作出决定。\n\n第二条 本决定自签署之日起生效。"
EN = "The Board decides.\n\nArticle 2. The decision enters into force on signature."


def board_draft(
    meeting: Meeting, *, owner: str = "bc-secretariat", type: str = "decision"
) -> Document:
    """A draft decision of the Board on the meeting's first item, in ru, zh and en."""
    document = document_create(
        type=type,
        body=Body.objects.get(code="bcb"),
        title={"en": "Decision on the energy club", "ru": "Решение об энергетическом клубе"},
        owner=Delegation.objects.get(code=owner),
        meeting=meeting,
        agenda_item=first_item(meeting),
        areas=["trade_economic"],
    )
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        language_version_add(document=document, lang=lang, text=text)
    document.refresh_from_db()
    return document
