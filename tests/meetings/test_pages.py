"""The meeting pages show what is due from whom and by when, and take each step by the rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import (
    meeting_initiate_extraordinary,
    meeting_plan,
    meeting_transition,
)
from secretariat.registry.models import Body
from tests.factories import accounts
from tests.factories.meetings import bcb_extraordinary, join_all, record_appeal
from tests.factories.registry import registry_loaded

from .support import day

pytestmark = pytest.mark.django_db

PREFIXES = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def user(role: str, delegation: str) -> User:
    return accounts.user(role, role, delegation)


def officer() -> Client:
    return accounts.logged_in(user("secretariat_officer", "sco-secretariat"))


def bc_officer() -> Client:
    """An officer of the BC Secretariat, which serves the Board's meetings."""
    return accounts.logged_in(user("bc_secretariat_officer", "bc-secretariat"))


def coordinator() -> Client:
    return accounts.logged_in(user("national_coordinator", "kz"))


def registered(meeting: Meeting) -> Meeting:
    """The joint appeal received in time and registered: every member now sees the meeting."""
    record_appeal(meeting, day("2026-05-20"))
    meeting_transition(meeting=meeting, event="receive_appeal")
    meeting.refresh_from_db()
    return meeting


def test_an_initiative_is_private_to_its_initiators_and_the_secretariats_until_registered() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    initiator = Client()
    initiator.force_login(user("np_chair", "np-cn"))
    bc_officer = Client()
    bc_officer.force_login(user("bc_secretariat_officer", "bc-secretariat"))
    outsider = coordinator()

    assert initiator.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert bc_officer.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert officer().get(f"/meetings/{meeting.pk}/").status_code == 200
    assert outsider.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert outsider.get(f"/api/meetings/{meeting.pk}").status_code == 404
    assert meeting.pk not in [m["id"] for m in outsider.get("/api/meetings/").json()]
    assert f"/meetings/{meeting.pk}/" not in outsider.get("/meetings/").content.decode()

    registered(meeting)

    assert outsider.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert meeting.pk in [m["id"] for m in outsider.get("/api/meetings/").json()]


@pytest.mark.parametrize("lang", PREFIXES)
@pytest.mark.parametrize("who", [officer, coordinator])
def test_the_meeting_pages_render_for_officers_and_coordinators_in_every_language(
    lang: str, who: Any
) -> None:
    meeting = registered(bcb_extraordinary("CN", "RU"))
    client = who()

    listing = client.get(f"{PREFIXES[lang]}/meetings/")
    page = client.get(f"{PREFIXES[lang]}/meetings/{meeting.pk}/")

    assert listing.status_code == 200
    assert page.status_code == 200
    assert f'lang="{lang}"' in page.content.decode()
    assert "BCB-EXTRA-NOTICE-30D" in page.content.decode()


def test_the_page_names_the_state_in_the_users_language() -> None:
    meeting = bcb_extraordinary("CN", "RU")

    page = officer().get(f"/ru/meetings/{meeting.pk}/").content.decode()

    assert "Инициатива" in page or "инициатив" in page.lower()


def test_the_deadlines_table_shows_each_rule_and_the_due_date_of_its_deadline_row() -> None:
    meeting = bcb_extraordinary("CN", "RU")

    page = officer().get(f"/meetings/{meeting.pk}/").content.decode()

    assert meeting.deadlines.exists()
    for deadline in meeting.deadlines.all():
        assert f'href="/rules/{deadline.rule_id}/"' in page
        assert f'<time datetime="{deadline.due.isoformat()}">' in page


def test_only_managers_see_the_step_buttons() -> None:
    meeting = bcb_extraordinary("CN", "RU")

    officer_page = bc_officer().get(f"/meetings/{meeting.pk}/").content.decode()
    coordinator_page = coordinator().get(f"/meetings/{meeting.pk}/").content.decode()

    assert 'name="event" value="receive_appeal"' in officer_page
    assert 'name="event" value="receive_appeal"' not in coordinator_page


def test_receiving_an_appeal_on_time_moves_the_meeting_with_the_button() -> None:
    # Both parts sent the joint appeal on 18 May; the step's own form asks the day received.
    meeting = bcb_extraordinary("CN", "RU", sent="2026-05-18")
    client = bc_officer()
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="on-receive_appeal"' in page

    response = client.post(
        f"/meetings/{meeting.pk}/transition/",
        {"event": "receive_appeal", "on": "2026-05-20", "expected_version": meeting.version},
        follow=True,
    )

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert meeting.state == "appeal_received"
    assert meeting.transitions.get().event == "receive_appeal"
    events = {e.event: e.date for e in meeting.events.all()}
    assert events == {"sent": day("2026-05-18"), "received": day("2026-05-20")}


@pytest.mark.parametrize("lang", PREFIXES)
def test_a_late_appeal_is_refused_on_the_page_citing_the_notice_rule(lang: str) -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-06-10"))

    response = bc_officer().post(
        f"{PREFIXES[lang]}/meetings/{meeting.pk}/transition/",
        {"event": "receive_appeal", "expected_version": meeting.version},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error" role="alert"' in page
    assert "BCB-EXTRA-NOTICE-30D" in page
    meeting.refresh_from_db()
    assert meeting.state == "initiative"


def test_a_stale_form_is_refused_with_a_conflict() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-05-20"))

    response = bc_officer().post(
        f"/meetings/{meeting.pk}/transition/",
        {"event": "receive_appeal", "expected_version": meeting.version - 1},
    )

    assert response.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).state == "initiative"


def test_a_national_coordinator_cannot_take_a_step() -> None:
    meeting = bcb_extraordinary("CN", "RU")
    record_appeal(meeting, day("2026-05-20"))

    response = coordinator().post(
        f"/meetings/{meeting.pk}/transition/",
        {"event": "receive_appeal", "expected_version": meeting.version},
    )

    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).state == "initiative"


def test_a_national_coordinator_answers_for_a_pending_consent() -> None:
    meeting = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=list(Delegation.objects.filter(code__in=["cn", "ru"])),
        proposed_start=day("2026-03-31"),
    )
    join_all(meeting)
    client = coordinator()
    # The letters are received, and the Secretariat notified: the other states are asked.
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    record_appeal(meeting, day("2026-02-20"))
    meeting_transition(meeting=meeting, event="receive_letters")
    meeting_transition(meeting=meeting, event="notify_secretariat")
    meeting.refresh_from_db()
    assert 'name="answer"' in client.get(f"/meetings/{meeting.pk}/").content.decode()

    response = client.post(
        f"/meetings/{meeting.pk}/consent/", {"answer": "yes", "expected_version": meeting.version}
    )

    assert response.status_code == 302
    assert meeting.consents.get(delegation__code="kz").answer == "yes"
    assert 'name="answer"' not in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_a_coordinator_proposes_for_their_own_delegation_naming_others_who_join_themselves() -> (
    None
):
    client = coordinator()
    kz = Delegation.objects.get(code="kz")
    form = client.get("/meetings/new/extraordinary/").content.decode()
    # Their own delegation is not a choice (it initiates by proposing); no national part is.
    assert f'name="initiators" value="{kz.pk}"' not in form
    assert f'name="initiators" value="{Delegation.objects.get(code="np-cn").pk}"' not in form
    assert '<option value="bcb"' not in form

    response = client.post(
        "/meetings/new/extraordinary/",
        {
            "body": "cmfa",
            "proposed_start": "2026-10-01",
            "initiators": [Delegation.objects.get(code="cn").pk],
            "venue_city": "Astana",
            "sent_on": "2026-08-25",
        },
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get(kind="cmfa-extraordinary")
    joined = dict(meeting.initiatives.values_list("delegation__code", "joined_at"))
    assert sorted(joined) == ["cn", "kz"]
    assert joined["kz"] is not None
    assert joined["cn"] is None
    assert meeting.initiatives.get(delegation__code="kz").sent_on == day("2026-08-25")


def test_an_officer_plans_a_regular_meeting() -> None:
    response = officer().post(
        "/meetings/plan/",
        {
            "kind": "bcb-regular",
            "body": Body.objects.get(code="bcb").pk,
            "start": "2026-09-15",
        },
    )

    assert response.status_code == 302
    assert Meeting.objects.get(kind="bcb-regular").deadlines.exists()


def test_the_nav_shows_meetings_to_those_who_may_see_them() -> None:
    partner = Client()
    partner.force_login(user("partner_liaison", "partner-tr"))

    assert 'href="/meetings/"' in officer().get("/").content.decode()
    assert 'href="/meetings/"' not in partner.get("/").content.decode()


def test_a_coordinator_proposes_an_item_on_the_page_and_only_the_secretariat_sees_it() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2027-06-30")
    ).meeting
    client = coordinator()
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="propose-form"' in page

    response = client.post(
        f"/meetings/{meeting.pk}/propose/",
        {
            "title_en": "Cooperation in digital economy",
            "materials": "Concept note\nDraft decision",
            "expected_version": meeting.version,
        },
    )

    assert response.status_code == 302
    proposal = meeting.proposals.get()
    assert proposal.materials == ["Concept note", "Draft decision"]
    assert (
        "Cooperation in digital economy"
        in officer().get(f"/meetings/{meeting.pk}/").content.decode()
    )
    other = Client()
    other.force_login(user("permanent_representative", "cn"))
    assert (
        "Cooperation in digital economy"
        not in other.get(f"/meetings/{meeting.pk}/").content.decode()
    )


def test_a_stale_form_is_refused_on_the_page_and_changes_nothing() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2027-06-30")
    ).meeting
    client = coordinator()

    response = client.post(
        f"/meetings/{meeting.pk}/propose/",
        {"title_en": "Late view", "expected_version": meeting.version + 5},
    )

    assert response.status_code == 409
    assert not meeting.proposals.exists()


def test_the_minutes_link_answers_only_once_the_meeting_is_closed() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2026-05-20")
    ).meeting
    client = officer()
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 400

    meeting_transition(meeting=meeting, event="agree_agenda")
    from secretariat.meetings.services import ItemFields, agenda_circulate, agenda_item_add
    from secretariat.procedure.text import Text

    agenda_item_add(
        meeting=meeting,
        by=User.objects.get(username="secretariat_officer"),
        fields=ItemFields(title=Text(en="Budget", ru="", zh="")),
    )
    agenda_circulate(
        meeting=meeting, by=User.objects.get(username="secretariat_officer"), cnc_consent=True
    )
    for event in ("open_session", "conclude"):
        meeting_transition(meeting=meeting, event=event)
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="distribute-form"' in page
    response = client.post(
        f"/meetings/{meeting.pk}/distribute/",
        {
            "sent_on": "2026-05-22",
            "method": "sent",
            "expected_version": Meeting.objects.get(pk=meeting.pk).version,
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).state == "minutes_distributed"


def test_the_calendar_shows_a_month_of_meetings_and_their_deadlines_with_rules() -> None:
    meeting = registered(bcb_extraordinary("CN", "RU"))
    deadline = meeting.deadlines.filter(done_at__isnull=True).order_by("due").first()
    assert deadline is not None

    client = coordinator()
    page = client.get(f"/ru/meetings/calendar/?month={deadline.due:%Y-%m}")
    june = client.get("/meetings/calendar/?month=2026-06").content.decode()

    assert page.status_code == 200
    assert f'href="/ru/rules/{deadline.rule_id}/"' in page.content.decode()
    assert f'href="/meetings/{meeting.pk}/"' in june  # the meeting's own day, 30 June
    assert 'datetime="2026-06-30"' in june


def test_the_calendar_refuses_a_month_that_is_not_one() -> None:
    response = coordinator().get("/meetings/calendar/?month=June")

    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_the_deadlines_table_marks_a_deadline_done_once_its_step_is_taken() -> None:
    meeting = registered(bcb_extraordinary("CN", "RU"))

    page = officer().get(f"/meetings/{meeting.pk}/").content.decode()

    done = meeting.deadlines.get(rule_id="BCB-EXTRA-NOTICE-30D")
    assert done.done_at is not None
    # Judged on the day of the fact the rule names (the appeal, 20 May), not the day the
    # Secretariat clicked; on time, so not marked late.
    assert done.done_on == day("2026-05-20")
    assert not done.late
    assert "done on 2026-05-20" in page
    assert "done late" not in page


def test_the_fast_select_writes_what_djangos_own_select_writes() -> None:
    from django import forms

    from secretariat.meetings.forms import FastSelect

    choices = [("", "---------"), ("1", "A & B"), ("2", "<Chair>"), ("3", "Ω 中文")]
    attrs = {"id": "id_x", "required": True}

    fast = FastSelect(choices=choices).render("x", "2", attrs)
    django_own = forms.Select(choices=choices).render("x", "2", attrs)

    assert re.sub(r"\s+", "", fast) == re.sub(r"\s+", "", django_own)
    assert "&lt;Chair&gt;" in fast
