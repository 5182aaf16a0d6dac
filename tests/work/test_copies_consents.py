"""The start page's other sources: a member state's consent to an extraordinary CMFA meeting,
and the certified copies the depositary must make (SEC-CERTIFIED-7D)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import typst
from django.utils import timezone

from secretariat.depositary.services import original_register
from secretariat.meetings.services import meeting_initiate_extraordinary, meeting_transition
from secretariat.registry.models import Body
from secretariat.work.selectors import work_of
from tests.factories.accounts import member_state
from tests.factories.decisions import adopted_document
from tests.factories.meetings import join_all, record_appeal
from tests.factories.registry import registry_with_delegations

from .support import person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_a_member_state_asked_for_its_consent_owes_it_and_the_initiators_wait() -> None:
    meeting = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[member_state("CN"), member_state("RU")],
        proposed_start=dt.date(2027, 3, 31),
    )
    join_all(meeting)
    record_appeal(meeting, dt.date(2026, 12, 1))
    meeting_transition(meeting=meeting, event="receive_letters")

    kz = work_of(person("national_coordinator", "kz"), "ru")
    consent = [i for i in kz.due if i.source == "consent"]
    assert len(consent) == 1
    assert consent[0].link == f"/ru/meetings/{meeting.pk}/#consent-form"
    assert consent[0].action.startswith("Дать или не дать согласие")
    assert consent[0].rule_id == "CMFA-EXTRA-INITIATORS"
    cn = work_of(person("national_coordinator", "cn"), "en")
    awaited = {i.who for i in cn.waiting if i.source == "consent"}
    assert "Kazakhstan" in " ".join(awaited)
    assert all("Kazakhstan" not in i.action for i in cn.due)


def scan_pdf() -> bytes:
    pdf = typst.compile(b"Original page 1", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def test_copies_to_make_are_due_from_the_depositary_and_shown_to_the_secretary_general() -> None:
    original = original_register(
        document=adopted_document(),
        received_on=timezone.localdate() - dt.timedelta(days=2),
        scan=scan_pdf(),
        scan_name="original.pdf",
        storage_location="Strongroom A",
    )
    depositary = work_of(person("secretariat_depositary", "sco-secretariat"), "en")
    making = [i for i in depositary.due if i.source == "copies_make"]
    assert len(making) == 1
    assert making[0].rule_id == "SEC-CERTIFIED-7D"
    assert making[0].due == original.received_on + dt.timedelta(days=7)
    assert making[0].when == "in 5 days"
    assert making[0].link == f"/depositary/{original.pk}/"
    assert "Kazakhstan" in making[0].action
    sg = work_of(person("secretary_general", "sco-secretariat"), "en")
    assert [i.source for i in sg.waiting if i.rule_id == "SEC-CERTIFIED-7D"] == ["copies_make"]
    assert not [i for i in sg.due if i.rule_id == "SEC-CERTIFIED-7D"]
    kz = work_of(person("national_coordinator", "kz"), "en")
    assert not [i for i in kz.due if i.rule_id == "SEC-CERTIFIED-7D"]
