"""Decisions taken through the services: a Board decision adopted on a held meeting's first
item, with its document."""

from __future__ import annotations

from secretariat.decisions.services import decision_record
from secretariat.documents.models import Document
from tests.factories.documents import board_draft
from tests.factories.meetings import first_item, held_board_meeting


def adopted_document() -> Document:
    """The document of a Board decision: ``board_draft`` on the first item of a
    ``held_board_meeting``, recorded as the decision on that item (needs the registry and the
    delegations)."""
    meeting = held_board_meeting()
    document = board_draft(meeting)
    decision_record(item=first_item(meeting), document=document)
    document.refresh_from_db()
    return document
