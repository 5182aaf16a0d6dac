"""Every demo user's private calendars, checked against the pages: a feed holds exactly the
meetings whose page answers 200 to its reader, and a meeting absent from it answers 404;
its deadlines are those the reminders reach the reader's delegation about.

The scene is the demo of ``make run`` (its users and meetings) with two private initiatives
added: a CMFA meeting asked for by China and Russia, and an extraordinary Board meeting of
their national parts, neither of which any other delegation may see yet.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import vobject
from django.test import Client

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import demo_users_ensure
from secretariat.calendars.visible import STOPPED_STATES
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.meetings.models import Deadline, Meeting
from secretariat.meetings.recipients import actor_users
from secretariat.meetings.selectors import meetings_visible
from secretariat.meetings.services import meeting_initiate_extraordinary
from secretariat.notifications import tokens
from secretariat.notifications.models import FeedScope
from secretariat.procedure.conduct import conducts
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import Body
from tests.factories.meetings import bcb_extraordinary
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


@dataclass
class Scene:
    users: list[User]
    cmfa_initiative: Meeting
    board_initiative: Meeting


@pytest.fixture
def scene() -> Scene:
    demo_users_ensure(password=secrets.token_urlsafe(16))
    demo_meetings_ensure(dt.date(2026, 12, 6))
    china = User.objects.get(username="cn-coordinator")
    cmfa = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[Delegation.objects.get(code="cn"), Delegation.objects.get(code="ru")],
        proposed_start=dt.date(2027, 3, 30),
        venue_city="Xiamen",
        by=china,
    )
    board = bcb_extraordinary("CN", "RU", start="2027-02-10", venue_city="Sochi")
    users = list(User.objects.filter(is_active=True).select_related("delegation").order_by("pk"))
    assert len(users) > 40
    return Scene(users=users, cmfa_initiative=cmfa, board_initiative=board)


def feed(user: User, scope: str) -> Any:
    _row, token = tokens.feed_token_rotate(user=user, scope=scope)
    response = Client().get(f"/calendar/{scope}/{token}.ics")
    assert response.status_code == 200, (user.username, response.status_code)
    return vobject.readOne(response.content.decode("utf-8"))


def uids(calendar: Any, prefix: str) -> set[int]:
    """The ids of the feed's events of one kind (``meeting`` or ``deadline``)."""
    found = set()
    for event in calendar.contents.get("vevent", []):
        kind, _, rest = event.uid.value.partition("-")
        if kind == prefix:
            found.add(int(rest.split("@")[0]))
    return found


def test_every_demo_users_feed_holds_exactly_the_meetings_whose_page_it_may_open(
    scene: Scene,
) -> None:
    every = set(Meeting.objects.values_list("pk", flat=True))
    assert len(every) >= 6
    for user in scene.users:
        shown = uids(feed(user, FeedScope.USER), "meeting")
        client = Client()
        client.force_login(user)
        expected = (
            set(meetings_visible(user).values_list("pk", flat=True))
            if user.can("meetings.view")
            else set()
        )
        assert shown == expected, user.username
        for pk in every:
            status = client.get(f"/meetings/{pk}/").status_code
            if not user.can("meetings.view"):
                assert status == 403, (user.username, pk, status)
            elif pk in shown:
                assert status == 200, (user.username, pk, status)
            else:
                assert status == 404, (user.username, pk, status)


def test_a_private_initiative_is_only_in_its_initiators_and_the_secretariats_feeds(
    scene: Scene,
) -> None:
    by_name = {u.username: u for u in scene.users}
    cmfa, board = scene.cmfa_initiative.pk, scene.board_initiative.pk

    assert cmfa in uids(feed(by_name["cn-coordinator"], FeedScope.USER), "meeting")
    assert cmfa in uids(feed(by_name["ru-permrep"], FeedScope.DELEGATION), "meeting")
    assert cmfa in uids(feed(by_name["sg"], FeedScope.USER), "meeting")
    assert board in uids(feed(by_name["np-cn-secretariat"], FeedScope.USER), "meeting")
    assert board in uids(feed(by_name["bc-officer"], FeedScope.USER), "meeting")
    for outsider in ("kz-coordinator", "np-kz-chair", "np-kz-board", "in-expert"):
        for scope in (FeedScope.USER, FeedScope.DELEGATION):
            shown = uids(feed(by_name[outsider], scope), "meeting")
            assert not {cmfa, board} & shown, (outsider, scope)
    # The CMFA initiative is no concern of the national parts, nor the Board's of the states.
    assert cmfa not in uids(feed(by_name["np-cn-chair"], FeedScope.USER), "meeting")
    assert board not in uids(feed(by_name["cn-coordinator"], FeedScope.USER), "meeting")


def test_a_delegation_feed_holds_what_every_member_may_see(scene: Scene) -> None:
    # A meeting shown to one member only, as its creator, stays out of the delegation's feed
    # (Russia's delegation has two users: its permanent representative and its coordinator).
    russian = User.objects.get(username="ru-permrep")
    Meeting.objects.filter(pk=scene.board_initiative.pk).update(created_by=russian)
    assert meetings_visible(russian).filter(pk=scene.board_initiative.pk).exists()
    colleague = User.objects.get(username="ru-coordinator")
    assert not meetings_visible(colleague).filter(pk=scene.board_initiative.pk).exists()

    done: set[int] = set()
    for user in scene.users:
        if user.delegation_id is None or user.delegation_id in done:
            continue
        done.add(user.delegation_id)
        members = [u for u in scene.users if u.delegation_id == user.delegation_id]
        common = set.intersection(
            *(
                set(meetings_visible(m).values_list("pk", flat=True))
                if m.can("meetings.view")
                else set()
                for m in members
            )
        )
        assert uids(feed(user, FeedScope.DELEGATION), "meeting") == common, user.username
    assert scene.board_initiative.pk in uids(feed(russian, FeedScope.USER), "meeting")
    assert scene.board_initiative.pk not in uids(feed(russian, FeedScope.DELEGATION), "meeting")


def test_every_deadline_a_user_is_reminded_of_is_in_the_feed_and_nothing_else_but_served(
    scene: Scene,
) -> None:
    book = rulebook()
    for user in scene.users:
        if not user.can("meetings.view") or user.delegation is None:
            continue
        shown = uids(feed(user, FeedScope.USER), "deadline")
        visible = meetings_visible(user)
        served = conducts(book).served_by(user.delegation.kind)
        expected = set()
        for deadline in Deadline.objects.filter(meeting__in=visible).select_related("meeting"):
            if deadline.meeting.state in STOPPED_STATES:
                continue
            delegation_acts = any(
                u.delegation_id == user.delegation_id
                for u in actor_users(deadline.meeting, deadline.actor)
            )
            if delegation_acts or deadline.meeting.kind in served:
                expected.add(deadline.pk)
        assert shown == expected, user.username
    # The Chinese national part is reminded of the Board initiative's steps: so its feed.
    part = User.objects.get(username="np-cn-secretariat")
    reminded = {
        d.pk
        for d in scene.board_initiative.deadlines.all()
        if part in actor_users(scene.board_initiative, d.actor)
    }
    assert reminded
    assert reminded <= uids(feed(part, FeedScope.USER), "deadline")
