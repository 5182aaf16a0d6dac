"""Minutes: drafted from the recorded outcomes as a PDF in the working languages, signed,
and distributed to every recipient with the day and the text sent; deadlines are marked done
when the step that meets them is taken."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.meetings.minutes_pdf import minutes_languages, minutes_pdf, minutes_sha256
from secretariat.meetings.models import Meeting, MinutesDistribution
from secretariat.meetings.services import (
    MeetingRefusedError,
    item_decide,
    meeting_plan,
    meeting_transition,
    minutes_distribute,
    minutes_of,
    minutes_recipients,
    minutes_sign,
    position_record,
)
from secretariat.registry.models import Body
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded
from tests.said import day_said

from .support import day, signed_on_the_last_day
from .test_content import (
    PARTS,
    bc_officer,
    concluded,
    first_item,
    in_session,
    part,
    sco_item,
    user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    from secretariat.accounts.services import delegations_sync

    delegations_sync()


def text_of(pdf: bytes) -> str:
    """The PDF's text, read back by pypdf (independent of typst, which wrote it)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def adopted_and_signed() -> Meeting:
    """A Board meeting whose first item was adopted, closed and signed by every part."""
    meeting = in_session()
    item = first_item(meeting)
    position_record(meeting=meeting, item=item, delegation=part("CN"), position="support")
    position_record(meeting=meeting, item=item, delegation=part("RU"), position="abstain")
    assert item_decide(meeting=meeting, item=item).ok
    meeting_transition(meeting=meeting, event="conclude")
    for state in PARTS:
        signer = user(f"{state.lower()}-head", f"np-{state.lower()}", "np_chair")
        signer.first_name, signer.last_name = "Head", f"of {state}"
        signer.save(update_fields=["first_name", "last_name"])
        minutes_sign(meeting=meeting, delegation=part(state), user=signer)
    signed_on_the_last_day(meeting.pk)
    # The last part's signature took sign_minutes.
    meeting.refresh_from_db()
    assert meeting.state == "minutes_signed"
    return meeting


def test_the_minutes_are_refused_before_the_meeting_is_closed() -> None:
    meeting = in_session()

    with pytest.raises(InvalidInputError) as raised:
        minutes_of(meeting)

    assert raised.value.code == "minutes_not_ready"


def test_the_minutes_hold_every_outcome_in_russian_chinese_and_english() -> None:
    meeting = adopted_and_signed()

    text = text_of(minutes_pdf(meeting))

    assert [(x.lang, x.authentic) for x in minutes_languages()] == [
        ("ru", True),
        ("zh", True),
        ("en", False),
    ]
    # One part per language, each headed and marked authentic or translation.
    assert "Протокол" in text
    assert "АУТЕНТИЧНЫЙ ТЕКСТ" in text
    assert "会议纪要" in text
    assert "正式文本" in text
    assert "Minutes" in text
    assert "TRANSLATION" in text
    # The item, its decision and the positions, as recorded.
    assert "Work plan until the next meeting" in text
    assert "поддерживает" in text
    assert "воздерживается" in text
    assert "支持" in text
    # The quorum found at the opening, and every signature: by full name, never username.
    assert "16" in text
    assert text.count("Head of CN") == 3
    assert "cn-head" not in text


def test_each_part_has_its_footer_and_labels_in_its_own_language() -> None:
    meeting = adopted_and_signed()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(minutes_pdf(meeting))).pages]
    day = meeting.date_start
    number = meeting.pk
    russian = next(p for p in pages if "Протокол" in p)
    # pypdf reads a space between a Chinese run and a number: compare without spaces.
    chinese = next(p for p in pages if "会议纪要" in p).replace(" ", "")
    english = next(p for p in pages if "TRANSLATION" in p)
    # The body by name, the day in words, the number: never a code and an ISO day.
    assert day_said(day, "ru") in russian
    assert f"№ {number}" in russian
    assert day_said(day, "zh") in chinese
    assert f"第{number}号" in chinese
    assert f"No. {number}" in english
    assert day.isoformat() not in "".join(pages)
    assert f"#{number}" not in "".join(pages)
    # A meeting of one day has a date, not dates.
    assert meeting.date_end == meeting.date_start
    assert "Дата" in russian
    assert "Даты" not in russian


def test_the_same_outcomes_give_the_same_pdf_and_a_new_outcome_another() -> None:
    meeting = adopted_and_signed()
    first = minutes_pdf(meeting)

    assert minutes_pdf(meeting) == first


def test_distribution_records_each_recipient_and_the_last_one_takes_the_step() -> None:
    meeting = adopted_and_signed()
    officer = bc_officer()
    recipients = minutes_recipients(meeting)
    assert sorted(d.state.code for d in recipients) == sorted(PARTS)  # type: ignore[union-attr]

    with pytest.raises(MeetingRefusedError) as early:
        meeting_transition(meeting=meeting, event="distribute_minutes")
    assert early.value.code == "undistributed"
    assert "BCB-MINUTES-DISTRIBUTE-5WD" in early.value.rules

    handed = minutes_distribute(
        meeting=meeting, by=officer, sent_on=day("2026-06-30"), method="handed",
        delegations=recipients[:4],
    )  # fmt: skip
    assert handed.transition is None
    assert Meeting.objects.get(pk=meeting.pk).state == "minutes_signed"

    rest = minutes_distribute(meeting=meeting, by=officer, sent_on=day("2026-07-03"))

    assert rest.transition is not None
    assert Meeting.objects.get(pk=meeting.pk).state == "minutes_distributed"
    rows = MinutesDistribution.objects.filter(meeting=meeting)
    assert rows.count() == len(PARTS)
    assert set(rows.values_list("method", flat=True)) == {"handed", "sent"}
    assert not rows.filter(late=True).exists()
    # The text sent is the text the minutes still render to.
    assert set(rows.values_list("pdf_sha256", flat=True)) == {minutes_sha256(minutes_pdf(meeting))}
    deadline = meeting.deadlines.get(rule_id="BCB-MINUTES-DISTRIBUTE-5WD")
    assert deadline.done_at is not None


def test_a_distribution_after_five_working_days_is_recorded_as_late() -> None:
    meeting = adopted_and_signed()
    due = meeting.deadlines.get(rule_id="BCB-MINUTES-DISTRIBUTE-5WD").due

    minutes_distribute(meeting=meeting, by=bc_officer(), sent_on=day("2026-07-31"))

    assert day("2026-07-31") > due
    assert MinutesDistribution.objects.filter(meeting=meeting, late=True).count() == len(PARTS)


def test_bad_distributions_are_refused_and_nothing_is_saved() -> None:
    meeting = adopted_and_signed()
    officer = bc_officer()
    coordinator = user("coord-kz", "kz", "national_coordinator")

    with pytest.raises(MeetingRefusedError) as not_entitled:
        minutes_distribute(meeting=meeting, by=coordinator, sent_on=day("2026-07-01"))
    with pytest.raises(InvalidInputError) as before_the_end:
        minutes_distribute(meeting=meeting, by=officer, sent_on=day("2026-06-01"))
    with pytest.raises(InvalidInputError) as future:
        minutes_distribute(meeting=meeting, by=officer, sent_on=day("2099-01-01"))
    from secretariat.accounts.models import Delegation

    with pytest.raises(InvalidInputError) as outsider:
        minutes_distribute(
            meeting=meeting, by=officer, sent_on=day("2026-07-01"),
            delegations=[Delegation.objects.get(code="kz")],
        )  # fmt: skip

    assert not_entitled.value.code == "not_entitled_to_distribute"
    assert before_the_end.value.code == "distribution_date"
    assert future.value.code == "distribution_date"
    assert outsider.value.code == "not_a_recipient"
    assert not MinutesDistribution.objects.filter(meeting=meeting).exists()

    minutes_distribute(
        meeting=meeting, by=officer, sent_on=day("2026-07-01"), delegations=[part("CN")]
    )
    with pytest.raises(ConflictError) as twice:
        minutes_distribute(
            meeting=meeting, by=officer, sent_on=day("2026-07-01"), delegations=[part("CN")]
        )
    assert twice.value.code == "already_distributed"
    assert MinutesDistribution.objects.filter(meeting=meeting).count() == 1


def test_minutes_before_signature_cannot_be_distributed() -> None:
    meeting = concluded()

    with pytest.raises(InvalidInputError) as raised:
        minutes_distribute(meeting=meeting, by=bc_officer(), sent_on=day("2026-07-01"))

    assert raised.value.code == "minutes_not_ready"


def test_circulating_the_agenda_marks_its_deadlines_done() -> None:
    meeting = in_session()

    done = dict(meeting.deadlines.values_list("rule_id", "done_at"))

    assert done["BCB-AGENDA-CIRCULATE-5D"] is not None
    assert done["BCB-MINUTES-DISTRIBUTE-5WD"] is None


def test_a_cnc_meetings_minutes_go_to_every_member_state() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2026-05-20")
    ).meeting
    officer = user("sco-officer", "sco-secretariat", "secretariat_officer")
    for event in ("agree_agenda",):
        meeting_transition(meeting=meeting, event=event)
    from secretariat.meetings.services import agenda_circulate

    sco_item(meeting, officer)
    agenda_circulate(meeting=meeting, by=officer, cnc_consent=True)
    for event in ("open_session", "conclude"):
        meeting_transition(meeting=meeting, event=event)

    done = minutes_distribute(meeting=meeting, by=officer, sent_on=day("2026-05-25"))

    assert done.transition is not None
    assert len(done.rows) == 10
    assert {r.delegation.kind for r in done.rows} == {"member_state"}
    assert "SEC-PROTOCOL" in [r["id"] for r in done.transition.verdict["en"]["rules"]]


def test_the_quorum_found_at_the_opening_is_recorded_with_the_step_in_three_languages() -> None:
    meeting = in_session()

    opening = meeting.transitions.get(event="open_session")

    assert [c["guard"] for c in opening.verdict["en"]["checks"]] == ["quorate"]
    assert "16 of 30" in opening.verdict["en"]["checks"][0]["summary"]
    assert "16" in opening.verdict["ru"]["checks"][0]["summary"]
    assert "16" in opening.verdict["zh"]["checks"][0]["summary"]
