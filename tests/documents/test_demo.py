"""The demo documents of ``make run``: a draft in consultation, a decision with tasks, and a
deposited original with signed copies, made once through the services."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.accounts.services import demo_users_ensure
from secretariat.decisions.selectors import dashboard
from secretariat.demo.documents import demo_documents_ensure
from secretariat.depositary.models import CertifiedCopy, Original
from secretariat.depositary.services import copy_verify, register_verify
from secretariat.documents.models import DocumentStatus
from secretariat.documents.parallel import parallel_of
from secretariat.meetings.demo import demo_meetings_ensure
from tests.factories.registry import registry_with_delegations
from tests.factories.signing import use_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_the_demo_shows_a_consultation_a_decision_overseen_and_a_deposited_original(
    settings: Any, tmp_path: Path
) -> None:
    use_keys(settings, tmp_path / "keys")
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_users_ensure(password=secrets.token_urlsafe(16))
    demo_meetings_ensure()

    made = demo_documents_ensure()
    again = demo_documents_ensure()

    assert [d.status for d in made.documents] == [
        DocumentStatus.CONSULTATION,
        DocumentStatus.ADOPTED,
    ]
    assert again.documents == []
    parallel = parallel_of(made.documents[0])
    assert [row.label for row in parallel.rows] == ["", "1", "2"]
    assert [[c.state for c in row.cells] for row in parallel.rows] == [
        ["current", "current", "current"],
        ["current", "current", "current"],
        ["current", "out_of_date", "out_of_date"],
    ]
    decision = made.decisions[0]
    assert decision.number.startswith("BCB-")
    officer = User.objects.get(username="officer")
    board = dashboard(officer, timezone.localdate())
    assert (board.overdue, board.due_soon) == (1, 1)
    original = Original.objects.get()
    copies = CertifiedCopy.objects.filter(original=original)
    assert copies.count() >= 10
    assert copies.filter(dispatched_on__isnull=False).count() == 1
    with copies.first().pdf.open("rb") as stored:  # type: ignore[union-attr]
        assert copy_verify(stored.read()).valid
    assert register_verify().intact
