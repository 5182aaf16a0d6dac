"""What the start page lists for whom: each source, in the order due, and nothing of what the
reader may not see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from secretariat.decisions.services import task_add
from secretariat.meetings.services import meeting_plan
from secretariat.meetings.services.participants import invitation_add
from secretariat.meetings.services.replies import reply_send
from secretariat.notifications.models import InboxMessage
from secretariat.registry.models import Body, State
from secretariat.work.items import LATER, OVERDUE, SOON
from secretariat.work.selectors import Filters, visit_record, work_of
from tests.factories.decisions import adopted_document
from tests.factories.meetings import bcb_extraordinary, held_board_meeting, record_appeal
from tests.factories.registry import registry_with_delegations

from .support import informed_meeting, person, private_initiative, rules

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_a_deadline_is_due_from_those_who_act_for_its_actor_and_awaited_by_the_others() -> None:
    meeting = private_initiative()
    bc = work_of(person("bc_secretariat_officer", "bc-secretariat"), "en")
    cn = work_of(person("np_chair", "np-cn"), "en")

    inform = next(i for i in bc.due if i.rule_id == "BCB-EXTRA-INFORM-5D")
    assert inform.action == (
        "The BC Secretariat informs the national parts' secretariats and asks their opinion"
    )
    assert inform.regulation == "Regulation of the Board of the SCO Business Council"
    assert inform.due == dt.date(2026, 11, 25)
    assert (inform.days, inform.urgency, inform.when) == (-11, OVERDUE, "11 days overdue")
    assert inform.link == f"/meetings/{meeting.pk}/#step-inform"
    # The initiators' step is theirs; the BC Secretariat waits for it, and they for its.
    assert "BCB-EXTRA-NOTICE-30D" in rules(cn.due)
    assert "BCB-EXTRA-NOTICE-30D" in rules(bc.waiting)
    assert "BCB-EXTRA-INFORM-5D" in rules(cn.waiting)
    assert "BCB-EXTRA-INFORM-5D" not in rules(cn.due)
    waiting = next(i for i in cn.waiting if i.rule_id == "BCB-EXTRA-INFORM-5D")
    assert waiting.who == "Secretariat of the SCO Business Council"


def test_overdue_comes_first_then_due_soon_then_later() -> None:
    private_initiative()
    due = work_of(person("bc_secretariat_officer", "bc-secretariat"), "en").due

    assert [(i.rule_id, i.urgency, i.when) for i in due] == [
        ("BCB-EXTRA-INFORM-5D", OVERDUE, "11 days overdue"),
        ("BCB-EXTRA-RELAY-3D", SOON, "in 2 days"),
        ("BCB-AGENDA-CIRCULATE-5D", SOON, "in 9 days"),
        ("BCB-MINUTES-DISTRIBUTE-5WD", LATER, "in 19 days"),
    ]


def test_a_private_initiative_of_others_never_shows() -> None:
    meeting = private_initiative()
    for outsider in (
        person("np_chair", "np-kz"),
        person("np_secretariat", "np-kz"),
        person("national_coordinator", "kz"),
    ):
        shown = work_of(outsider, "en")
        assert shown.due == shown.waiting == [], outsider
        assert all(meeting.title not in c.title for c in shown.changes)


def test_a_delegation_that_does_not_act_sees_nothing_due() -> None:
    private_initiative()
    # The Kazakh coordinator's delegation takes no step of a Board meeting.
    assert work_of(person("national_coordinator", "kz"), "en").due == []
    # The SCO Secretariat neither: it serves the SCO's bodies, not the Board.
    assert work_of(person("secretariat_officer", "sco-secretariat"), "en").due == []


def test_an_initiative_not_joined_is_due_from_the_delegation_named_and_awaited_by_the_others() -> (
    None
):
    meeting = bcb_extraordinary("CN", "RU", start="2027-02-15", joined=False)
    meeting.initiatives.filter(delegation__code="np-cn").update(joined_at=timezone.now())

    ru = work_of(person("np_secretariat", "np-ru"), "en")
    cn = work_of(person("np_chair", "np-cn"), "en")

    joining = [i for i in ru.due if i.source == "initiative"]
    assert len(joining) == 1
    assert joining[0].link == f"/meetings/{meeting.pk}/#join-form"
    assert joining[0].rule_id == "BCB-EXTRA-NOTICE-30D"
    assert joining[0].due == dt.date(2027, 1, 16)
    assert [i.who for i in cn.waiting if i.source == "initiative"] == [
        "Russian national part of the SCO Business Council"
    ]
    assert not [i for i in cn.due if i.source == "initiative"]


def test_a_part_that_has_replied_no_longer_owes_its_reply() -> None:
    meeting = informed_meeting()
    kz = person("np_secretariat", "np-kz")
    assert "BCB-EXTRA-REPLY-10D" in rules(work_of(kz, "en").due)
    reply = next(i for i in work_of(kz, "en").due if i.rule_id == "BCB-EXTRA-REPLY-10D")
    assert (reply.link, reply.when) == (f"/meetings/{meeting.pk}/#reply-form", "in 7 days")

    reply_send(meeting=meeting, by=kz, answer="agree", text="We agree.")

    assert "BCB-EXTRA-REPLY-10D" not in rules(work_of(kz, "en").due)
    assert "BCB-EXTRA-REPLY-10D" in rules(work_of(person("np_chair", "np-uz"), "en").due)
    awaited = next(
        i
        for i in work_of(person("bc_secretariat_officer", "bc-secretariat"), "en").waiting
        if i.rule_id == "BCB-EXTRA-REPLY-10D"
    )
    assert "np-kz" not in awaited.delegations
    assert "np-uz" in awaited.delegations


def test_minutes_awaiting_a_part_s_signature_are_due_from_that_part() -> None:
    meeting = held_board_meeting()
    cn = work_of(person("np_chair", "np-cn"), "en")
    signing = [i for i in cn.due if i.source == "signature"]
    assert [i.link for i in signing] == [f"/meetings/{meeting.pk}/#sign-form"]
    assert signing[0].rule_id == "BCB-MINUTES-SIGN"
    assert (
        signing[0].action
        == "Sign the minutes for Chinese national part of the SCO Business Council"
    )
    # The part's secretariat does not sign: it waits for its head, and is not sent to a form
    # it does not have.
    secretariat = work_of(person("np_secretariat", "np-cn"), "en")
    assert not [i for i in secretariat.due if i.source == "signature"]
    assert signing[0].action in [i.action for i in secretariat.waiting if i.source == "signature"]
    # The BC Secretariat waits for every part's signature.
    bc = work_of(person("bc_secretariat_officer", "bc-secretariat"), "en")
    assert "np-cn" in {d for i in bc.waiting if i.source == "signature" for d in i.delegations}


def test_a_task_is_due_from_the_delegation_of_the_state_that_answers_for_it() -> None:
    decision = adopted_document().decision
    task_add(
        decision=decision,
        title={"en": "Open the energy club", "ru": "Открыть энергетический клуб"},
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    task_add(
        decision=decision,
        title={"en": "Report to the Council"},
        responsible="secretariat",
        due_on=timezone.localdate() + dt.timedelta(days=40),
    )
    # A body's task is followed up by the Secretariat (SEC-OVERSIGHT), which is told and
    # reminded of it (decisions.task_responsible_users): due from it as well.
    task_add(
        decision=decision,
        title={"en": "Publish the club's charter"},
        responsible="body",
        body=Body.objects.get(code="bc_secretariat"),
        due_on=timezone.localdate() + dt.timedelta(days=50),
    )

    kz = work_of(person("national_coordinator", "kz"), "ru")
    assert [(i.action, i.when, i.rule_id) for i in kz.due if i.source == "task"] == [
        ("Открыть энергетический клуб", "через 3 дня", "SEC-OVERSIGHT")
    ]
    assert not [
        i for i in work_of(person("national_coordinator", "cn"), "en").due if i.source == "task"
    ]

    officer = person("secretariat_officer", "sco-secretariat")
    shown = work_of(officer, "en")
    assert [i.action for i in shown.due if i.source == "task"] == [
        "Report to the Council",
        "Publish the club's charter",
    ]
    assert [i.action for i in shown.waiting if i.source == "task"] == ["Open the energy club"]
    only_kz = work_of(officer, "en", filters=Filters(delegation="kz"))
    assert [i.action for i in only_kz.waiting + only_kz.due if i.source == "task"] == [
        "Open the energy club"
    ]
    assert work_of(officer, "en", filters=Filters(only_overdue=True)).due == []


def test_the_secretariat_filters_by_body_and_by_what_is_overdue() -> None:
    private_initiative()
    sg = person("secretary_general", "sco-secretariat")
    everything = work_of(sg, "en")
    assert everything.everyone
    assert {i.urgency for i in everything.waiting} == {OVERDUE, SOON, LATER}
    late = work_of(sg, "en", filters=Filters(only_overdue=True)).waiting
    assert late
    assert {i.urgency for i in late} == {OVERDUE}
    assert work_of(sg, "en", filters=Filters(body="cnc")).waiting == []
    assert work_of(sg, "en", filters=Filters(body="bcb")).waiting == everything.waiting
    person("bc_secretariat_officer", "bc-secretariat")
    only_bc = work_of(sg, "en", filters=Filters(delegation="bc-secretariat")).waiting
    assert [i.rule_id for i in only_bc] == [
        "BCB-EXTRA-INFORM-5D",
        "BCB-EXTRA-RELAY-3D",
        "BCB-AGENDA-CIRCULATE-5D",
        "BCB-MINUTES-DISTRIBUTE-5WD",
    ]
    # Filters are the Secretariat's: a national part asking for them gets its own list.
    cn = person("np_chair", "np-cn")
    assert work_of(cn, "en", filters=Filters(delegation="np-ru")).due == work_of(cn, "en").due


def test_what_changed_since_the_previous_visit() -> None:
    informed_meeting()
    bc = person("bc_secretariat_officer", "bc-secretariat")
    # A first visit shows the last 14 days: the appeal registered, the parts informed.
    since = visit_record(bc)
    assert abs(since - (timezone.now() - dt.timedelta(days=14))) < dt.timedelta(minutes=1)
    assert [c.text.split(";")[0] for c in work_of(bc, "en", since=since).changes] == [
        "Inform the national parts and ask their opinion",
        "Register the joint appeal",
    ]
    # Looking again within the visit shows the same; a step taken meanwhile is among them.
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=True):
        assert visit_record(bc) == since
    # The next visit shows only what changed after the previous one: a new appeal
    # registered, and a message received.
    with time_machine.travel(start + dt.timedelta(hours=3), tick=True):
        second = informed_meeting()
        InboxMessage.objects.create(user=bc, subject="Minutes signed", body="", link="/x/")
    with time_machine.travel(start + dt.timedelta(hours=5), tick=True):
        since = visit_record(bc)
        changes = work_of(bc, "en", since=since).changes
    assert [(c.kind, c.title) for c in changes] == [
        ("message", "Minutes signed"),
        ("step", second.title),
        ("step", second.title),
    ]
    assert changes[0].unread


def test_a_step_the_meeting_page_offers_the_serving_secretariat_is_due_from_it() -> None:
    meeting = bcb_extraordinary("CN", "RU", start="2027-02-15")
    bc = person("bc_secretariat_officer", "bc-secretariat")
    # While the appeal's days are not recorded, the page offers the step disabled: not here.
    assert not [i for i in work_of(bc, "en").due if i.source == "step"]
    record_appeal(meeting, dt.date(2026, 12, 5))
    steps = [(i.action, i.link, i.rule_id) for i in work_of(bc, "en").due if i.source == "step"]
    # Registering the appeal (no deadline of its own); never the refusal or the cancellation.
    assert steps == [
        (
            "Register the joint appeal",
            f"/meetings/{meeting.pk}/#step-receive_appeal",
            "BCB-EXTRA-INITIATORS",
        )
    ]
    # Only the Secretariat that serves the meeting is offered its steps.
    assert not [i for i in work_of(person("np_chair", "np-cn"), "en").due if i.source == "step"]
    sco = work_of(person("secretariat_officer", "sco-secretariat"), "en")
    assert not [i for i in sco.due if i.source == "step"]


def test_a_partner_follows_no_meeting_on_its_start_page() -> None:
    informed_meeting()
    partner = person("partner_liaison", "partner-tr")
    shown = work_of(partner, "en")
    assert (shown.due, shown.waiting, shown.changes) == ([], [], [])


def test_an_invitation_awaiting_agreement_is_due_from_the_chair_and_the_deputy_only() -> None:
    bc = person("bc_secretariat_officer", "bc-secretariat")
    meeting = meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=timezone.localdate() + dt.timedelta(days=40),
        venue_city="Bishkek",
    ).meeting
    invitation_add(meeting=meeting, by=bc, name="Ivan Petrov", capacity="Economist")
    codes = ("cn", "kz", "kg", "ru", "tj", "uz", "in", "pk", "ir", "by")
    agreeing = []
    for code in codes:
        shown = work_of(person("np_chair", f"np-{code}"), "en")
        if [i for i in shown.due if i.source == "invitation"]:
            agreeing.append(code)
            item = next(i for i in shown.due if i.source == "invitation")
            assert item.action == "Agree the invitation of Ivan Petrov"
            assert item.link == f"/meetings/{meeting.pk}/#participants"
            assert item.rule_id == "BCB-PARTICIPANTS"
    assert 1 <= len(agreeing) <= 2
    # The part's secretariat may not agree it.
    secretariat = work_of(person("np_secretariat", f"np-{agreeing[0]}"), "en")
    assert not [i for i in secretariat.due if i.source == "invitation"]


def test_a_step_of_a_meeting_that_does_not_concern_the_delegation_is_no_news_to_it() -> None:
    """A registered Board appeal is visible to every delegation, but only its national parts
    and the BC Secretariat hear of its steps; the SCO Secretariat sees everyone's."""
    informed_meeting()
    coordinator = person("national_coordinator", "kz")
    part = person("np_secretariat", "np-kz")
    officer = person("secretariat_officer", "sco-secretariat")
    assert work_of(coordinator, "en", since=visit_record(coordinator)).changes == []
    assert len(work_of(part, "en", since=visit_record(part)).changes) == 2
    assert len(work_of(officer, "en", since=visit_record(officer)).changes) == 2
