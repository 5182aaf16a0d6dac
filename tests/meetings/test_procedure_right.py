"""The meeting procedure as the regulations mean it: real time (the seat's day, nothing in the
future, no session before the first day), late steps recorded as late and overdue ones shown,
initiators who join themselves, reasons for ending steps, the quorum at each decision and
objections recorded on the item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.core.errors import SecretariatError
from secretariat.meetings import services
from secretariat.meetings.models import ItemObjection, Meeting, MeetingEvent, MeetingTransition
from secretariat.procedure.timing import day_at
from secretariat.registry.models import Body
from tests.factories import accounts
from tests.factories.meetings import QUORUM, bcb_extraordinary, record_appeal
from tests.factories.registry import registry_loaded

from .support import day

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def bc_officer() -> Any:
    return accounts.user_get_or_create("bc-officer", "bc_secretariat_officer", "bc-secretariat")


def refused(call: Any, **kwargs: Any) -> SecretariatError:
    with pytest.raises(SecretariatError) as raised:
        call(**kwargs)
    return raised.value


# --- the seat's day ---------------------------------------------------------------------------


def test_the_day_of_record_is_the_day_at_the_seat_of_whoever_acts() -> None:
    # 21:30 in Moscow on 31 May is already 1 June in Beijing.
    instant = dt.datetime(2026, 5, 31, 21, 30, tzinfo=ZoneInfo("Europe/Moscow"))

    assert day_at("RU", instant) == day("2026-05-31")
    assert day_at("CN", instant) == day("2026-06-01")


def test_an_event_on_a_day_still_to_come_is_refused_and_nothing_is_written() -> None:
    meeting = bcb_extraordinary("CN", "RU", start="2027-03-30")

    error = refused(
        services.meeting_record_event,
        meeting=meeting,
        event="received",
        date=day("2026-12-30"),
        by=bc_officer(),
    )

    assert error.code == "date_in_future"
    assert "2026-12-30" in error.render()
    assert not MeetingEvent.objects.filter(meeting=meeting).exists()


def test_the_parts_cannot_be_informed_before_the_appeal_was_received() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-05-20"))

    error = refused(
        services.meeting_record_event,
        meeting=meeting,
        event="informed",
        date=day("2026-05-19"),
    )

    assert error.code == "date_before_dependency"
    assert not meeting.events.filter(event="informed").exists()


def test_a_session_cannot_open_before_the_meetings_first_day_and_can_on_it() -> None:
    officer = bc_officer()
    start = timezone.localdate() + dt.timedelta(days=12)
    meeting = services.meeting_plan(
        body=Body.objects.get(code="bcb"), kind="bcb-regular", start=start, venue_city="Bishkek"
    ).meeting
    services.agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="np-cn"),
        title="Energy club",
        by=officer,
    )
    services.agenda_prepare(meeting=meeting, by=officer)
    services.agenda_circulate(meeting=meeting, by=officer)
    for code, present in QUORUM.items():
        services.attendance_record(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            members_present=present,
            by=officer,
        )

    error = refused(services.meeting_transition, meeting=meeting, event="open_session", by=officer)
    assert error.code == "session_before_start"
    assert Meeting.objects.get(pk=meeting.pk).state == "agenda_circulated"

    # 09:00 in Moscow on the first day.
    with time_machine.travel(
        dt.datetime.combine(start, dt.time(9), tzinfo=ZoneInfo("Europe/Moscow")), tick=False
    ):
        row = services.meeting_transition(meeting=meeting, event="open_session", by=officer)
    assert row.to_state == "in_session"
    assert row.on == start


# --- late and overdue ---------------------------------------------------------------------


def test_a_late_step_is_accepted_and_recorded_as_late_with_its_rule_and_days() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-05-20"))
    services.meeting_transition(meeting=meeting, event="receive_appeal")
    # BCB-EXTRA-INFORM-5D: within 5 days of receipt, by 25 May; informed on 30 May.
    row = services.meeting_transition(meeting=meeting, event="inform", on=day("2026-05-30"))

    deadline = meeting.deadlines.get(rule_id="BCB-EXTRA-INFORM-5D")
    assert deadline.late
    assert deadline.done_on == day("2026-05-30")
    timing = row.verdict["ru"]["timing"]
    assert [t["outcome"] for t in timing] == ["late"]
    assert timing[0]["rule"] == "BCB-EXTRA-INFORM-5D"
    # The days as a Russian reader writes them (Babel joins «г.» with a narrow no-break space).
    assert "последний допустимый день 25 мая 2026\u202fг." in timing[0]["summary"]
    assert "30 мая 2026\u202fг." in timing[0]["summary"]
    assert "опозданием" in timing[0]["summary"]

    page = accounts.logged_in(bc_officer()).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "done late, on 2026-05-30" in page


def test_an_open_deadline_past_its_day_is_overdue_on_the_page_and_the_list() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-05-20"))
    services.meeting_transition(meeting=meeting, event="receive_appeal")
    client = accounts.logged_in(bc_officer())

    detail = client.get(f"/api/meetings/{meeting.pk}").json()
    inform = next(d for d in detail["deadlines"] if d["rule_id"] == "BCB-EXTRA-INFORM-5D")
    assert inform["overdue"] is True
    assert detail["overdue"] >= 1
    assert 'class="overdue"' in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "overdue" in client.get("/meetings/").content.decode()


# --- initiators join themselves -------------------------------------------------------------


def test_an_initiator_only_named_does_not_count_until_it_joins_itself() -> None:
    chair_cn = accounts.user("np-cn-chair", "np_chair", "np-cn")
    chair_ru = accounts.user("np-ru-chair", "np_chair", "np-ru")
    chair_kz = accounts.user("np-kz-chair", "np_chair", "np-kz")
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="bcb"),
        kind="bcb-extraordinary",
        initiators=[Delegation.objects.get(code="np-ru")],
        proposed_start=day("2026-06-30"),
        by=chair_cn,
        sent_on=day("2026-05-18"),
    )
    record_appeal(meeting, day("2026-05-20"))
    assert refused(services.meeting_transition, meeting=meeting, event="receive_appeal").code == (
        "too_few_initiators"
    )
    # Kazakhstan's part is not named: it cannot join in Russia's place or its own.
    assert refused(services.initiative_join, meeting=meeting, by=chair_kz).code == (
        "not_named_initiator"
    )

    services.initiative_join(meeting=meeting, by=chair_ru, sent_on=day("2026-05-18"))
    row = services.meeting_transition(meeting=meeting, event="receive_appeal")

    assert row.to_state == "appeal_received"
    assert meeting.events.get(event="received").date == day("2026-05-20")
    # Joining or withdrawing ends once the appeal is registered.
    assert refused(
        services.initiative_withdraw, meeting=meeting, by=chair_ru, reason="Changed our mind."
    ).code == ("initiative_closed")


def test_a_delegation_cannot_open_an_initiative_for_a_body_it_is_no_member_of() -> None:
    chair = accounts.user("np-cn-chair2", "np_chair", "np-cn")

    error = refused(
        services.meeting_initiate_extraordinary,
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[Delegation.objects.get(code="ru"), Delegation.objects.get(code="kz")],
        proposed_start=day("2027-03-31"),
        by=chair,
    )

    assert error.code == "initiator_not_entitled"
    assert not Meeting.objects.exists()


def test_withdrawing_takes_a_reason_kept_on_the_initiative() -> None:
    chair_cn = accounts.user("np-cn-chair3", "np_chair", "np-cn")
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="bcb"),
        kind="bcb-extraordinary",
        initiators=[Delegation.objects.get(code="np-ru")],
        proposed_start=day("2027-06-30"),
        by=chair_cn,
    )

    assert refused(services.initiative_withdraw, meeting=meeting, by=chair_cn, reason=" ").code == (
        "reason_required"
    )
    services.initiative_withdraw(meeting=meeting, by=chair_cn, reason="The crisis is over.")

    own = meeting.initiatives.get(delegation__code="np-cn")
    assert own.withdrawn_at is not None
    assert own.reason == "The crisis is over."
    # Its own sending day was today at its seat (Beijing).
    assert own.sent_on == day("2026-12-06")


def test_joining_through_the_page_names_the_day_sent_and_refuses_a_future_one() -> None:
    meeting = bcb_extraordinary("CN", "RU", start="2027-06-30", joined=False)
    client = accounts.logged_in(accounts.user("np-ru-chair4", "np_chair", "np-ru"))
    page = client.get(f"/ru/meetings/{meeting.pk}/").content.decode()
    assert 'id="join-form"' in page

    future = client.post(
        f"/ru/meetings/{meeting.pk}/initiative/join/",
        {"sent_on": "2026-12-20", "expected_version": meeting.version},
    )
    assert future.status_code == 400
    assert "ещё не наступил" in future.content.decode()

    joined = client.post(
        f"/ru/meetings/{meeting.pk}/initiative/join/",
        {"sent_on": "2026-12-05", "expected_version": meeting.version},
    )
    assert joined.status_code == 302
    row = meeting.initiatives.get(delegation__code="np-ru")
    assert row.joined_at is not None
    assert row.sent_on == day("2026-12-05")


# --- reasons ------------------------------------------------------------------------------


def test_refusing_an_appeal_takes_a_reason_and_a_confirmation_shown_in_the_history() -> None:
    meeting = bcb_extraordinary("CN", "RU", start="2027-06-30")
    client = accounts.logged_in(bc_officer())

    unconfirmed = client.post(
        f"/meetings/{meeting.pk}/transition/",
        {"event": "refuse", "reason": "Too late.", "expected_version": meeting.version},
    )
    assert unconfirmed.status_code == 400
    assert refused(services.meeting_transition, meeting=meeting, event="refuse").code == (
        "reason_required"
    )
    assert not MeetingTransition.objects.filter(meeting=meeting).exists()

    done = client.post(
        f"/meetings/{meeting.pk}/transition/",
        {
            "event": "refuse",
            "reason": "The appeal names no agenda.",
            "confirm": "on",
            "expected_version": meeting.version,
        },
    )
    assert done.status_code == 302
    assert meeting.transitions.get().reason == "The appeal names no agenda."
    assert "The appeal names no agenda." in client.get(f"/meetings/{meeting.pk}/").content.decode()


# --- the quorum at each decision, objections recorded --------------------------------------


def _in_session() -> tuple[Meeting, Any]:
    officer = bc_officer()
    meeting = services.meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=timezone.localdate() - dt.timedelta(days=1),
        venue_city="Bishkek",
    ).meeting
    due = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    services.agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="np-cn"),
        title="Energy club",
        by=officer,
        submitted_at=timezone.make_aware(dt.datetime.combine(due, dt.time(12))),
    )
    services.agenda_prepare(meeting=meeting, by=officer)
    services.agenda_circulate(meeting=meeting, by=officer)
    for code, present in QUORUM.items():
        services.attendance_record(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            members_present=present,
            by=officer,
        )
    services.meeting_transition(meeting=meeting, event="open_session", by=officer)
    return meeting, officer


def test_members_leaving_during_the_session_stop_the_next_decision() -> None:
    meeting, officer = _in_session()
    item = meeting.agenda_items.get()
    services.position_record(
        meeting=meeting,
        item=item,
        delegation=Delegation.objects.get(code="np-cn"),
        position="support",
        by=officer,
    )
    # Uzbekistan's member leaves: 15 members from 5 states, short of 16.
    services.attendance_record(
        meeting=meeting,
        delegation=Delegation.objects.get(code="np-uz"),
        members_present=0,
        by=officer,
    )

    error = refused(services.item_decide, meeting=meeting, item=item, by=officer)

    assert error.code == "not_quorate"
    assert "BCB-QUORUM" in error.rules
    item.refresh_from_db()
    assert not item.adopted
    assert item.decided_at is None


def test_an_objection_is_recorded_on_the_item_citing_the_consensus_rule() -> None:
    meeting, officer = _in_session()
    item = meeting.agenda_items.get()
    services.position_record(
        meeting=meeting,
        item=item,
        delegation=Delegation.objects.get(code="np-kg"),
        position="object",
        by=officer,
    )

    verdict = services.item_decide(meeting=meeting, item=item, by=officer)

    assert not verdict.ok
    objection = ItemObjection.objects.get(item=item)
    assert objection.objecting == ["KG"]
    assert objection.verdict["en"]["rules"][0]["id"] == "BCB-CONSENSUS"
    item.refresh_from_db()
    assert not item.adopted
    assert item.decided_at is None


def test_a_proposal_sent_at_2130_in_moscow_on_the_last_day_is_on_time() -> None:
    """BCB-AGENDA-PROPOSALS-10D binds the sending part's day: 21:30 in Moscow is already the
    next day in Beijing, where the server counts."""
    meeting = services.meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=timezone.localdate() + dt.timedelta(days=30),
        venue_city="Bishkek",
    ).meeting
    due = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    evening = dt.datetime.combine(due, dt.time(21, 30), tzinfo=ZoneInfo("Europe/Moscow"))
    assert day_at("CN", evening) > due

    proposal = services.agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="np-ru"),
        title="Energy club",
        by=bc_officer(),
        submitted_at=evening,
    )

    assert proposal.pk is not None
