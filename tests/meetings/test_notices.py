"""Who is told what in a meeting's procedure (regulations/notifications.yaml): each step and each
fact recorded beside it reaches, through the outbox, the delegations concerned and no other; a
refused step tells no one; telling twice tells once; the worker delivers each notice in the
recipient's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.core.errors import SecretariatError
from secretariat.meetings import notices, services
from secretariat.meetings.facts import part_states
from secretariat.meetings.minutes_pdf import minutes_freeze
from secretariat.meetings.models import Meeting
from secretariat.notifications.models import InboxMessage, Reminder
from secretariat.notifications.worker import Worker
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body
from secretariat.registry.reference import reference
from tests.factories import accounts
from tests.factories.meetings import held_board_meeting, join_all, record_appeal
from tests.factories.registry import registry_loaded
from tests.notifications.support import MailStore
from tests.said import RULE_ID, rule_said

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


def bc_officer() -> User:
    return accounts.user_get_or_create("bc-officer", "bc_secretariat_officer", "bc-secretariat")


def chair(state: str, language: str = "en") -> User:
    code = state.lower()
    return accounts.user_get_or_create(
        f"np-{code}-chair", "np_chair", f"np-{code}", language=language
    )


def told(code: str) -> dict[str, set[str]]:
    """For the message ``code``: the usernames told, by delegation code."""
    out: dict[str, set[str]] = {}
    for row in Reminder.objects.filter(subject_code=code).select_related("recipient__delegation"):
        delegation = row.recipient.delegation
        out.setdefault(delegation.code if delegation else "", set()).add(row.recipient.username)
    return out


def notices_of(user: User) -> list[str]:
    """The event notices (not the deadlines' reminders) written for ``user``."""
    rows = Reminder.objects.filter(recipient=user, model_label=f"{notices.NOTICE_LABEL}.event")
    return list(rows.values_list("subject_code", flat=True))


def board_initiative() -> tuple[Meeting, User, User, User]:
    """An extraordinary Board meeting opened by China's part naming Russia's; Kazakhstan's
    part is not concerned."""
    cn, ru, kz = chair("CN"), chair("RU", "ru"), chair("KZ", "zh-hans")
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="bcb"),
        kind="bcb-extraordinary",
        initiators=[Delegation.objects.get(code="np-ru")],
        proposed_start=day("2027-03-01"),
        venue_city="Bishkek",
        by=cn,
    )
    return meeting, cn, ru, kz


# --- the initiative and its registration ------------------------------------------------------


def test_a_named_initiator_is_told_and_its_joining_tells_the_opener_only() -> None:
    meeting, cn, ru, kz = board_initiative()

    assert told("initiative_named") == {"np-ru": {ru.username}}

    services.initiative_join(meeting=meeting, by=ru)

    assert told("initiative_joined") == {"np-cn": {cn.username}}
    assert notices_of(kz) == []
    # A private initiative reaches no other delegation, not even through a deadline's reminder.
    assert not Reminder.objects.filter(recipient=kz).exists()


def test_registering_the_appeal_tells_the_initiators_in_their_language_and_no_one_else() -> None:
    meeting, cn, ru, kz = board_initiative()
    services.initiative_join(meeting=meeting, by=ru)
    record_appeal(meeting, timezone.localdate())

    services.meeting_transition(meeting=meeting, event="receive_appeal", by=bc_officer())

    assert told("appeal_registered") == {"np-cn": {cn.username}, "np-ru": {ru.username}}
    # Registered, the meeting is known to every member: the deadlines now remind Kazakhstan.
    assert Reminder.objects.filter(recipient=kz, subject_code="deadline").exists()
    row = Reminder.objects.get(subject_code="appeal_registered", recipient=ru)
    assert row.link == f"/meetings/{meeting.pk}/"
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=ru, reminder=row)
    assert inbox.subject.startswith("Обращение зарегистрировано: ")
    assert "6 декабря 2026" in inbox.body
    assert rule_said("BCB-EXTRA-INITIATORS", "ru") in inbox.body
    assert not RULE_ID.search(inbox.body)
    english = InboxMessage.objects.get(user=cn, reminder__subject_code="appeal_registered")
    assert english.subject.startswith("Appeal registered: ")
    assert not InboxMessage.objects.filter(user=kz).exists()


def test_a_refused_step_tells_no_one() -> None:
    meeting, _cn, _ru, _kz = board_initiative()  # Russia's part named, never joined
    record_appeal(meeting, timezone.localdate())

    with pytest.raises(SecretariatError) as raised:
        services.meeting_transition(meeting=meeting, event="receive_appeal", by=bc_officer())

    assert raised.value.code == "too_few_initiators"
    assert not Reminder.objects.filter(subject_code="appeal_registered").exists()


def test_telling_of_a_step_twice_tells_once() -> None:
    meeting, _cn, ru, _kz = board_initiative()
    services.initiative_join(meeting=meeting, by=ru)
    record_appeal(meeting, timezone.localdate())
    row = services.meeting_transition(meeting=meeting, event="receive_appeal", by=bc_officer())
    before = Reminder.objects.count()

    step = workflows(rulebook()).get(meeting.kind).available("initiative")[0]
    assert step.event == "receive_appeal"
    notices.step_told(meeting, step, row)

    assert Reminder.objects.count() == before


def test_refusing_tells_the_initiators_the_reason() -> None:
    meeting, cn, ru, kz = board_initiative()

    services.meeting_transition(
        meeting=meeting, event="refuse", by=bc_officer(), reason="The appeal names no agenda."
    )

    assert told("initiative_refused") == {"np-cn": {cn.username}, "np-ru": {ru.username}}
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=ru, reminder__subject_code="initiative_refused")
    assert "The appeal names no agenda." in inbox.body
    assert inbox.subject.startswith("Инициатива отклонена: ")
    assert "6 декабря 2026" in inbox.body
    assert not InboxMessage.objects.filter(user=kz).exists()


# --- the national parts asked, the meeting convened -----------------------------------------


def test_informing_asks_every_national_part_with_the_rule_and_its_reply_day() -> None:
    meeting, _cn, ru, kz = board_initiative()
    officer = bc_officer()
    services.initiative_join(meeting=meeting, by=ru)
    record_appeal(meeting, timezone.localdate())
    services.meeting_transition(meeting=meeting, event="receive_appeal", by=officer)

    services.meeting_transition(
        meeting=meeting, event="inform", by=officer, on=timezone.localdate()
    )

    asked = told("opinion_asked")
    assert {"np-cn", "np-ru", "np-kz"} <= set(asked)
    assert "bc-secretariat" not in asked
    row = Reminder.objects.get(subject_code="opinion_asked", recipient=kz)
    assert row.params["rule"] == "BCB-EXTRA-REPLY-10D"
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=kz, reminder=row)
    assert inbox.subject.startswith("征求贵方意见：")
    assert rule_said("BCB-EXTRA-REPLY-10D", "zh") in inbox.body
    assert not RULE_ID.search(inbox.body)
    assert "2026年12月16日" in inbox.body  # ten days from the informing

    services.reply_send(meeting=meeting, by=kz, answer="agree", text="We agree.")
    assert set(told("reply_recorded")) == {"bc-secretariat"}


# --- the CMFA: consents asked and recorded ----------------------------------------------------


def test_the_cmfa_asks_the_consent_of_the_other_member_states_and_tells_the_secretariat() -> None:
    users = {
        code: accounts.user_get_or_create(f"{code}-coordinator", "national_coordinator", code)
        for code in ("ru", "kz", "cn")
    }
    sco = accounts.user_get_or_create("sco-officer", "secretariat_officer", "sco-secretariat")
    part = chair("KZ")  # a national part of the Business Council: not a member of the CMFA
    meeting = services.meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[Delegation.objects.get(code="ru"), Delegation.objects.get(code="kz")],
        proposed_start=day("2027-03-31"),
        venue_city="Moscow",
    )
    join_all(meeting)
    record_appeal(meeting, timezone.localdate())
    services.meeting_transition(meeting=meeting, event="receive_letters")

    services.meeting_transition(meeting=meeting, event="notify_secretariat")

    asked = told("consent_asked")
    assert "cn" in asked
    # The initiators consent by initiating.
    assert "ru" not in asked
    assert "kz" not in asked
    assert "sco-secretariat" not in asked

    services.meeting_consent(
        meeting=meeting, delegation=Delegation.objects.get(code="cn"), answer="yes"
    )
    assert told("consent_recorded") == {"sco-secretariat": {sco.username}}
    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=sco, reminder__subject_code="consent_recorded")
    assert "it consents" in inbox.body
    assert notices_of(users["ru"]) == ["letters_registered"]

    for delegation in Delegation.objects.filter(kind="member_state"):
        if meeting.consents.filter(delegation=delegation).exists() and delegation.code not in (
            "ru",
            "kz",
        ):
            services.meeting_consent(meeting=meeting, delegation=delegation, answer="yes")
    services.meeting_transition(meeting=meeting, event="collect_consents")
    services.meeting_transition(meeting=meeting, event="convene")
    convened = told("meeting_convened")
    assert {"ru", "kz", "cn"} <= set(convened)
    assert not {"np-ru", "np-kz", "bc-secretariat"} & set(convened)
    assert notices_of(part) == []


# --- minutes to sign, signed, distributed ------------------------------------------------------


def test_minutes_await_each_part_then_signatures_and_copies_are_told() -> None:
    officer = bc_officer()
    kz_state = accounts.user_get_or_create("kz-coordinator", "national_coordinator", "kz")
    chairs = {state: chair(state) for state in part_states(reference())}
    meeting = held_board_meeting(days_ago=2)

    to_sign = told("minutes_to_sign")
    assert set(to_sign) == {f"np-{s.lower()}" for s in chairs}
    assert "kz" not in to_sign
    assert "bc-secretariat" not in to_sign

    text = minutes_freeze(meeting)
    for state, user in chairs.items():
        services.minutes_sign(
            meeting=meeting,
            delegation=Delegation.objects.get(code=f"np-{state.lower()}"),
            user=user,
            pdf_sha256=text.pdf_sha256,
        )
    signed = told("signature_recorded")
    assert set(signed) == {"bc-secretariat"}
    assert Reminder.objects.filter(subject_code="signature_recorded").count() == len(chairs)

    kz_part = Delegation.objects.get(code="np-kz")
    services.minutes_distribute(meeting=meeting, by=officer, delegations=[kz_part])
    assert told("minutes_distributed") == {"np-kz": {chairs["KZ"].username}}
    services.minutes_distribute(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.state == "minutes_distributed"
    assert set(told("minutes_distributed")) == {f"np-{s.lower()}" for s in chairs}
    assert notices_of(kz_state) == []


def test_circulating_the_agenda_tells_every_member_and_no_one_else() -> None:
    chairs = {state: chair(state) for state in part_states(reference())}
    kz_state = accounts.user_get_or_create("kz-coordinator", "national_coordinator", "kz")

    meeting = held_board_meeting(days_ago=2)

    circulated = told("agenda_circulated")
    assert set(circulated) == {f"np-{s.lower()}" for s in chairs}
    assert notices_of(kz_state) == []
    row = Reminder.objects.filter(subject_code="agenda_circulated").first()
    assert row is not None
    assert row.object_id.startswith(f"{meeting.pk}:step:")


def test_a_withdrawal_tells_the_other_initiators_its_reason_and_not_the_one_withdrawing() -> None:
    meeting, cn, ru, kz = board_initiative()
    services.initiative_join(meeting=meeting, by=ru)

    services.initiative_withdraw(meeting=meeting, by=ru, reason="The crisis is over.")

    assert told("initiative_withdrawn") == {"np-cn": {cn.username}}
    row = Reminder.objects.get(subject_code="initiative_withdrawn")
    assert row.params["reason"] == "The crisis is over."
    assert notices_of(kz) == []


def test_cancelling_a_registered_meeting_tells_every_member_with_the_reason() -> None:
    meeting, cn, ru, kz = board_initiative()
    officer = bc_officer()
    services.initiative_join(meeting=meeting, by=ru)
    record_appeal(meeting, timezone.localdate())
    services.meeting_transition(meeting=meeting, event="receive_appeal", by=officer)

    services.meeting_transition(
        meeting=meeting, event="cancel", by=officer, reason="The initiators agreed otherwise."
    )

    stopped = told("meeting_cancelled")
    assert {"np-cn", "np-ru", "np-kz"} <= set(stopped)
    assert "bc-secretariat" not in stopped
    told_kz = Reminder.objects.get(subject_code="meeting_cancelled", recipient=kz)
    assert told_kz.params["reason"] == "The initiators agreed otherwise."
    assert {cn, ru} <= {
        r.recipient for r in Reminder.objects.filter(subject_code="meeting_cancelled")
    }


def test_the_e_mail_reaches_a_real_smtp_server_in_the_recipients_language(
    mail: MailStore,  # the fixture imported above
) -> None:
    meeting, _cn, ru, _kz = board_initiative()
    ru.email = "np-ru-chair@example.org"
    ru.save(update_fields=["email"])

    # Named by China's part: Russia's chair is told, in Russian, by e-mail.
    Worker(worker_id="test").run_once()

    (sent,) = [m for m in mail.messages if m["To"] == "np-ru-chair@example.org"]
    assert str(sent["Subject"]).strip().startswith("Ваша делегация названа в числе инициаторов: ")
    assert f"/meetings/{meeting.pk}/" in sent.get_body(("plain",)).get_content()
