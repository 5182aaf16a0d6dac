"""Calendar feeds: read back with vobject, a parser independent of the icalendar package
that writes them, so the test checks RFC 5545 text and not the writer's own round trip."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import vobject
from django.test import Client

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.audit.models import AuditEntry
from secretariat.calendars import feeds
from secretariat.core.errors import InvalidInputError
from secretariat.meetings.models import Deadline, Meeting
from secretariat.meetings.selectors import meetings_visible
from secretariat.meetings.services import (
    meeting_initiate_extraordinary,
    meeting_record_event,
    meeting_reschedule,
    meeting_transition,
)
from secretariat.notifications import tokens
from secretariat.notifications.models import FeedScope, FeedToken
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Text
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State
from tests.factories import accounts
from tests.factories import meetings as meeting_factory
from tests.factories.accounts import member_state, national_part
from tests.factories.meetings import join_all, record_appeal
from tests.factories.registry import registry_loaded
from tests.meetings.support import day
from tests.said import rule_said

pytestmark = pytest.mark.django_db

#: The actors of actors.yaml a national part acts for in this scene (recipients.actor_filter),
#: and the initiators' steps on the meetings it initiated.
NATIONAL_PART_ACTORS = frozenset({"national_parts", "national_part_secretariats", "bcb"})
INITIATOR_ACTORS = frozenset({"bcb_initiators", "cmfa_initiators"})

TITLE = Text(en="Board, extraordinary", ru="Правление, внеочередное", zh="理事会特别会议")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


# --- the scene ---------------------------------------------------------------------------------


@dataclass
class Scene:
    convened: Meeting
    initiative: Meeting
    refused: Meeting
    cmfa: Meeting


def bcb_extraordinary(*parts: str, start: str, end: str | None = None) -> Meeting:
    """The factory's extraordinary Board meeting, in Kyrgyzstan and with TITLE."""
    return meeting_factory.bcb_extraordinary(
        *parts, start=start, end=end, venue_state=State.objects.get(code="KG"), title=TITLE
    )


def convene(meeting: Meeting, *, received: str, informed: str) -> None:
    record_appeal(meeting, day(received))
    meeting_transition(meeting=meeting, event="receive_appeal")
    meeting_record_event(meeting=meeting, event="informed", date=day(informed))
    for event in ("inform", "collect_replies", "relay", "convene"):
        meeting_transition(meeting=meeting, event=event)


@pytest.fixture
def scene() -> Scene:
    convened = bcb_extraordinary("CN", "RU", start="2026-06-30", end="2026-07-01")
    convene(convened, received="2026-05-20", informed="2026-05-22")
    initiative = bcb_extraordinary("CN", "KZ", start="2026-09-10")
    refused = bcb_extraordinary("CN", "RU", start="2026-10-05")
    meeting_transition(meeting=refused, event="refuse", reason="The appeal came too late.")
    member_state("KZ")  # asked to consent: its delegation must exist when the request opens
    cmfa = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[member_state("CN"), member_state("RU")],
        proposed_start=day("2026-03-31"),
    )
    join_all(cmfa)
    for m in (convened, initiative, refused, cmfa):
        m.refresh_from_db()
    assert (convened.state, initiative.state, refused.state) == (
        "convened",
        "initiative",
        "refused",
    )
    return Scene(convened, initiative, refused, cmfa)


def person(
    username: str, delegation: Delegation | None, *, language: str = "en", role: str = "np_chair"
) -> User:
    return accounts.person(username, delegation=delegation, language=language, role=role)


def secretariat() -> Delegation:
    delegation, _ = Delegation.objects.get_or_create(
        code="sco-secretariat",
        defaults={"kind": DelegationKind.SCO_SECRETARIAT, "name_en": "SCO Secretariat"},
    )
    return delegation


def feed_url(user: User, scope: str) -> str:
    _row, token = tokens.feed_token_rotate(user=user, scope=scope)
    return f"/calendar/{scope}/{token}.ics"


# --- reading a feed ----------------------------------------------------------------------------


@dataclass
class Read:
    name: str
    events: dict[str, Any]  # uid -> vobject VEVENT


def read(url: str) -> Read:
    response = Client().get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode("utf-8"))
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == feeds.PRODID
    events = {e.uid.value: e for e in calendar.contents.get("vevent", [])}
    return Read(name=calendar.contents["x-wr-calname"][0].value, events=events)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@secretariat"


def deadline_uids(events: dict[str, Any]) -> set[str]:
    return {uid for uid in events if uid.startswith("deadline-")}


def value(event: Any, name: str) -> Any:
    prop = event.contents.get(name)
    return prop[0].value if prop else None


def is_all_day(event: Any, first: dt.date, last: dt.date) -> bool:
    """DATE values, DTEND the day after the last day (RFC 5545: the end is exclusive)."""
    start, end = event.dtstart, event.dtend
    return (
        start.params.get("VALUE") == ["DATE"]
        and end.params.get("VALUE") == ["DATE"]
        and type(start.value) is dt.date
        and type(end.value) is dt.date
        and (start.value, end.value) == (first, last + dt.timedelta(days=1))
    )


# --- the public body feed ----------------------------------------------------------------------


def test_the_public_body_feed_shows_only_convened_meetings_with_title_and_dates(
    scene: Scene,
) -> None:
    feed = read("/calendar/body/bcb.ics")

    assert set(feed.events) == {meeting_uid(scene.convened)}
    event = feed.events[meeting_uid(scene.convened)]
    assert value(event, "summary") == TITLE.en
    assert is_all_day(event, day("2026-06-30"), day("2026-07-01"))
    assert value(event, "sequence") == str(scene.convened.version)
    assert value(event, "dtstamp") is not None
    # Nothing but the title and the dates: no venue, no stage, no deadline.
    assert {"location", "description", "status"}.isdisjoint(event.contents)
    assert not deadline_uids(feed.events)


def test_the_public_body_feed_never_shows_a_refused_or_requested_meeting(scene: Scene) -> None:
    feed = read("/calendar/body/bcb.ics")

    assert meeting_uid(scene.refused) not in feed.events
    assert meeting_uid(scene.initiative) not in feed.events
    assert not read("/calendar/body/cmfa.ics").events  # still being asked for


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_body_feed_speaks_the_language_asked_for(scene: Scene, lang: str) -> None:
    feed = read(f"/calendar/body/bcb.ics?lang={lang}")

    assert value(feed.events[meeting_uid(scene.convened)], "summary") == getattr(TITLE, lang)
    body = Body.objects.get(code="bcb")
    assert getattr(body, f"name_{lang}") in feed.name


def test_an_unknown_body_has_no_feed() -> None:
    assert Client().get("/calendar/body/no-such-body.ics").status_code == 404


# --- private feeds -----------------------------------------------------------------------------


def test_a_delegation_feed_holds_its_meetings_and_the_deadlines_of_its_steps(
    scene: Scene,
) -> None:
    me = person("li", national_part("CN"))
    feed = read(feed_url(me, FeedScope.DELEGATION))

    meetings = {uid for uid in feed.events if uid.startswith("meeting-")}
    assert meetings == {meeting_uid(m) for m in (scene.convened, scene.initiative, scene.refused)}
    convened = feed.events[meeting_uid(scene.convened)]
    assert value(convened, "status") == "CONFIRMED"
    assert value(convened, "location") == "Bishkek, Kyrgyzstan"
    assert value(feed.events[meeting_uid(scene.initiative)], "status") == "TENTATIVE"
    assert value(feed.events[meeting_uid(scene.refused)], "status") == "CANCELLED"

    book = rulebook()
    mine = Deadline.objects.filter(
        meeting__in=[scene.convened, scene.initiative],
        actor__in=NATIONAL_PART_ACTORS | INITIATOR_ACTORS,
    )
    assert mine.exists()
    assert deadline_uids(feed.events) == {f"deadline-{d.pk}@secretariat" for d in mine}
    for deadline in mine:
        event = feed.events[f"deadline-{deadline.pk}@secretariat"]
        rule = book.rules[deadline.rule_id]
        assert rule.step is not None
        assert (
            value(event, "summary")
            == f"Due: {rule.step.action.en} ({rule_said(deadline.rule_id, 'en')})"
        )
        assert is_all_day(event, deadline.due, deadline.due)
        assert value(event, "transp") == "TRANSPARENT"
        description = value(event, "description")
        assert f"Who acts: {book.actors[deadline.actor].name.en}." in description
        assert rule.citation("en") in description
        assert ".txt" not in description
        assert rule_said(deadline.rule_id, "en") in description


def test_a_delegation_sees_no_deadline_of_another_actor(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    feed = read(feed_url(me, FeedScope.DELEGATION))

    others = Deadline.objects.filter(meeting=scene.convened).exclude(
        actor__in=NATIONAL_PART_ACTORS | INITIATOR_ACTORS
    )
    assert others.exists()
    assert not {f"deadline-{d.pk}@secretariat" for d in others} & set(feed.events)


def test_a_refused_meeting_keeps_its_event_but_has_nothing_due(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    feed = read(feed_url(me, FeedScope.DELEGATION))

    assert Deadline.objects.filter(meeting=scene.refused).exists()
    refused = {f"deadline-{d.pk}@secretariat" for d in scene.refused.deadlines.all()}
    assert not refused & set(feed.events)
    assert value(feed.events[meeting_uid(scene.refused)], "status") == "CANCELLED"


def test_a_member_state_sees_what_its_pages_show_and_not_the_others_initiative(
    scene: Scene,
) -> None:
    me = person("aigerim", member_state("KZ"), role="national_coordinator")
    feed = read(feed_url(me, FeedScope.USER))

    meetings = {uid for uid in feed.events if uid.startswith("meeting-")}
    # The convened Board meeting every member sees. Not the CMFA initiative of China and
    # Russia, still private to them and the Secretariat (its page answers 404 to Kazakhstan),
    # nor the initiative of China's and Kazakhstan's national parts, nor the refused one.
    assert meetings == {meeting_uid(scene.convened)}
    assert meeting_uid(scene.cmfa) not in feed.events
    assert meetings == {meeting_uid(m) for m in meetings_visible(me)}


def test_a_secretariat_user_sees_every_meeting_and_every_deadline_of_those_it_serves(
    scene: Scene,
) -> None:
    me = person("sg", secretariat(), role="secretary_general")
    feed = read(feed_url(me, FeedScope.USER))

    assert {meeting_uid(m) for m in Meeting.objects.all()} <= set(feed.events)
    # It serves the CMFA: every deadline of the CMFA meeting, whoever acts.
    served = {f"deadline-{d.pk}@secretariat" for d in scene.cmfa.deadlines.all()}
    assert served
    assert served <= deadline_uids(feed.events)
    assert {d.actor for d in scene.cmfa.deadlines.all()} - {"secretariat"}
    # Of the Board's meetings (the Business Council's Secretariat serves them) only its own.
    for uid in deadline_uids(feed.events) - served:
        deadline = Deadline.objects.get(pk=int(uid.split("-")[1].split("@")[0]))
        assert deadline.meeting.kind.startswith("bcb-")
        assert deadline.actor == "secretariat"


def test_a_user_without_a_delegation_sees_what_the_pages_show_everyone_and_nothing_due(
    scene: Scene,
) -> None:
    me = person("nobody", None)

    feed = read(feed_url(me, FeedScope.USER))

    assert set(feed.events) == {meeting_uid(scene.convened)}
    assert set(feed.events) == {meeting_uid(m) for m in meetings_visible(me)}


def test_the_user_feed_speaks_the_users_language_unless_asked(scene: Scene) -> None:
    me = person("ivan", national_part("RU"), language="ru")
    url = feed_url(me, FeedScope.USER)
    deadline = Deadline.objects.filter(meeting=scene.convened, actor="national_parts").first()
    assert deadline is not None
    step = rulebook().rules[deadline.rule_id].step
    assert step is not None

    russian = read(url)
    chinese = read(url + "?lang=zh")

    uid = meeting_uid(scene.convened)
    assert value(russian.events[uid], "summary") == TITLE.ru
    assert value(chinese.events[uid], "summary") == TITLE.zh
    assert step.action.ru in value(russian.events[f"deadline-{deadline.pk}@secretariat"], "summary")
    assert step.action.zh in value(chinese.events[f"deadline-{deadline.pk}@secretariat"], "summary")
    assert "Kyrgyzstan" not in value(russian.events[uid], "location")


def test_rescheduling_a_meeting_moves_it_and_raises_its_sequence(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    url = feed_url(me, FeedScope.DELEGATION)
    uid = meeting_uid(scene.convened)
    before = read(url).events[uid]

    meeting_reschedule(meeting=scene.convened, start=day("2026-07-07"), end=day("2026-07-08"))

    after = read(url).events[uid]
    assert is_all_day(after, day("2026-07-07"), day("2026-07-08"))
    assert int(value(after, "sequence")) > int(value(before, "sequence"))
    assert value(after, "last-modified") >= value(before, "last-modified")
    public = read("/calendar/body/bcb.ics").events[uid]
    assert is_all_day(public, day("2026-07-07"), day("2026-07-08"))


# --- tokens ------------------------------------------------------------------------------------


def test_a_revoked_or_replaced_token_is_not_found(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    old = feed_url(me, FeedScope.USER)
    new = feed_url(me, FeedScope.USER)  # making a new one revokes the old

    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200

    tokens.feed_token_revoke(user=me, scope=FeedScope.USER)

    assert Client().get(new).status_code == 404


def test_a_token_cannot_be_guessed_or_used_for_another_feed(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    row, token = tokens.feed_token_rotate(user=me, scope=FeedScope.USER)
    client = Client()

    assert client.get(f"/calendar/user/{token}.ics").status_code == 200
    assert client.get(f"/calendar/delegation/{token}.ics").status_code == 404
    assert client.get(f"/calendar/user/{row.digest}.ics").status_code == 404
    assert client.get(f"/calendar/user/{token[:-1]}x.ics").status_code == 404
    assert client.get(f"/calendar/user/{tokens.TOKEN_PREFIX}{'A' * 43}.ics").status_code == 404


def test_a_feed_closes_when_its_user_leaves_the_delegation_or_is_deactivated(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    delegation_url = feed_url(me, FeedScope.DELEGATION)
    user_url = feed_url(me, FeedScope.USER)

    me.delegation = national_part("RU")
    me.save()
    assert Client().get(delegation_url).status_code == 404
    assert Client().get(user_url).status_code == 200

    me.is_active = False
    me.save()
    assert Client().get(user_url).status_code == 404


def test_tokens_are_stored_only_as_digests(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    row, token = tokens.feed_token_rotate(user=me, scope=FeedScope.DELEGATION)

    stored = FeedToken.objects.filter(pk=row.pk).values().get()
    assert stored["digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in stored.values()}
    assert token[10:] not in str(stored)
    audited = AuditEntry.objects.filter(model_label="notifications.feedtoken").values(
        "before", "after"
    )
    assert audited.exists()
    assert token[10:] not in str(list(audited))
    assert stored["digest"] not in str(list(audited))


def test_a_delegation_feed_needs_a_delegation() -> None:
    me = person("nobody", None)

    with pytest.raises(InvalidInputError) as raised:
        tokens.feed_token_rotate(user=me, scope=FeedScope.DELEGATION)

    assert raised.value.code == "no_delegation"


# --- the page ----------------------------------------------------------------------------------

FEED_URL = re.compile(r"http://testserver/calendar/(user|delegation)/(scf_[A-Za-z0-9_-]+)\.ics")


def test_the_feeds_page_shows_a_new_address_once_and_revokes_it(scene: Scene) -> None:
    me = person("li", national_part("CN"))
    client = Client()
    client.force_login(me)

    assert FEED_URL.search(client.get("/inbox/feeds/").content.decode()) is None

    made = client.post("/inbox/feeds/", {"scope": "delegation", "do": "rotate"})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    found = FEED_URL.search(made.content.decode())
    assert found is not None
    assert found.group(1) == "delegation"
    url = f"/calendar/delegation/{found.group(2)}.ics"
    assert meeting_uid(scene.convened) in read(url).events

    again = client.get("/inbox/feeds/").content.decode()
    assert FEED_URL.search(again) is None
    assert found.group(2)[:10] in again  # the prefix tells which address is active

    revoked = client.post("/inbox/feeds/", {"scope": "delegation", "do": "revoke"})
    assert revoked.status_code == 302
    assert Client().get(url).status_code == 404


def test_the_feeds_page_needs_a_login_and_a_csrf_token() -> None:
    me = person("li", national_part("CN"))
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(me)

    assert "/accounts/login/" in Client().get("/inbox/feeds/")["Location"]
    assert guarded.post("/inbox/feeds/", {"scope": "user", "do": "rotate"}).status_code == 403
    assert not FeedToken.objects.filter(user=me).exists()


def test_the_feeds_page_refuses_an_unknown_feed() -> None:
    me = person("li", national_part("CN"))
    client = Client()
    client.force_login(me)

    assert client.post("/inbox/feeds/", {"scope": "everything"}).status_code == 400
    assert not FeedToken.objects.filter(user=me).exists()


# --- the states ---------------------------------------------------------------------------------


def test_every_state_of_every_workflow_is_classified_for_calendars() -> None:
    classified = feeds.CANCELLED_STATES | feeds.CONFIRMED_STATES | feeds.TENTATIVE_STATES
    sets = (feeds.CANCELLED_STATES, feeds.CONFIRMED_STATES, feeds.TENTATIVE_STATES)

    for kind, workflow in workflows(rulebook()).workflows.items():
        unclassified = set(workflow.states) - classified
        assert not unclassified, f"{kind}: classify {sorted(unclassified)} in feeds.py"
    assert sum(len(s) for s in sets) == len(classified), "a state is in two sets"
    assert feeds.PUBLIC_STATES.isdisjoint(feeds.CANCELLED_STATES | feeds.TENTATIVE_STATES)
