"""Two delegations acting on the same meeting at the same moment: one wins, one is told."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from secretariat.core.errors import ConflictError
from secretariat.meetings.models import Meeting, MeetingTransition
from secretariat.meetings.services import meeting_plan, meeting_transition
from secretariat.registry.models import Body

from .support import day


@pytest.mark.django_db(transaction=True)
def test_two_transitions_at_the_same_moment_give_one_success_and_one_stale_meeting() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database is one in-memory connection, so two "
            "threads cannot hold it at once; select_for_update is a no-op there"
        )
    cnc = Body.objects.create(
        code="cnc", name_en="Council of National Coordinators", kind="council"
    )
    meeting = meeting_plan(body=cnc, kind="sco-meeting", start=day("2026-09-10")).meeting
    seen = meeting.version
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act() -> None:
        try:
            start.wait()
            mine = Meeting.objects.get(pk=meeting.pk)
            meeting_transition(meeting=mine, event="agree_agenda", expected_version=seen)
            outcomes.append("ok")
        except ConflictError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # reported by the main thread below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["ok", "stale_meeting"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.state, stored.version) == ("agenda_agreed", seen + 1)
    assert MeetingTransition.objects.filter(meeting=stored).count() == 1
