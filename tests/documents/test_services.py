"""Drafts from first text to circulation: language versions, revisions, consultations,
assessments and the CNC's consent, each refusal cited and nothing half-saved."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils import timezone

from secretariat.accounts.models import Delegation
from secretariat.core.errors import RefusedError, SecretariatError
from secretariat.documents import services
from secretariat.documents.models import (
    Comment,
    Document,
    DocumentStatus,
    LanguageVersion,
    Revision,
)
from secretariat.meetings.services import meeting_plan
from secretariat.registry.models import Body
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN, RU, ZH
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return Path(settings.MEDIA_ROOT)


def today() -> dt.date:
    return timezone.localdate()


def cnc_meeting(days_ahead: int = 60) -> Any:
    return meeting_plan(
        body=Body.objects.get(code="cnc"),
        kind="sco-meeting",
        start=today() + dt.timedelta(days=days_ahead),
    ).meeting


def draft(type: str = "decision", meeting: Any = None, owner: str = "kz") -> Document:
    document = services.document_create(
        type=type,
        body=Body.objects.get(code="cnc"),
        title={"en": "On cooperation in digital economy", "ru": "О сотрудничестве"},
        owner=Delegation.objects.get(code=owner),
        meeting=meeting,
        areas=["trade_economic", "informational"],
    )
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        services.language_version_add(document=document, lang=lang, text=text)
    document.refresh_from_db()
    return document


def docx_bytes(*paragraphs: str) -> bytes:
    out = io.BytesIO()
    made = docx.Document()
    for p in paragraphs:
        made.add_paragraph(p)
    made.save(out)
    return out.getvalue()


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_russian_and_chinese_versions_are_authentic_and_english_a_translation() -> None:
    document = draft()

    versions = {v.lang: v.authentic for v in document.languages.all()}

    assert versions == {"ru": True, "zh": True, "en": False}
    assert document.status == DocumentStatus.DRAFT
    assert document.version == 4  # created, then one raise per language added


def test_a_second_version_in_a_language_that_has_one_is_refused_and_nothing_is_added() -> None:
    document = draft()

    with pytest.raises(RefusedError) as refused:
        services.language_version_add(document=document, lang="ru", text="Другой текст")

    assert refused.value.code == "language_version_exists"
    assert refused.value.status == 409
    assert document.languages.filter(lang="ru").count() == 1
    assert Revision.objects.filter(language_version__document=document).count() == 3


def test_an_unknown_area_of_cooperation_is_refused_citing_the_strategy() -> None:
    with pytest.raises(RefusedError) as refused:
        services.document_create(
            type="decision",
            body=Body.objects.get(code="cnc"),
            title={"en": "X"},
            owner=Delegation.objects.get(code="kz"),
            areas=["space_tourism"],
        )

    assert refused.value.code == "unknown_area"
    assert refused.value.rules == ("STRAT-AREAS",)
    assert not Document.objects.filter(title_en="X").exists()


def test_a_partner_does_not_prepare_drafts() -> None:
    partner = Delegation.objects.filter(kind="partner_state").first()
    assert partner is not None

    with pytest.raises(RefusedError) as refused:
        services.document_create(
            type="decision", body=Body.objects.get(code="cnc"), title={"en": "Y"}, owner=partner
        )

    assert refused.value.code == "not_a_drafter"


def test_a_docx_upload_is_kept_with_its_text_and_checksum(media: Path) -> None:
    document = services.document_create(
        type="report",
        body=Body.objects.get(code="cnc"),
        title={"en": "Report"},
        owner=Delegation.objects.get(code="sco-secretariat"),
    )
    data = docx_bytes("Доклад о деятельности.", "Второй абзац.")

    version = services.language_version_add(
        document=document, lang="ru", upload=services.Upload(data, "doklad.docx")
    )

    revision = version.revisions.get()
    assert "Доклад о деятельности." in revision.text
    assert "Второй абзац." in revision.text
    assert revision.file_name == "doklad.docx"
    assert revision.size == len(data)
    assert len(revision.sha256) == 64
    with revision.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"PK\x03\x04broken zip" + b"\x00" * 40, "draft.docx", "upload_corrupt"),
        (b"MZ\x90\x00 an executable", "draft.exe", "upload_type_not_allowed"),
        (b"", "empty.docx", "upload_empty"),
    ],
)
def test_a_bad_upload_gets_its_code_and_leaves_no_row_and_no_file(
    data: bytes, name: str, code: str, media: Path
) -> None:
    document = services.document_create(
        type="report",
        body=Body.objects.get(code="cnc"),
        title={"en": "Report"},
        owner=Delegation.objects.get(code="sco-secretariat"),
    )

    with pytest.raises(SecretariatError) as refused:
        services.language_version_add(
            document=document, lang="ru", upload=services.Upload(data, name)
        )

    assert refused.value.code == code
    assert not LanguageVersion.objects.filter(document=document).exists()
    assert files_under(media) == []
    document.refresh_from_db()
    assert document.version == 1


def test_an_oversized_upload_is_refused_before_anything_is_written(
    settings: Any, media: Path
) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    document = services.document_create(
        type="report",
        body=Body.objects.get(code="cnc"),
        title={"en": "Report"},
        owner=Delegation.objects.get(code="sco-secretariat"),
    )

    with pytest.raises(SecretariatError) as refused:
        services.language_version_add(
            document=document,
            lang="en",
            upload=services.Upload(docx_bytes("word " * 2000), "big.docx"),
        )

    assert refused.value.code == "upload_too_large"
    assert refused.value.status == 413
    assert files_under(media) == []


def test_a_revision_records_who_and_when_and_an_unchanged_text_is_refused() -> None:
    document = draft()
    officer = user("officer", "secretariat_officer", "sco-secretariat")

    revision = services.revision_add(
        document=document,
        lang="en",
        text=EN.replace("decides", "resolves"),
        by=officer,
        note="wording",
        expected_version=document.version,
    )

    assert revision.number == 2
    assert revision.made_by == officer
    with pytest.raises(RefusedError) as refused:
        services.revision_add(document=document, lang="en", text=EN.replace("decides", "resolves"))
    assert refused.value.code == "revision_unchanged"


def test_another_delegation_does_not_change_a_drafts_texts() -> None:
    document = draft(owner="kz")
    other = user("coordinator-ru", "national_coordinator", "ru")

    with pytest.raises(RefusedError) as refused:
        services.revision_add(document=document, lang="en", text="Changed.", by=other)

    assert refused.value.code == "not_your_document"


def test_acting_on_an_old_view_is_a_conflict_and_changes_nothing() -> None:
    document = draft()

    with pytest.raises(RefusedError) as refused:
        services.revision_add(
            document=document, lang="en", text="New.", expected_version=document.version - 1
        )

    assert refused.value.code == "stale_document"
    assert Revision.objects.filter(language_version__document=document).count() == 3


def test_a_consultation_takes_each_comment_once_and_circulation_waits_for_resolutions() -> None:
    document = draft()
    services.consultation_open(
        document=document, cnc_agreed_on=today(), closes_on=today() + dt.timedelta(days=10)
    )
    kz = Delegation.objects.get(code="kz")

    first = services.comment_submit(
        document=document, delegation=kz, text="Add a date.", reference="Art. 2"
    )
    again = services.comment_submit(
        document=document, delegation=kz, text="Add a date.", reference="Art. 2"
    )
    services.consultation_close(document=document)

    assert first.pk == again.pk
    assert Comment.objects.filter(consultation__document=document).count() == 1
    with pytest.raises(RefusedError) as refused:
        services.document_circulate(document=document, cnc_consent_on=today())
    assert refused.value.code == "comments_unresolved"
    assert refused.value.rules == ("SEC-CONSULT",)

    services.comment_resolve(comment=first, resolution="accepted")
    circulation = services.document_circulate(document=document, cnc_consent_on=today())
    document.refresh_from_db()
    assert document.status == DocumentStatus.CIRCULATED
    assert document.circulated_to_members
    assert circulation.revisions == {"ru": 1, "zh": 1, "en": 1}


def test_a_partner_takes_no_part_in_the_consultation() -> None:
    document = draft()
    services.consultation_open(
        document=document, cnc_agreed_on=today(), closes_on=today() + dt.timedelta(days=1)
    )
    partner = Delegation.objects.filter(kind="partner_state").first()
    assert partner is not None

    with pytest.raises(RefusedError) as refused:
        services.comment_submit(document=document, delegation=partner, text="We object.")

    assert refused.value.code == "not_a_member_state"


def test_a_comment_after_the_consultation_closed_is_refused_citing_the_rule() -> None:
    document = draft()
    consultation = services.consultation_open(
        document=document, cnc_agreed_on=today(), closes_on=today() + dt.timedelta(days=1)
    )
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_on=today() - dt.timedelta(days=1)
    )

    with pytest.raises(RefusedError) as refused:
        services.comment_submit(
            document=document, delegation=Delegation.objects.get(code="kz"), text="Late."
        )

    assert refused.value.code == "consultation_closed"
    assert refused.value.rules == ("SEC-CONSULT",)
    assert not Comment.objects.filter(consultation=consultation).exists()


def test_circulation_without_the_cncs_consent_is_refused_citing_the_rule() -> None:
    document = draft()

    with pytest.raises(RefusedError) as refused:
        services.document_circulate(document=document, cnc_consent_on=None)

    assert refused.value.code == "cnc_consent_required"
    assert refused.value.rules == ("SEC-CIRCULATE-CNC",)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_a_draft_treaty_is_circulated_only_after_both_assessments_of_its_current_texts() -> None:
    document = draft(type="agreement")
    legal = user("legal", "secretariat_legal", "sco-secretariat")
    finance = user("finance", "secretariat_finance", "sco-secretariat")

    with pytest.raises(RefusedError) as refused:
        services.document_circulate(document=document, cnc_consent_on=today())
    assert refused.value.code == "assessment_required"
    assert refused.value.rules == ("SEC-ASSESS",)

    services.assessment_record(
        document=document, kind="legal", conclusion="favourable", text="In order.", by=legal
    )
    with pytest.raises(RefusedError) as wrong_officer:
        services.assessment_record(
            document=document, kind="financial", conclusion="favourable", text="x", by=legal
        )
    assert wrong_officer.value.code == "not_your_assessment"
    services.assessment_record(
        document=document, kind="financial", conclusion="remarks", text="Costs.", by=finance
    )
    # A new revision after the assessments: they no longer cover the text.
    services.revision_add(document=document, lang="en", text=EN + "\n\nArticle 3.")
    with pytest.raises(RefusedError) as stale:
        services.document_circulate(document=document, cnc_consent_on=today())
    assert stale.value.code == "assessment_required"

    services.assessment_record(
        document=document, kind="legal", conclusion="favourable", text="Still.", by=legal
    )
    services.assessment_record(
        document=document, kind="financial", conclusion="favourable", text="Ok.", by=finance
    )
    services.document_circulate(document=document, cnc_consent_on=today())
    document.refresh_from_db()
    assert document.status == DocumentStatus.CIRCULATED


def test_circulation_after_the_twentieth_day_before_the_meeting_is_recorded_as_late() -> None:
    meeting = cnc_meeting(days_ahead=10)
    document = draft(meeting=meeting)

    circulation = services.document_circulate(document=document, cnc_consent_on=today())

    assert circulation.due == meeting.date_start - dt.timedelta(days=20)
    assert circulation.late
    assert circulation.verdict["rules"] == ["SEC-CIRCULATE-CNC", "SEC-CIRCULATE-20D"]
    assert (
        "20" in circulation.verdict["summary"]["en"]
        or "twenty" in circulation.verdict["summary"]["en"]
    )


def test_circulation_in_time_is_not_late() -> None:
    meeting = cnc_meeting(days_ahead=40)
    document = draft(meeting=meeting)

    circulation = services.document_circulate(document=document, cnc_consent_on=today())

    assert not circulation.late
    assert circulation.due == meeting.date_start - dt.timedelta(days=20)


def test_a_circulated_drafts_texts_are_fixed() -> None:
    document = draft()
    services.document_circulate(document=document, cnc_consent_on=today())

    with pytest.raises(RefusedError) as refused:
        services.revision_add(document=document, lang="en", text="Changed after circulation.")

    assert refused.value.code == "document_circulated"
