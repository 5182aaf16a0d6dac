"""Who is told what, walked in a real browser: one extraordinary Board meeting from the appeal
to the distributed minutes (tests/browser/board.py), with time frozen and moved forward; after
each stage the worker delivers what the step wrote to the outbox, and for every user:

- the inbox holds exactly the notifications the stage concerns them with (WHO_IS_TOLD), in
  their language, and the inbox page shows them;
- the local SMTP server received one e-mail per notification, with an absolute link in the
  recipient's language that opens the meeting, an HTML part and ``Auto-Submitted``;
- those not concerned (the Kazakh coordinator, the SCO Secretariat's officer, the parts not
  named) got nothing;
- the start page ("My work") shows what is due from them (WORK_DUE), and the private calendar
  feed holds the meeting exactly when its page does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from email.message import EmailMessage
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from secretariat.accounts.models import User
from secretariat.meetings.selectors import meetings_visible
from secretariat.notifications.messages import MESSAGES
from secretariat.notifications.models import InboxMessage
from secretariat.notifications.tokens import feed_token_rotate
from secretariat.notifications.worker import Worker
from tests.browser.board import PARTS, PREFIX, BoardWalk, cast_board
from tests.browser.pages import PASSWORD
from tests.factories import accounts
from tests.notifications.support import MailStore

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Who reads in which language (everyone else: Russian).
LANGUAGES = {"chair-cn": "zh-hans", "sec-cn": "zh-hans", "chair-in": "en", "sec-in": "en"}
#: Whose inbox page is looked at, one of each role and language (the inbox rows and the
#: e-mails of everyone are checked).
LOOKED = frozenset({"bc-officer", "chair-cn", "sec-cn", "chair-ru", "sec-kz", "chair-in"})
#: Users who are never told of a Board meeting's steps; the first has nothing to do in it
#: either (the SCO Secretariat's start page shows every delegation's work).
OUTSIDERS = ("coord-kz", "sco-officer")

PARTS_ALL = [f"{role}-{state.lower()}" for state in PARTS for role in ("chair", "sec")]


def everyone(*kinds: str) -> dict[str, list[str]]:
    """Every national part's head and secretariat, told ``kinds``."""
    return {name: list(kinds) for name in PARTS_ALL}


#: After each stage: the kinds of notification (notifications.kinds) each user receives;
#: every user not listed receives none. (docs/meetings.md, "Who is told what", says why.)
WHO_IS_TOLD: dict[str, dict[str, list[str]]] = {
    # China's part names Russia's: Russia's is told it counts once it joins.
    "open_initiative": {"chair-ru": ["initiative"], "sec-ru": ["initiative"]},
    # Russia's part joins: the opener is told.
    "join": {"chair-cn": ["initiative"], "sec-cn": ["initiative"]},
    # The appeal registered: the initiators; the BC Secretariat is reminded at once of its
    # step due in five days (a week's lead time has passed).
    "register": {
        "bc-officer": ["deadline"],
        **{n: ["registered"] for n in ("chair-cn", "sec-cn", "chair-ru", "sec-ru")},
    },
    # The parts informed: each is asked its opinion, with the day to reply by.
    "inform": everyone("consent"),
    # Two replies recorded: the BC Secretariat, and its relay's lead time.
    "reply": {"bc-officer": ["consent", "consent", "deadline"]},
    # The replies relayed to the Board, the meeting convened.
    "convene": everyone("consent", "registered"),
    "circulate": everyone("agenda"),
    "session": {},
    # The minutes await every part's signature; the BC Secretariat's distribution is due.
    "conclude": {"bc-officer": ["deadline"], **everyone("signature")},
    # Each signature recorded, for the BC Secretariat.
    "sign": {"bc-officer": ["signature"] * len(PARTS)},
    "distribute": everyone("minutes"),
}

#: After each stage: users whose start page must link to a step due from them (its anchor).
WORK_DUE: dict[str, dict[str, str]] = {
    "register": {"bc-officer": "step-inform"},
    "inform": {"sec-kz": "reply-form", "sec-cn": "reply-form"},
    "conclude": {"chair-kz": "sign-form", "chair-cn": "sign-form"},
}


CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _speaks(text: str, language: str) -> bool:
    if language == "ru":
        return bool(CYRILLIC.search(text))
    if language == "zh-hans":
        return bool(HAN.search(text)) and not CYRILLIC.search(text)
    return not CYRILLIC.search(text) and not HAN.search(text)


class Told:
    """What reached each user since the last look: inbox rows and e-mails."""

    def __init__(self, mail: MailStore, base: str) -> None:
        self.mail = mail
        self.base = base
        self.seen_inbox = 0
        self.seen_mail = 0
        self.produced: list[tuple[str, str, str, str]] = []  # stage, user, kind, subject

    def deliver_and_read(
        self, stage: str
    ) -> tuple[dict[str, list[InboxMessage]], dict[str, list[EmailMessage]]]:
        Worker(worker_id="who-is-told").run_once()
        rows = list(
            InboxMessage.objects.filter(pk__gt=self.seen_inbox)
            .select_related("user", "reminder")
            .order_by("pk")
        )
        if rows:
            self.seen_inbox = rows[-1].pk
        inbox: dict[str, list[InboxMessage]] = defaultdict(list)
        for row in rows:
            inbox[row.user.username].append(row)
        messages = self.mail.messages[self.seen_mail :]
        self.seen_mail += len(messages)
        mails: dict[str, list[EmailMessage]] = defaultdict(list)
        for message in messages:
            mails[str(message["To"]).split("@")[0]].append(message)
        return inbox, mails


def _one_line(text: str) -> str:
    """A header as read, unfolded."""
    return " ".join(text.split())


def _kind(row: InboxMessage) -> str:
    assert row.reminder is not None
    return MESSAGES[row.reminder.subject_code].kind


def test_after_each_step_of_a_board_meeting_those_concerned_are_told_and_no_one_else(
    live_server: Any,
    browser: Callable[[], AbstractContextManager[Browser]],
    mail: MailStore,
    settings: Any,
) -> None:
    base = str(live_server.url)
    settings.SECRETARIAT_BASE_URL = base
    ids = cast_board(LANGUAGES, emails=True)
    accounts.user(
        "coord-kz",
        "national_coordinator",
        "kz",
        password=PASSWORD,
        language="ru",
        email="coord-kz@example.org",
    )
    accounts.user(
        "sco-officer",
        "secretariat_officer",
        "sco-secretariat",
        password=PASSWORD,
        language="zh-hans",
        email="sco-officer@example.org",
    )
    users = {u.username: u for u in User.objects.all()}
    feeds = {
        name: feed_token_rotate(user=users[name], scope="user")[1]
        for name in ("chair-kz", "sec-ru", "coord-kz")
    }
    walk = BoardWalk(base=base, ids=ids, languages=LANGUAGES)
    told = Told(mail, base)

    def after(stage: str) -> None:
        inbox, mails = told.deliver_and_read(stage)
        got = {name: sorted(_kind(r) for r in rows) for name, rows in inbox.items()}
        for name, rows in inbox.items():
            for row in rows:
                told.produced.append((stage, name, _kind(row), row.subject))
        expected = {name: sorted(kinds) for name, kinds in WHO_IS_TOLD.get(stage, {}).items()}
        assert got == expected, f"{stage}: {got}"
        meeting_id = int(walk.path.strip("/").rsplit("/", 1)[-1])
        for name, rows in inbox.items():
            user = users[name]
            for row in rows:
                # The subject is ours; a body may quote what a delegation wrote in its language.
                assert _speaks(row.subject, user.language), (stage, name, row.subject)
            letters = mails.get(name, [])
            assert sorted(_one_line(str(m["Subject"])) for m in letters) == sorted(
                _one_line(r.subject) for r in rows
            )
            for letter in letters:
                assert letter["Auto-Submitted"] == "auto-generated"
                plain = letter.get_body(("plain",))
                html = letter.get_body(("html",))
                assert plain is not None, (stage, name)
                assert html is not None, (stage, name)
                link = f"{base}{PREFIX[user.language]}/meetings/{meeting_id}/"
                assert link in plain.get_content(), (stage, name, plain.get_content())
                assert f'href="{link}' in html.get_content()
        assert set(mails) <= set(inbox), (stage, set(mails) - set(inbox))
        # The private calendars hold the meeting exactly when its page does.
        client = Client()
        for name, token in feeds.items():
            body = client.get(f"/calendar/user/{token}.ics").content.decode()
            visible = meetings_visible(users[name]).filter(pk=meeting_id).exists()
            assert (f"UID:meeting-{meeting_id}@" in body) == visible, (stage, name)
        # Each one told sees it in the inbox page, and a link of an e-mail opens the meeting in
        # the reader's language; the start page names what is due.
        with browser() as chromium:
            for name, rows in inbox.items():
                if name not in LOOKED:
                    continue
                page = walk.acting(chromium, name).page
                page.goto(f"{PREFIX[users[name].language]}/inbox/")
                for row in rows:
                    expect(page.locator("main")).to_contain_text(row.subject)
                page.context.close()
            for name, anchor in WORK_DUE.get(stage, {}).items():
                page = walk.acting(chromium, name).page
                page.goto(f"{PREFIX[users[name].language]}/work/")
                expect(
                    page.locator(f"main a[href$='/meetings/{meeting_id}/#{anchor}']").first
                ).to_be_visible()
                page.context.close()
            for name in OUTSIDERS[:1]:  # the SCO Secretariat's start page shows all
                page = walk.acting(chromium, name).page
                page.goto(f"{PREFIX[users[name].language]}/work/")
                expect(page.locator(f"main a[href*='/meetings/{meeting_id}/']")).to_have_count(0)
                page.context.close()

    walk.walk(browser, after)
    assert told.produced
