"""Documents: a draft circulated to the member states tells their delegations, a comment
answered tells the delegation that commented; the others hear nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from secretariat.accounts.models import Delegation
from secretariat.core.errors import SecretariatError
from secretariat.documents import services
from secretariat.notifications.models import InboxMessage, Reminder
from secretariat.notifications.worker import Worker
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
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def test_a_comment_answered_tells_its_delegation_and_circulation_tells_every_member_state() -> None:
    kz_user = user("pr-kz", "permanent_representative", "kz", language="ru")
    ru_user = user("pr-ru", "permanent_representative", "ru")
    part_user = user("np-kz-chair", "np_chair", "np-kz")
    today = timezone.localdate()
    document = services.document_create(
        type="decision",
        body=Body.objects.get(code="cnc"),
        title={"en": "On cooperation in digital economy", "ru": "О сотрудничестве"},
        owner=Delegation.objects.get(code="kz"),
        areas=["trade_economic"],
    )
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        services.language_version_add(document=document, lang=lang, text=text)
    services.consultation_open(
        document=document, cnc_agreed_on=today, closes_on=today + dt.timedelta(days=10)
    )
    comment = services.comment_submit(
        document=document, delegation=Delegation.objects.get(code="kz"), text="Add a date."
    )
    services.consultation_close(document=document)

    with pytest.raises(SecretariatError) as refused:  # not accepted needs a note
        services.comment_resolve(comment=comment, resolution="rejected")
    assert refused.value.code == "resolution_note_required"
    assert not Reminder.objects.filter(subject_code="comment_resolved").exists()
    services.comment_resolve(comment=comment, resolution="partly", note="Dated in Article 2.")

    answered = Reminder.objects.filter(subject_code="comment_resolved")
    assert [r.recipient for r in answered] == [kz_user]

    services.document_circulate(document=document, cnc_consent_on=today)

    circulated = {r.recipient for r in Reminder.objects.filter(subject_code="documents_circulated")}
    assert {kz_user, ru_user} <= circulated
    assert part_user not in circulated
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=kz_user, reminder__subject_code="comment_resolved")
    assert inbox.subject == "На ваше замечание дан ответ: О сотрудничестве"
    assert "Dated in Article 2." in inbox.body
