"""A certified copy handed or sent to its addressee tells that delegation's users, in their
language; the other member states hear nothing of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typst
from django.utils import timezone

from secretariat.core.errors import RefusedError
from secretariat.depositary import services
from secretariat.notifications.models import InboxMessage, Reminder
from secretariat.notifications.worker import Worker
from secretariat.signing.keys import keys_init
from tests.factories.accounts import user_get_or_create as user
from tests.factories.decisions import adopted_document
from tests.factories.registry import registry_with_delegations
from tests.factories.signing import use_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("keys")
    keys_init(directory)
    return directory


@pytest.fixture(autouse=True)
def signing(settings: Any, keys: Path, tmp_path: Path) -> None:
    use_keys(settings, keys)
    settings.MEDIA_ROOT = tmp_path / "files"


def test_a_copy_handed_to_kazakhstan_tells_kazakhstans_users_once() -> None:
    own = user("pr-kz", "permanent_representative", "kz", language="zh-hans")
    other = user("pr-ru", "permanent_representative", "ru")
    pdf = typst.compile(b"Original page 1", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    original = services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate() - dt.timedelta(days=1),
        scan=pdf,
        scan_name="original.pdf",
        storage_location="Strongroom A",
    )
    copy = next(c for c in services.copies_make(original=original) if c.addressee.code == "kz")
    assert not Reminder.objects.filter(subject_code="copy_dispatched").exists()

    services.copy_dispatch(copy=copy, dispatched_on=timezone.localdate(), method="handed")
    with pytest.raises(RefusedError):  # a second dispatch is refused and tells no one
        services.copy_dispatch(copy=copy, dispatched_on=timezone.localdate(), method="handed")

    told = Reminder.objects.filter(subject_code="copy_dispatched")
    assert [r.recipient for r in told] == [own]
    assert not Reminder.objects.filter(recipient=other, subject_code="copy_dispatched").exists()
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=own, reminder__subject_code="copy_dispatched")
    assert inbox.subject.startswith("已向贵方移交核证副本：")
    assert copy.copy_number in inbox.body
    assert "2026年12月6日" in inbox.body
