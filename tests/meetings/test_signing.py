"""Signing the minutes (BCB-MINUTES-SIGN): the text is frozen when the meeting concludes,
each national part's head (or its authorised Board member when the head was absent) reviews
that PDF and signs its SHA-256, and the last part's signature takes sign_minutes."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from secretariat.accounts.models import User
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.meetings.minutes_pdf import minutes_pdf
from secretariat.meetings.models import Meeting, MinutesSignature, MinutesText
from secretariat.meetings.services import (
    minutes_sign,
    minutes_to_sign,
    position_record,
)
from secretariat.registry.services import LoadReport
from tests.factories import accounts
from tests.factories.registry import registry_loaded

from .test_content import PARTS, bc_officer, concluded, first_item, in_session, part, user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    from secretariat.accounts.services import delegations_sync

    delegations_sync()
    cache.clear()


def head(state: str) -> User:
    signer = user(f"{state.lower()}-head", f"np-{state.lower()}", "np_chair")
    signer.first_name, signer.last_name = "Head", f"of {state}"
    signer.save(update_fields=["first_name", "last_name"])
    return signer


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def state_of(meeting: Meeting) -> str:
    return Meeting.objects.get(pk=meeting.pk).state


# --- services ---------------------------------------------------------------------------------


def test_the_text_is_frozen_when_the_meeting_concludes_and_every_part_signs_its_hash() -> None:
    meeting = concluded()
    frozen = MinutesText.objects.get(meeting=meeting)

    for state in PARTS[:3]:
        minutes_sign(
            meeting=meeting, delegation=part(state), user=head(state), pdf_sha256=frozen.pdf_sha256
        )

    assert hashlib.sha256(bytes(frozen.pdf)).hexdigest() == frozen.pdf_sha256
    # The same text for every signatory, whatever was signed since.
    assert minutes_to_sign(meeting).pdf_sha256 == frozen.pdf_sha256
    assert bytes(minutes_to_sign(meeting).pdf) == bytes(frozen.pdf)
    assert set(MinutesSignature.objects.values_list("pdf_sha256", flat=True)) == {frozen.pdf_sha256}
    # The final minutes (with the signatures) are another PDF than the one signed.
    assert hashlib.sha256(minutes_pdf(meeting)).hexdigest() != frozen.pdf_sha256


def test_the_text_to_sign_is_refused_before_the_meeting_concludes() -> None:
    meeting = in_session()

    with pytest.raises(InvalidInputError) as raised:
        minutes_to_sign(meeting)

    assert raised.value.code == "minutes_not_ready"
    assert not MinutesText.objects.exists()


def test_a_signatory_who_reviewed_another_text_is_refused_and_nothing_is_written() -> None:
    meeting = concluded()
    version = Meeting.objects.get(pk=meeting.pk).version

    with pytest.raises(ConflictError) as raised:
        minutes_sign(meeting=meeting, delegation=part("CN"), user=head("CN"), pdf_sha256="0" * 64)

    assert raised.value.code == "minutes_text_changed"
    assert not MinutesSignature.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).version == version


def test_the_last_signature_takes_the_step_and_the_minutes_name_every_signatory() -> None:
    meeting = concluded(KG=False)
    digest = minutes_to_sign(meeting).pdf_sha256
    member = user("kg-member", "np-kg", "np_board_member")
    member.first_name, member.last_name = "Aibek", "Asanov"
    member.save(update_fields=["first_name", "last_name"])

    results = []
    for state in PARTS:
        signer = member if state == "KG" else head(state)
        results.append(
            minutes_sign(meeting=meeting, delegation=part(state), user=signer, pdf_sha256=digest)
        )

    assert [r.transition is not None for r in results] == [False] * 9 + [True]
    assert state_of(meeting) == "minutes_signed"
    assert results[-1].transition.event == "sign_minutes"  # type: ignore[union-attr]
    text = " ".join(text_of(minutes_pdf(Meeting.objects.get(pk=meeting.pk))).split())
    assert "Head of CN" in text
    assert "Aibek Asanov" in text
    assert "kg-member" not in text
    # The part, and the capacity in which each signed, in the three languages.
    assert "Kyrgyz" in text
    assert "Head of the national part" in text
    assert "authorised to sign in the head's absence" in text
    assert "Руководитель национальной части" in text
    assert "уполномоченный подписать в отсутствие руководителя" in text
    assert "国家分部负责人" in text
    # The hash of the text signed, written under the signatures.
    assert digest in text.replace(" ", "")


def test_a_board_member_signs_only_when_the_head_was_recorded_absent() -> None:
    present = concluded()
    member = user("kz-member", "np-kz", "np_board_member")

    from secretariat.meetings.services import MeetingRefusedError, signing_capacity

    with pytest.raises(MeetingRefusedError) as raised:
        minutes_sign(meeting=present, delegation=part("KZ"), user=member)

    assert raised.value.code == "not_entitled_to_sign"
    assert raised.value.rules == ("BCB-MINUTES-SIGN",)
    assert signing_capacity(present, head("KZ"), part("KZ")) == "head"
    assert signing_capacity(present, member, part("KZ")) is None
    assert signing_capacity(present, head("KZ"), part("CN")) is None


# --- pages ------------------------------------------------------------------------------------


def page_of(meeting: Meeting, who: User) -> str:
    return accounts.logged_in(who).get(f"/meetings/{meeting.pk}/").content.decode()


def test_the_sign_form_is_shown_only_to_those_who_may_sign_for_their_part_now() -> None:
    meeting = concluded(KG=False)
    digest = minutes_to_sign(meeting).pdf_sha256

    officer_page = page_of(meeting, bc_officer())
    assert 'id="sign-form"' not in officer_page
    # No step button for the officer: the last signature takes the step.
    assert 'name="event" value="sign_minutes"' not in officer_page
    assert digest in officer_page
    assert 'id="sign-form"' in page_of(meeting, head("CN"))
    assert f'value="{digest}"' in page_of(meeting, head("CN"))
    assert 'id="sign-form"' not in page_of(meeting, user("kz-member", "np-kz", "np_board_member"))
    assert 'id="sign-form"' in page_of(meeting, user("kg-member", "np-kg", "np_board_member"))
    assert 'id="sign-form"' not in page_of(meeting, user("kz-deputy", "kz", "deputy"))


def test_a_head_signs_on_the_page_with_the_hash_of_the_text_reviewed() -> None:
    meeting = concluded()
    client = accounts.logged_in(head("CN"))
    pdf = client.get(f"/meetings/{meeting.pk}/minutes-to-sign.pdf")
    digest = hashlib.sha256(pdf.content).hexdigest()

    wrong = client.post(
        f"/meetings/{meeting.pk}/sign/",
        {"pdf_sha256": "f" * 64, "expected_version": Meeting.objects.get(pk=meeting.pk).version},
    )
    signed = client.post(
        f"/meetings/{meeting.pk}/sign/",
        {"pdf_sha256": digest, "expected_version": Meeting.objects.get(pk=meeting.pk).version},
    )
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == digest
    assert wrong.status_code == 409
    assert signed.status_code == 302
    assert MinutesSignature.objects.get().pdf_sha256 == digest
    assert 'id="sign-form"' not in page
    assert "Head of CN" in page


# --- API --------------------------------------------------------------------------------------


def sign_by_api(meeting: Meeting, who: User, body: dict[str, Any]) -> Any:
    return accounts.logged_in(who).post(
        f"/api/meetings/{meeting.pk}/signatures", json.dumps(body), content_type="application/json"
    )


def test_the_api_gives_the_text_to_sign_and_takes_signatures_of_its_hash() -> None:
    meeting = concluded()
    client = accounts.logged_in(head("CN"))
    pdf = client.get(f"/api/meetings/{meeting.pk}/minutes/to-sign.pdf")
    detail = client.get(f"/api/meetings/{meeting.pk}").json()
    digest = pdf["X-Content-SHA256"]

    missing = sign_by_api(meeting, head("CN"), {})
    wrong = sign_by_api(meeting, head("CN"), {"pdf_sha256": "a" * 64})
    signed = sign_by_api(meeting, head("CN"), {"pdf_sha256": digest})

    assert hashlib.sha256(pdf.content).hexdigest() == digest
    assert detail["minutes_to_sign_sha256"] == digest
    assert missing.status_code in (400, 422)
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "minutes_text_changed"
    assert signed.status_code == 201, signed.content
    signature = signed.json()["signatures"][0]
    assert signature["signed_by"] == "Head of CN"
    assert signature["pdf_sha256"] == digest
    assert signature["capacity"] == "Head of the national part"


def test_the_api_refuses_the_text_to_sign_before_the_meeting_concludes() -> None:
    meeting = in_session()
    position_record(
        meeting=meeting, item=first_item(meeting), delegation=part("CN"), position="support"
    )

    response = accounts.logged_in(head("CN")).get(f"/api/meetings/{meeting.pk}/minutes/to-sign.pdf")

    assert response.status_code == 400
    assert response.json()["code"] == "minutes_not_ready"
