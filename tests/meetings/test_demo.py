"""The demo meetings of ``make run``: made by the services, once, at stages one can act on."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from secretariat.accounts.services import demo_users_ensure
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import minutes_of
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


def test_the_demo_meetings_stand_where_a_visitor_can_act_and_are_made_once() -> None:
    demo_users_ensure(password=secrets.token_urlsafe(16))

    made = demo_meetings_ensure(dt.date(2026, 11, 22))
    again = demo_meetings_ensure(dt.date(2026, 11, 22))

    assert [(m.kind, m.state) for m in made] == [
        ("bcb-regular", "concluded"),
        ("bcb-extraordinary", "informed"),
        ("cmfa-extraordinary", "secretariat_notified"),
        ("sco-meeting", "planned"),
    ]
    assert again == []
    held = made[0]
    adopted = list(held.agenda_items.values_list("adopted", flat=True))
    assert adopted == [True, False]
    assert minutes_of(held).startswith(b"%PDF")
    assert Meeting.objects.count() == 4


def test_the_demo_command_needs_the_demo_users() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="accounts demo"):
        call_command("meetings", "demo")
    assert not Meeting.objects.exists()


def test_the_demo_is_made_in_the_hours_when_beijing_is_a_day_ahead_of_moscow() -> None:
    # 18:00 UTC: 7 December in Beijing (the server's day), still 6 December at the Board's
    # seat in Moscow. `make run` at this hour once failed: the Board's step was dated the 7th.
    import time_machine

    demo_users_ensure(password=secrets.token_urlsafe(16))
    at = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)
    with time_machine.travel(at, tick=False):
        made = demo_meetings_ensure()

    informed = next(m for m in made if m.kind == "bcb-extraordinary")
    assert informed.state == "informed"
    assert max(e.date for e in informed.events.all()) == dt.date(2026, 12, 6)
