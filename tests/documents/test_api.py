"""A draft treaty through the REST API, each step by the user who takes it: texts typed and
uploaded, a comparison, the consultation, both assessments and circulation."""

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

from secretariat.accounts.models import User
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN, RU, ZH
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


class Api:
    def __init__(self, username: str, role: str, delegation: str) -> None:
        self.client = Client()
        self.client.force_login(user(username, role, delegation))

    def post(self, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        response = self.client.post(f"/api/documents{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
        return dict(response.json())


def word_file(text: str) -> io.BytesIO:
    made = io.BytesIO()
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    document.save(made)
    upload = io.BytesIO(made.getvalue())
    upload.name = "treaty-en.docx"
    return upload


def test_a_draft_treaty_goes_from_first_text_to_circulation_through_the_api() -> None:
    kz = Api("coordinator-kz", "national_coordinator", "kz")
    ru = Api("permrep-ru", "permanent_representative", "ru")
    officer = Api("officer", "secretariat_officer", "sco-secretariat")
    legal = Api("legal", "secretariat_legal", "sco-secretariat")
    finance = Api("finance", "secretariat_finance", "sco-secretariat")
    today = timezone.localdate()

    doc = kz.post(
        "/",
        {
            "type": "agreement",
            "body": "cnc",
            "title_en": "Agreement on customs",
            "areas": ["trade_economic"],
        },
    )
    for lang, text in (("ru", RU), ("zh", ZH)):
        doc = kz.post(
            f"/{doc['id']}/languages",
            {"lang": lang, "text": text, "expected_version": doc["version"]},
        )
    uploaded = kz.client.post(
        f"/api/documents/{doc['id']}/languages/upload",
        {"lang": "en", "file": word_file(EN), "expected_version": doc["version"]},
    )
    assert uploaded.status_code == 201, uploaded.content
    doc = uploaded.json()
    doc = kz.post(
        f"/{doc['id']}/revisions",
        {
            "lang": "en",
            "text": EN.replace("decides", "resolves"),
            "expected_version": doc["version"],
        },
    )
    twice = kz.post(f"/{doc['id']}/languages", {"lang": "ru", "text": "x"}, status=409)
    compared = kz.client.get(f"/api/documents/{doc['id']}/compare?lang=en&old=1&new=2").json()

    doc = officer.post(
        f"/{doc['id']}/consultations",
        {
            "cnc_agreed_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=7)).isoformat(),
            "expected_version": doc["version"],
        },
    )
    doc = ru.post(
        f"/{doc['id']}/comments", {"text": "Name the customs posts.", "reference": "Art. 2"}
    )
    comment = doc["consultations"][0]["comments"][0]
    early = officer.post(
        f"/{doc['id']}/circulation", {"cnc_consent_on": today.isoformat()}, status=409
    )
    doc = officer.post(f"/{doc['id']}/consultations/close", {"expected_version": doc["version"]})
    resolved = officer.client.put(
        f"/api/documents/{doc['id']}/comments/{comment['id']}",
        {"resolution": "partly", "note": "Listed in an annex.", "expected_version": doc["version"]},
        content_type="application/json",
    )
    assert resolved.status_code == 201, resolved.content
    doc = resolved.json()
    unassessed = officer.post(
        f"/{doc['id']}/circulation", {"cnc_consent_on": today.isoformat()}, status=400
    )
    doc = legal.post(
        f"/{doc['id']}/assessments",
        {"kind": "legal", "conclusion": "favourable", "text": "Consistent."},
    )
    doc = finance.post(
        f"/{doc['id']}/assessments",
        {"kind": "financial", "conclusion": "remarks", "text": "Annex costs."},
    )
    doc = officer.post(
        f"/{doc['id']}/circulation",
        {"cnc_consent_on": today.isoformat(), "expected_version": doc["version"]},
    )
    seen_by_ru = ru.client.get(f"/api/documents/{doc['id']}").json()

    assert twice["code"] == "language_version_exists"
    assert compared["counts"]["paragraphs_changed"] == 1
    assert "-The Board decides." in compared["unified_diff"]
    assert early["code"] == "consultation_open"
    assert early["rules"] == ["SEC-CONSULT"]
    assert unassessed["code"] == "assessment_required"
    assert unassessed["rules"] == ["SEC-ASSESS"]
    assert doc["status"] == "circulated"
    assert doc["circulation"]["rules"] == ["SEC-CIRCULATE-CNC"]
    assert [v["lang"] for v in doc["languages"]] == ["ru", "zh", "en"]  # authentic first
    english = next(v for v in doc["languages"] if v["lang"] == "en")
    assert english["revisions"][0]["file_name"] == "treaty-en.docx"
    assert english["authentic"] is False
    # The member states see the circulated draft but not the Secretariat's assessments.
    assert seen_by_ru["status"] == "circulated"
    assert seen_by_ru["assessments"] == []
    assert len(doc["assessments"]) == 2


def test_an_oversized_upload_answers_413_with_its_code(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 100
    kz = Api("coordinator-kz", "national_coordinator", "kz")
    doc = kz.post("/", {"type": "report", "body": "cnc", "title_en": "Report"})

    response = kz.client.post(
        f"/api/documents/{doc['id']}/languages/upload", {"lang": "en", "file": word_file(EN)}
    )

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert kz.client.get(f"/api/documents/{doc['id']}").json()["languages"] == []


def test_a_draft_may_be_titled_in_russian_or_chinese_alone_but_not_in_no_language() -> None:
    kz = Api("coordinator-kz", "national_coordinator", "kz")
    doc = kz.post("/", {"type": "agreement", "body": "cnc", "title_ru": "Соглашение о таможне"})
    assert (doc["title_ru"], doc["title_en"], doc["title_zh"]) == ("Соглашение о таможне", "", "")
    doc = kz.post("/", {"type": "agreement", "body": "cnc", "title_zh": "海关协定"})
    assert doc["title_zh"] == "海关协定"
    # Told in the caller's own language.
    User.objects.filter(username="coordinator-kz").update(language="ru")
    refused = kz.client.post(
        "/api/documents/",
        {"type": "agreement", "body": "cnc", "title_en": " "},
        content_type="application/json",
    )
    assert refused.json()["code"] == "title_required", refused.content
    assert "хотя бы на одном из языков" in refused.json()["message"]
