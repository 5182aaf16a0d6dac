"""``secretariat relations demo``: everything the brief asks for, marked as demo, made once."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from secretariat.relations import selectors
from secretariat.relations.demo import NOTE_REFERENCE
from secretariat.relations.models import (
    Agreement,
    Contact,
    Engagement,
    Event,
    Mission,
    NgoInteraction,
    PartnerMeeting,
)
from tests.factories.registry import registry_with_delegations
from tests.factories.relations import officer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_the_demo_makes_every_part_once_and_marks_it_as_demo() -> None:
    out = StringIO()
    call_command("relations", "demo", stdout=out)
    again = StringIO()
    call_command("relations", "demo", stdout=again)

    contacts = list(Contact.objects.all())
    assert len(contacts) == 2
    assert contacts[0].partner.organisation is not None
    assert contacts[0].partner.organisation.abbreviation == "UN"
    assert PartnerMeeting.objects.get().is_demo
    agreement = Agreement.objects.get()
    assert agreement.title_en.startswith("Demo: ")
    verdict = selectors.consent_board(agreement).verdict
    assert verdict.missing == ("KZ", "RU")
    by_note = agreement.consents.exclude(note_reference="").get()
    assert by_note.state.code == "CN"
    assert by_note.note_reference == NOTE_REFERENCE
    assert by_note.note_dated == timezone.localdate(agreement.created_at)
    assert "Demo" not in by_note.decided_by_name
    assert NgoInteraction.objects.get().body is not None
    assert Event.objects.get().kind == "conference"
    mission = Mission.objects.get()
    assert mission.report_text
    assert mission.head is not None
    lines = selectors.schedule(officer())
    assert len(lines) == 6
    assert sum(1 for line in lines if line.warnings) == 2
    for model in (Contact, PartnerMeeting, Agreement, NgoInteraction, Event, Mission, Engagement):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert "awaits the consent of" in out.getvalue()
    assert "registered from note verbale" in out.getvalue()
    assert "already there" in again.getvalue()


def test_every_page_shows_the_demo_in_russian_with_its_badge() -> None:
    from django.test import Client

    from secretariat.relations.models import Participation
    from tests.factories.accounts import user_get_or_create as user

    call_command("relations", "demo", stdout=StringIO())
    client = Client()
    client.force_login(user("sg", "secretary_general", "sco-secretariat"))
    contact = Contact.objects.select_related("partner").first()
    assert contact is not None
    pages = [
        "/ru/relations/",
        f"/ru/relations/partners/org/{contact.partner.organisation_id}/",
        f"/ru/relations/partners/state/{Participation.objects.get().state_id}/",
        "/ru/relations/agreements/",
        f"/ru/relations/agreements/{Agreement.objects.get().pk}/",
        "/ru/relations/participation/",
        "/ru/relations/ngo/",
        "/ru/relations/events/",
        f"/ru/relations/events/{Event.objects.get().pk}/",
        "/ru/relations/missions/",
        f"/ru/relations/missions/{Mission.objects.get().pk}/",
        "/ru/relations/protocol/",
        f"/ru/relations/protocol/{Engagement.objects.first().pk}/",  # type: ignore[union-attr]
    ]

    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert 'lang="ru"' in page, path
        if path != "/ru/relations/":
            assert "badge" in page, path


def test_the_note_is_added_to_an_earlier_demo_once() -> None:
    from secretariat.relations.models import Consent

    call_command("relations", "demo", stdout=StringIO())
    Consent.objects.exclude(note_reference="").update(
        note_reference="", note_dated=None, registered_by=None
    )  # as the demo was before the note verbale
    out = StringIO()
    call_command("relations", "demo", stdout=out)
    again = StringIO()
    call_command("relations", "demo", stdout=again)

    assert "registered from note verbale" in out.getvalue()
    assert Consent.objects.exclude(note_reference="").count() == 1
    assert "already there" in again.getvalue()
