"""The national parts' replies to an extraordinary Board meeting (BCB-EXTRA-REPLY-10D) are
recorded by each part for itself, dated the day sent, late when after the deadline, and
brought with their content to every Board member (BCB-EXTRA-RELAY-3D)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.meetings.models import Meeting, MeetingEvent, MeetingTransition, PartReply
from secretariat.meetings.replies_read import board_parts, replies_page, replies_visible
from secretariat.meetings.services import (
    MeetingRefusedError,
    meeting_record_event,
    meeting_transition,
    replies_collect,
    replies_relay,
    reply_send,
)
from secretariat.notifications.messages import message_render
from secretariat.notifications.models import Reminder
from secretariat.registry.reference import reference
from tests.clock import FROZEN_AT
from tests.factories import accounts
from tests.factories.meetings import bcb_extraordinary, record_appeal
from tests.factories.registry import registry_loaded
from tests.said import rule_said

from .support import day, deadlines_of

pytestmark = pytest.mark.django_db

REPLY = "BCB-EXTRA-REPLY-10D"
RELAY = "BCB-EXTRA-RELAY-3D"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def officer() -> User:
    return accounts.user_get_or_create("bc-officer", "bc_secretariat_officer", "bc-secretariat")


def part_user(state: str, role: str = "np_secretariat") -> User:
    code = state.lower()
    return accounts.user_get_or_create(f"{role}-{code}", role, f"np-{code}")


def informed_meeting() -> Meeting:
    """Appeal received on 1 December, parts informed on 3 December: replies due 13 December."""
    meeting = bcb_extraordinary("CN", "RU", start="2027-02-15")
    record_appeal(meeting, day("2026-12-01"))
    meeting_transition(meeting=meeting, event="receive_appeal")
    meeting_record_event(meeting=meeting, event="informed", date=day("2026-12-03"))
    meeting_transition(meeting=meeting, event="inform")
    meeting.refresh_from_db()
    assert meeting.state == "informed"
    return meeting


def part_name(state: str) -> str:
    return next(b.name.en for b in reference().national_parts() if b.state == state)


def fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


# --- replying ----------------------------------------------------------------------------


def test_a_part_replies_for_itself_dated_today_and_the_last_reply_follows() -> None:
    meeting = informed_meeting()
    assert deadlines_of(meeting)[REPLY] == "2026-12-13"
    reply = reply_send(
        meeting=meeting, by=part_user("KZ"), answer="agree", text="Поддерживаем.", language="ru"
    )
    assert reply.delegation.code == "np-kz"
    assert reply.sent_on == timezone.localdate() == day("2026-12-06")
    assert (reply.due, reply.late, reply.language) == (day("2026-12-13"), False, "ru")
    assert reply.text == "Поддерживаем."
    event = MeetingEvent.objects.get(meeting=meeting, event="last_reply")
    assert event.date == day("2026-12-06")
    # The relay counts from the earlier of the reply deadline and the last reply (+3 days).
    assert deadlines_of(fresh(meeting))[RELAY] == "2026-12-09"


def test_the_chair_of_a_part_may_reply_and_amend_until_the_collection_closes() -> None:
    meeting = informed_meeting()
    chair = part_user("CN", "np_chair")
    first = reply_send(meeting=meeting, by=chair, answer="object", text="We object.")
    second = reply_send(
        meeting=meeting, by=chair, answer="comments", text="Only comments.", language="en"
    )
    assert first.pk == second.pk
    row = PartReply.objects.get(pk=first.pk)
    assert (row.answer, row.text, row.amended_at is not None) == (
        "comments",
        "Only comments.",
        True,
    )
    assert PartReply.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize(
    ("role", "delegation"),
    [
        ("bc_secretariat_officer", "bc-secretariat"),  # the Secretariat does not reply for a part
        ("np_board_member", "np-kz"),  # a Board member is not the part's secretariat or chair
        ("national_coordinator", "kz"),  # a member state is not a national part
    ],
)
def test_nobody_else_replies_and_nothing_is_written(role: str, delegation: str) -> None:
    meeting = informed_meeting()
    version = fresh(meeting).version
    someone = accounts.user(f"{role}-x", role, delegation)
    with pytest.raises(MeetingRefusedError) as raised:
        reply_send(meeting=meeting, by=someone, answer="agree", text="Yes.")
    assert raised.value.code == "not_entitled_to_reply"
    assert REPLY in raised.value.rules
    assert not PartReply.objects.filter(meeting=meeting).exists()
    assert fresh(meeting).version == version
    assert not meeting.events.filter(event="last_reply").exists()


def test_a_reply_is_refused_when_not_asked_yet_or_dated_ahead_or_unbounded() -> None:
    meeting = bcb_extraordinary("CN", "RU", start="2027-02-15")
    with pytest.raises(ConflictError) as early:
        reply_send(meeting=meeting, by=part_user("KZ"), answer="agree", text="Yes.")
    assert early.value.code == "replies_closed"

    meeting = informed_meeting()
    kz = part_user("KZ")
    refusals = {
        "reply_in_future": {"on": day("2026-12-07")},
        "reply_before_informed": {"on": day("2026-12-02")},
        "unknown_answer": {"answer": "maybe"},
        "text_required": {"text": "   "},
        "text_too_long": {"text": "x" * 4001},
    }
    for code, change in refusals.items():
        arguments: dict[str, Any] = {"answer": "agree", "text": "Yes.", **change}
        with pytest.raises(InvalidInputError) as raised:
            reply_send(meeting=meeting, by=kz, **arguments)
        assert raised.value.code == code
    assert not PartReply.objects.filter(meeting=meeting).exists()


def test_a_late_reply_is_accepted_and_recorded_as_late_citing_the_rule() -> None:
    meeting = informed_meeting()
    with time_machine.travel(FROZEN_AT + dt.timedelta(days=9), tick=False):
        reply = reply_send(meeting=meeting, by=part_user("UZ"), answer="agree", text="Да.")
        assert reply.sent_on == day("2026-12-15")
        assert reply.late is True
        page = replies_page(fresh(meeting), officer(), "en")
    assert page is not None
    row = page.rows[0]
    assert row.late
    assert "2026-12-13" in row.timing
    assert "2026-12-15" in row.timing
    assert rule_said(REPLY, "en") in row.timing
    # The relay still counts from the reply deadline, which came first.
    assert deadlines_of(fresh(meeting))[RELAY] == "2026-12-16"


def test_last_reply_is_no_longer_typed_by_hand() -> None:
    meeting = informed_meeting()
    with pytest.raises(InvalidInputError) as raised:
        meeting_record_event(meeting=meeting, event="last_reply", date=day("2026-12-05"))
    assert raised.value.code == "derived_event"


# --- who sees the replies ----------------------------------------------------------------


def test_replies_are_seen_by_the_bc_secretariat_and_the_replying_part_until_relayed() -> None:
    meeting = informed_meeting()
    reply_send(meeting=meeting, by=part_user("KZ"), answer="agree", text="Yes.")
    reply_send(meeting=meeting, by=part_user("RU"), answer="object", text="No.")

    def seen(user: User) -> set[str]:
        return {r.delegation.code for r in replies_visible(fresh(meeting), user)}

    assert seen(officer()) == {"np-kz", "np-ru"}
    assert seen(part_user("KZ")) == {"np-kz"}
    assert seen(part_user("CN", "np_board_member")) == set()
    assert seen(accounts.user("coord-kz", "national_coordinator", "kz")) == set()


# --- closing the collection and relaying --------------------------------------------------


def test_the_collection_is_refused_while_parts_are_awaited_naming_them() -> None:
    meeting = informed_meeting()
    reply_send(meeting=meeting, by=part_user("KZ"), answer="agree", text="Yes.")
    version = fresh(meeting).version
    with pytest.raises(MeetingRefusedError) as raised:
        replies_collect(meeting=meeting, by=officer())
    assert raised.value.code == "replies_pending"
    assert raised.value.rules == (REPLY,)
    message = str(raised.value.verdict.summary.render("en"))
    assert part_name("CN") in message
    assert part_name("KZ") not in message
    assert fresh(meeting).state == "informed"
    assert fresh(meeting).version == version
    assert not MeetingTransition.objects.filter(meeting=meeting, event="collect_replies").exists()


def test_only_the_bc_secretariat_closes_the_collection() -> None:
    meeting = informed_meeting()
    with pytest.raises(MeetingRefusedError) as raised:
        replies_collect(meeting=meeting, by=part_user("KZ"))
    assert raised.value.code == "not_entitled_to_collect"
    assert fresh(meeting).state == "informed"


def test_the_collection_closes_when_every_part_replied() -> None:
    meeting = informed_meeting()
    for state in board_parts(reference()):
        reply_send(meeting=meeting, by=part_user(state), answer="agree", text=f"{state}: yes")
    row = replies_collect(meeting=meeting, by=officer())
    assert row.to_state == "replies_collected"
    assert row.verdict["en"]["warnings"] == []
    with pytest.raises(ConflictError):
        reply_send(meeting=meeting, by=part_user("KZ"), answer="object", text="Too late.")


def test_after_the_deadline_the_collection_closes_with_the_missing_parts_as_a_warning() -> None:
    meeting = informed_meeting()
    reply_send(meeting=meeting, by=part_user("KZ"), answer="agree", text="Yes.")
    with time_machine.travel(FROZEN_AT + dt.timedelta(days=8), tick=False):
        row = replies_collect(meeting=meeting, by=officer())
    assert row.to_state == "replies_collected"
    warnings = row.verdict["en"]["warnings"]
    assert len(warnings) == 1
    assert part_name("CN") in warnings[0]
    assert part_name("KZ") not in warnings[0]


def test_the_relay_brings_every_reply_with_its_content_to_every_board_member() -> None:
    meeting = informed_meeting()
    board = [part_user(s, "np_board_member") for s in ("CN", "KZ", "RU")]
    reply_send(meeting=meeting, by=part_user("KZ"), answer="agree", text="Поддерживаем.")
    reply_send(meeting=meeting, by=part_user("CN"), answer="comments", text="我们有意见。")
    with time_machine.travel(FROZEN_AT + dt.timedelta(days=8), tick=False):
        replies_collect(meeting=meeting, by=officer())
        row = replies_relay(meeting=meeting, by=officer())
        relayed_at = timezone.now()
    assert row.to_state == "relayed"
    assert all(r.relayed_at is not None for r in PartReply.objects.filter(meeting=meeting))
    # Every national part now sees every reply.
    seen = {r.delegation.code for r in replies_visible(fresh(meeting), board[2])}
    assert seen == {"np-cn", "np-kz"}
    # Each Board member gets the replies' content, once, due now.
    reminders = Reminder.objects.filter(subject_code="replies_relayed", object_id=str(meeting.pk))
    recipients = set(reminders.values_list("recipient_id", flat=True))
    assert {u.pk for u in board} <= recipients
    assert officer().pk not in recipients
    sample = reminders.get(recipient=board[0])
    assert "Поддерживаем." in sample.params["replies"]["ru"]
    assert "我们有意见。" in sample.params["replies"]["en"]
    assert RELAY in sample.params["rule"]
    assert sample.lead_days == 0
    assert sample.due_at <= relayed_at  # the worker sends it at once


def test_the_relay_through_the_generic_step_also_records_the_content() -> None:
    meeting = informed_meeting()
    reply_send(meeting=meeting, by=part_user("KZ"), answer="object", text="Против.")
    with time_machine.travel(FROZEN_AT + dt.timedelta(days=8), tick=False):
        meeting_transition(meeting=meeting, event="collect_replies")
        meeting_transition(meeting=meeting, event="relay")
    assert PartReply.objects.get(meeting=meeting).relayed_at is not None
    assert Reminder.objects.filter(subject_code="replies_relayed").exists()


# --- the page and the API ----------------------------------------------------------------


def test_the_page_shows_the_replies_table_and_the_form_to_who_may_reply() -> None:
    meeting = informed_meeting()
    reply_send(meeting=meeting, by=part_user("KZ"), answer="object", text="Мы возражаем.")
    kz = accounts.logged_in(part_user("KZ"))
    page = kz.get(f"/meetings/{meeting.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Мы возражаем." in html
    assert 'lang="ru"' in html
    assert 'id="reply-form"' in html

    cn = accounts.logged_in(part_user("CN"))
    response = cn.post(
        f"/meetings/{meeting.pk}/reply/",
        {
            "answer": "agree",
            "text": "同意。",
            "language": "zh",
            "expected_version": fresh(meeting).version,
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "同意。" in html
    assert "Мы возражаем." not in html

    office = accounts.logged_in(officer()).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "同意。" in office
    assert "Мы возражаем." in office
    assert 'id="reply-form"' not in office
    russian = accounts.logged_in(officer()).get(f"/ru/meetings/{meeting.pk}/").content.decode()
    assert "Ответы национальных частей" in russian
    assert "возражает" in russian
    assert "в срок" in russian
    member = accounts.logged_in(part_user("RU", "np_board_member"))
    assert 'id="reply-form"' not in member.get(f"/meetings/{meeting.pk}/").content.decode()


def test_the_api_records_and_reads_the_replies() -> None:
    meeting = informed_meeting()
    client = accounts.logged_in(part_user("TJ"))
    version = fresh(meeting).version
    response = client.post(
        f"/api/meetings/{meeting.pk}/replies",
        {"answer": "comments", "text": "Comments.", "language": "en", "expected_version": version},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["delegation"] for r in body["replies"]] == ["np-tj"]
    assert body["replies"][0]["late"] is False
    assert body["open"] is True

    stale = client.post(
        f"/api/meetings/{meeting.pk}/replies",
        {"answer": "agree", "text": "x", "expected_version": version},
        content_type="application/json",
    )
    assert stale.status_code == 409

    other = accounts.logged_in(officer()).post(
        f"/api/meetings/{meeting.pk}/replies",
        {"answer": "agree", "text": "x"},
        content_type="application/json",
    )
    assert other.status_code == 403
    read = accounts.logged_in(officer()).get(f"/api/meetings/{meeting.pk}/replies").json()
    assert [r["text"] for r in read["replies"]] == ["Comments."]
    assert len(read["unreplied"]) == len(board_parts(reference())) - 1


def test_the_relayed_replies_read_in_each_members_language() -> None:
    meeting = informed_meeting()
    member = part_user("KG", "np_board_member")
    reply_send(meeting=meeting, by=part_user("KZ"), answer="object", text="Против переноса.")
    with time_machine.travel(FROZEN_AT + dt.timedelta(days=8), tick=False):
        meeting_transition(meeting=meeting, event="collect_replies")
        meeting_transition(meeting=meeting, event="relay")
    reminder = Reminder.objects.get(subject_code="replies_relayed", recipient=member)
    for language, answer in (("ru", "возражает"), ("zh-hans", "反对"), ("en", "objects")):
        rendered = message_render(
            subject_code=reminder.subject_code,
            params=reminder.params,
            deadline=reminder.deadline,
            link=reminder.link,
            language=language,
        )
        assert "Против переноса." in rendered.body
        assert answer in rendered.body
        assert rule_said(RELAY, language[:2]) in rendered.body
