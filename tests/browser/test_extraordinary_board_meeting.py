"""An extraordinary Board meeting in a real browser, from the initiative to distributed minutes.

The procedure of tests/meetings/test_end_to_end.py, through the pages: each user who acts
logs in through the login page and fills the forms and takes the steps of the meeting page,
and two refusals are shown in the page's error box with the rule they come from.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Locator, Page, Response, expect
from pypdf import PdfReader

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.audit.selectors import audit_verify
from secretariat.meetings.models import Meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import Workflow, workflows
from secretariat.registry.services import reference_load
from tests.factories import accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KIND = "bcb-extraordinary"
PARTS = ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY")
SIXTEEN_FROM_SIX = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}
#: One password for every user of the test (at least 12 characters, never committed).
PASSWORD = secrets.token_urlsafe(18)

CONVENING = ["receive_appeal", "inform", "collect_replies", "relay", "convene"]
SESSION = ["circulate_agenda", "open_session", "adopt_decision", "conclude"]
MINUTES = ["sign_minutes", "distribute_minutes"]


class _FromWorkflow(Mapping[str, str]):
    """A mapping built from KIND's workflow when first read: collecting the tests does not
    parse the rulebook."""

    def __init__(self, build: Callable[[Workflow], dict[str, str]]) -> None:
        self._build = build

    @cached_property
    def _items(self) -> dict[str, str]:
        return self._build(workflows(rulebook()).get(KIND))

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


#: The name of each step in English, as its button says, and the state it leads to.
STEP_NAMES = _FromWorkflow(lambda w: {t.event: t.name["en"] for t in w.transitions})
STEP_TARGETS = _FromWorkflow(lambda w: {t.event: t.target for t in w.transitions})
STATE_NAMES = _FromWorkflow(lambda w: {code: name["en"] for code, name in w.states.items()})


@dataclass(frozen=True, slots=True)
class Cast:
    """Who acts, by username, and the delegations' primary keys (the forms' option values)."""

    officer: str
    chairs: dict[str, str]
    delegations: dict[str, int]


def cast() -> Cast:
    """The registry, the delegations and the users, written before the browser opens."""
    reference_load()
    delegations_sync()

    def user(username: str, role: str, delegation: str) -> str:
        accounts.user(username, role, delegation, password=PASSWORD)
        return username

    return Cast(
        officer=user("bc-officer", "bc_secretariat_officer", "bc-secretariat"),
        chairs={s: user(f"chair-{s.lower()}", "np_chair", f"np-{s.lower()}") for s in PARTS},
        delegations=dict(Delegation.objects.values_list("code", "pk")),
    )


# --- the pages ---------------------------------------------------------------------------------


def _answer(response: Response) -> bool:
    """The page the server answers a form with: a document, after any redirect."""
    return response.request.is_navigation_request() and not 300 <= response.status < 400


def submit(page: Page, button: Locator) -> int:
    """Click a form's button and wait for the page that answers; its HTTP status."""
    with page.expect_response(_answer) as answer:
        button.click()
    page.wait_for_load_state()
    return answer.value.status


def login(chromium: Browser, base_url: str, username: str, next_path: str) -> Page:
    """A fresh browser context for ``username``, logged in through the login page."""
    context = chromium.new_context(base_url=base_url, locale="en-GB")
    page = context.new_page()
    page.goto(f"/accounts/login/?{urlencode({'next': next_path})}")
    form = page.locator("main form").filter(has=page.locator("#id_password"))
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(PASSWORD)
    assert submit(page, form.get_by_role("button", name="Log in", exact=True)) == 200
    expect(page.locator(".user-menu")).to_contain_text(username)
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))
    return page


class MeetingPage:
    """One user's page of one meeting."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.path = path

    def open(self) -> MeetingPage:
        self.page.goto(self.path)
        return self

    @property
    def state(self) -> Locator:
        return self.page.locator("dl.facts dd strong")

    @property
    def history(self) -> Locator:
        return self.page.locator("table.history tbody tr")

    @property
    def error(self) -> Locator:
        return self.page.locator("main .error[role=alert]")

    def form(self, form_id: str) -> Locator:
        return self.page.locator(f"form#{form_id}")

    def done(self, status: int) -> None:
        """The step was taken: back on the meeting page, with a success and no error."""
        assert status == 200, self.error.all_inner_texts()
        expect(self.page).to_have_url(re.compile(re.escape(self.path) + "$"))
        expect(self.error).to_have_count(0)
        expect(self.page.locator("ul.messages li.message-success")).to_be_visible()

    def refused(self, status: int, rule: str) -> None:
        """The step was refused: the error box cites ``rule``."""
        assert status == 400, status
        expect(self.error).to_be_visible()
        expect(self.error.locator("code", has_text=rule)).to_be_visible()
        expect(self.page.locator("ul.messages li.message-success")).to_have_count(0)

    def submit(self, form_id: str, button: str | None = None) -> int:
        form = self.form(form_id)
        target = (
            form.get_by_role("button", name=button, exact=True)
            if button
            else form.locator("button[type=submit]")
        )
        return submit(self.page, target)

    def step(self, event: str) -> None:
        """Take a step under "Next steps" by its button, and see the state it leads to."""
        steps = self.page.locator("ul.steps li form")
        button = steps.get_by_role("button", name=STEP_NAMES[event], exact=True)
        self.done(submit(self.page, button))
        expect(self.state).to_have_text(STATE_NAMES[STEP_TARGETS[event]])

    def record(self, event: str, date: str) -> None:
        """Record the date of an event (the form under "Record the date of an event")."""
        form = self.page.locator("form[action$='/event/']")
        form.locator("select[name=event]").select_option(event)
        form.locator("input[name=date]").fill(date)
        self.done(submit(self.page, form.locator("button[type=submit]")))
        recorded = self.page.locator("h2:has-text('Recorded dates') + ul")
        expect(recorded.locator(f"time[datetime='{date}']")).to_have_count(1)

    def due(self, rule: str) -> str:
        """The day a deadline of the table falls due (ISO)."""
        row = self.page.locator("table.deadlines tbody tr").filter(
            has=self.page.get_by_text(rule, exact=True)
        )
        day = row.locator("td time").first.get_attribute("datetime")
        assert day, rule
        return day


# --- the procedure -----------------------------------------------------------------------------


def propose(chromium: Browser, base_url: str, who: Cast) -> tuple[Page, str]:
    """The Chinese national part's chair proposes the meeting; its page's path."""
    page = login(chromium, base_url, who.chairs["CN"], "/meetings/new/extraordinary/")
    form = page.locator("main form.stacked")
    form.locator("#id_body").select_option("bcb")
    form.locator("#id_proposed_start").fill("2026-06-30")
    for code in ("np-cn", "np-ru"):
        form.locator(f"input[name=initiators][value='{who.delegations[code]}']").check()
    form.locator("#id_venue_city").fill("Bishkek")
    assert submit(page, form.get_by_role("button", name="Propose the meeting")) == 200
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    path = re.sub(r"^https?://[^/]+", "", page.url)
    meeting = MeetingPage(page, path)
    expect(meeting.state).to_have_text(STATE_NAMES["initiative"])
    expect(page.locator("ul.messages li.message-success")).to_contain_text("proposed")
    return page, path


def convene(meeting: MeetingPage) -> None:
    """The BC Secretariat registers the joint appeal and convenes the meeting."""
    meeting.record("received", "2026-05-20")
    meeting.step("receive_appeal")
    meeting.record("informed", "2026-05-22")
    for event in CONVENING[1:]:
        meeting.step(event)


def prepare_agenda(meeting: MeetingPage, who: Cast) -> None:
    """A proposal received by letter on the last day it may be, and the agenda from it."""
    page = meeting.page
    due = meeting.due("BCB-AGENDA-PROPOSALS-10D")
    form = meeting.form("received-form")
    form.locator("#id_delegation").select_option(str(who.delegations["np-cn"]))
    form.locator("#id_received_on").fill(due)
    form.locator("#id_title").fill("Work plan until the next meeting")
    form.locator("#id_materials").fill("Draft work plan")
    meeting.done(meeting.submit("received-form"))
    proposals = page.locator("table.proposals tbody tr")
    expect(proposals).to_have_count(1)
    expect(proposals.locator(f"time[datetime='{due}']")).to_have_count(1)

    meeting.done(meeting.submit("prepare-form"))
    expect(page.locator("ol.agenda > li")).to_have_count(1)
    expect(page.locator("ol.agenda > li[data-item='1']")).to_contain_text(
        "Work plan until the next meeting"
    )

    meeting.done(meeting.submit("circulate-form"))
    expect(meeting.state).to_have_text(STATE_NAMES["agenda_circulated"])
    expect(meeting.form("received-form")).to_have_count(0)


def refused_without_quorum(meeting: MeetingPage) -> None:
    """Opening the meeting before any attendance is recorded: BCB-QUORUM, nothing changed."""
    taken = meeting.history.count()
    version = meeting.page.locator("input[name=expected_version]").first.input_value()
    steps = meeting.page.locator("ul.steps li form")
    button = steps.get_by_role("button", name=STEP_NAMES["open_session"], exact=True)
    meeting.refused(submit(meeting.page, button), "BCB-QUORUM")
    meeting.open()
    expect(meeting.state).to_have_text(STATE_NAMES["agenda_circulated"])
    expect(meeting.history).to_have_count(taken)
    expect(meeting.page.locator("input[name=expected_version]").first).to_have_value(version)


def attend(meeting: MeetingPage, who: Cast) -> None:
    """16 Board members from 6 national parts, each part with its head; the quorum is met."""
    quorum = meeting.page.locator("#quorum")
    expect(quorum).not_to_have_class(re.compile(r"\bok\b"))
    for state, count in SIXTEEN_FROM_SIX.items():
        form = meeting.form("attendance-form")
        form.locator("#id_delegation").select_option(str(who.delegations[f"np-{state.lower()}"]))
        form.locator("#id_members_present").fill(str(count))
        form.locator("#id_chair_present").check()
        meeting.done(meeting.submit("attendance-form"))
    expect(meeting.page.locator("table.attendance tbody tr")).to_have_count(len(SIXTEEN_FROM_SIX))
    expect(quorum).to_have_class(re.compile(r"\bok\b"))
    expect(quorum).to_have_text(re.compile(r"^\s*Quorate\b"))


def decide_first_item(meeting: MeetingPage, who: Cast) -> None:
    """The parts that spoke support item 1; it is adopted by consensus."""
    for state in ("CN", "RU"):
        form = meeting.form("position-form")
        form.locator("#id_number").fill("1")
        form.locator("#id_delegation").select_option(str(who.delegations[f"np-{state.lower()}"]))
        form.locator("#id_position").select_option("support")
        meeting.done(meeting.submit("position-form"))
    item = meeting.page.locator("ol.agenda > li[data-item='1']")
    expect(item.locator("table.positions tbody tr")).to_have_count(2)
    meeting.done(submit(meeting.page, item.get_by_role("button", name="Decide by consensus")))
    expect(item.locator("p.ok")).to_be_visible()
    expect(item.get_by_role("button", name="Decide by consensus")).to_have_count(0)


def refused_not_the_chair(meeting: MeetingPage) -> None:
    """The Chinese part's chair, not the Board's Chair (Kyrgyzstan's), adds an item: refused."""
    meeting.open()
    expect(meeting.state).to_have_text(STATE_NAMES["in_session"])
    items = meeting.page.locator("ol.agenda > li")
    expect(items).to_have_count(1)
    form = meeting.form("chair-item-form")
    form.locator("#id_title_en").fill("Date of the next meeting")
    meeting.refused(meeting.submit("chair-item-form"), "BCB-CHAIR")
    meeting.open()
    expect(items).to_have_count(1)
    expect(meeting.state).to_have_text(STATE_NAMES["in_session"])


def sign(meeting: MeetingPage, signed_before: int) -> None:
    """A national part's head signs the minutes for their part, on the meeting's page."""
    expect(meeting.page.locator("table.signatures tbody tr")).to_have_count(signed_before)
    meeting.done(meeting.submit("sign-form", "Sign the minutes for my national part"))
    expect(meeting.page.locator("table.signatures tbody tr")).to_have_count(signed_before + 1)
    expect(meeting.form("sign-form")).to_have_count(0)


def minutes_pdf_read(meeting: MeetingPage) -> None:
    """The link to the minutes answers with a PDF in the three languages."""
    link = meeting.page.locator("#minutes + p a")
    href = link.get_attribute("href")
    assert href is not None
    assert href.endswith("/minutes.pdf")
    response = meeting.page.context.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    for title in ("Minutes", "Протокол", "会议纪要"):
        assert title in text


def distribute(meeting: MeetingPage) -> None:
    """The minutes go to every national part on 2026-07-02, in time."""
    form = meeting.form("distribute-form")
    form.locator("#id_sent_on").fill("2026-07-02")
    form.locator("#id_method").select_option("sent")
    meeting.done(meeting.submit("distribute-form"))
    expect(meeting.state).to_have_text(STATE_NAMES["minutes_distributed"])
    rows = meeting.page.locator("table.distribution tbody tr")
    expect(rows).to_have_count(len(PARTS))
    expect(rows.locator("time[datetime='2026-07-02']")).to_have_count(len(PARTS))
    expect(rows.locator(".warning")).to_have_count(0)
    expect(meeting.form("distribute-form")).to_have_count(0)
    expect(meeting.page.locator("ul.steps")).to_have_count(0)


def test_an_extraordinary_board_meeting_in_the_browser_from_initiative_to_minutes_distributed(
    live_server: Any, browser: Callable[[], AbstractContextManager[Browser]]
) -> None:
    who = cast()
    base_url = str(live_server.url)

    with browser() as chromium:
        initiator, path = propose(chromium, base_url, who)

        officer = MeetingPage(login(chromium, base_url, who.officer, path), path)
        convene(officer)
        prepare_agenda(officer, who)
        refused_without_quorum(officer)
        attend(officer, who)
        officer.step("open_session")
        decide_first_item(officer, who)
        refused_not_the_chair(MeetingPage(initiator, path))
        officer.open().step("conclude")

        for signed, state in enumerate(PARTS):
            if state == "CN":
                head = MeetingPage(initiator, path).open()
            else:
                head = MeetingPage(login(chromium, base_url, who.chairs[state], path), path)
            sign(head, signed)
            if state == "CN":
                minutes_pdf_read(head)
            else:
                head.page.context.close()

        # The last signature took sign_minutes: no one takes it by hand.
        officer.open()
        distribute(officer)
        events = CONVENING + SESSION + MINUTES
        expect(officer.history).to_have_count(len(events))

    # The browser is closed: the database may be read again in this thread.
    meeting = Meeting.objects.get(pk=int(path.strip("/").rsplit("/", 1)[-1]))
    assert meeting.state == "minutes_distributed"
    assert list(meeting.transitions.order_by("pk").values_list("event", flat=True)) == events
    assert meeting.signatures.count() == len(PARTS)
    sent = set(meeting.distribution.values_list("sent_on", flat=True))
    assert sent == {dt.date(2026, 7, 2)}
    assert meeting.attendance.count() == len(SIXTEEN_FROM_SIX)
    report = audit_verify()
    assert report.intact, report.lines()
