"""The pages of documents, decisions and the depositary: who sees what, each step's form, and
refusals shown with their rules."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils import timezone

from secretariat.decisions.services import decision_record, task_add
from secretariat.documents import services
from secretariat.documents.models import Document, DocumentStatus
from secretariat.registry.models import State
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN, board_draft
from tests.factories.meetings import first_item, held_board_meeting
from tests.factories.registry import registry_with_delegations
from tests.factories.signing import use_keys

pytestmark = pytest.mark.django_db
PREFIXES = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def client(username: str, role: str, delegation: str) -> Client:
    return logged_in(user(username, role, delegation))


def officer() -> Client:
    return client("officer", "secretariat_officer", "sco-secretariat")


def open_draft(by: Client) -> int:
    response = by.post(
        "/documents/new/",
        {
            "type": "declaration",
            "body": "cnc",
            "title_en": "Declaration on connectivity",
            "title_ru": "Декларация о взаимосвязанности",
            "areas": ["trade_economic"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize("lang", PREFIXES)
def test_a_delegation_opens_a_draft_and_adds_its_texts_on_the_pages(lang: str) -> None:
    coordinator = client("coordinator-kz", "national_coordinator", "kz")
    document_id = open_draft(coordinator)
    document = Document.objects.get(pk=document_id)
    made = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("Государства-члены заявляют о взаимосвязанности.")
    word.save(made)
    upload = io.BytesIO(made.getvalue())
    upload.name = "declaration-ru.docx"

    added = coordinator.post(
        f"/documents/{document_id}/text/",
        {"lang": "ru", "file": upload, "text": "", "expected_version": document.version},
    )
    page = coordinator.get(f"{PREFIXES[lang]}/documents/{document_id}/")

    assert added.status_code == 302
    assert page.status_code == 200
    assert "Государства-члены заявляют о взаимосвязанности." in page.content.decode()
    assert "declaration-ru.docx" in page.content.decode()


def test_a_second_russian_version_is_refused_on_the_page_with_its_reason() -> None:
    coordinator = client("coordinator-kz", "national_coordinator", "kz")
    document_id = open_draft(coordinator)
    services.language_version_add(
        document=Document.objects.get(pk=document_id), lang="ru", text="Текст."
    )
    version = Document.objects.get(pk=document_id).version

    response = coordinator.post(
        f"/ru/documents/{document_id}/text/",
        {"lang": "ru", "text": "Другой текст.", "expected_version": version},
    )

    assert response.status_code == 409
    assert "уже есть версия" in response.content.decode()


def test_a_draft_is_private_to_its_delegation_and_the_secretariat_until_circulated() -> None:
    coordinator = client("coordinator-kz", "national_coordinator", "kz")
    document_id = open_draft(coordinator)
    services.language_version_add(document=Document.objects.get(pk=document_id), lang="en", text=EN)
    other = client("coordinator-ru", "national_coordinator", "ru")

    assert other.get(f"/documents/{document_id}/").status_code == 404
    assert other.get(f"/api/documents/{document_id}").status_code == 404
    assert officer().get(f"/documents/{document_id}/").status_code == 200

    services.document_circulate(
        document=Document.objects.get(pk=document_id), cnc_consent_on=timezone.localdate()
    )
    assert other.get(f"/documents/{document_id}/").status_code == 200


def test_circulation_without_the_cncs_consent_is_refused_on_the_page_citing_the_rule() -> None:
    coordinator = client("coordinator-kz", "national_coordinator", "kz")
    document_id = open_draft(coordinator)
    document = Document.objects.get(pk=document_id)
    services.language_version_add(document=document, lang="en", text=EN)
    document.refresh_from_db()

    response = officer().post(
        f"/documents/{document_id}/circulate/", {"expected_version": document.version}
    )

    assert response.status_code == 400
    assert "SEC-CIRCULATE-CNC" in response.content.decode()
    assert Document.objects.get(pk=document_id).status == DocumentStatus.DRAFT


def test_the_comparison_page_marks_what_changed_between_two_revisions() -> None:
    document = board_draft(held_board_meeting())
    services.revision_add(document=document, lang="en", text=EN.replace("decides", "resolves"))

    page = officer().get(f"/documents/{document.pk}/compare/?lang=en&old=1&new=2")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<del>decides</del>" in html
    assert "<ins>resolves</ins>" in html


def test_the_decision_pages_and_the_dashboard_show_fulfilment() -> None:
    meeting = held_board_meeting()
    document = board_draft(meeting)
    decision = decision_record(item=first_item(meeting), document=document)
    task_add(
        decision=decision,
        title={"en": "Open the energy desk"},
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    reader = client("pr-kz", "permanent_representative", "kz")

    listing = reader.get("/decisions/")
    page = reader.get(f"/zh-hans/decisions/{decision.pk}/")
    dashboard = reader.get("/ru/decisions/dashboard/")
    report = reader.post(
        f"/decisions/{decision.pk}/report/",
        {
            "task": decision.tasks.get().pk,
            "percent": 20,
            "text": "Begun.",
            "expected_version": decision.version,
        },
    )

    assert decision.number in listing.content.decode()
    assert page.status_code == 200
    assert "Open the energy desk" in page.content.decode()
    assert "Open the energy desk" in dashboard.content.decode()
    assert report.status_code == 302
    assert decision.tasks.get().percent == 20


def test_the_depositary_register_page_shows_the_chain_and_verification_is_public(
    settings: Any, tmp_path: Path
) -> None:
    use_keys(settings, tmp_path / "keys")
    depositary = client("depositary", "secretariat_depositary", "sco-secretariat")
    anyone = Client()

    register = depositary.get("/depositary/")
    verify = anyone.get("/ru/depositary/verify/")
    not_a_copy = io.BytesIO(b"%PDF-1.7 not really")
    not_a_copy.name = "x.pdf"
    answer = anyone.post("/depositary/verify/", {"file": not_a_copy})

    assert register.status_code == 200
    assert 'id="register-check"' in register.content.decode()
    assert verify.status_code == 200
    assert answer.status_code == 200
    assert 'id="verdict"' in answer.content.decode()
    assert anyone.get("/depositary/").status_code in (302, 401, 403)


def test_the_secretariat_records_a_decision_from_an_adopted_item_on_the_page() -> None:
    meeting = held_board_meeting()
    document = board_draft(meeting)
    recorder = client("bc-recorder", "bc_secretariat_officer", "bc-secretariat")
    item = first_item(meeting)

    listing = recorder.get("/decisions/").content.decode()
    recorded = recorder.post(
        "/decisions/new/",
        {"item": item.pk, "document": document.pk, "areas": ["trade_economic"]},
    )
    again = recorder.post("/decisions/new/", {"item": item.pk})

    assert 'id="record-form"' in listing
    assert recorded.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.ADOPTED
    assert again.status_code == 400  # the item is no longer offered: its decision exists
    reader = client("pr-kz", "permanent_representative", "kz")
    assert 'id="record-form"' not in reader.get("/decisions/").content.decode()
