"""External relations through the services: each step, and each refusal with its code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from secretariat.audit.models import AuditEntry
from secretariat.procedure import relations as rules
from secretariat.registry.models import Body, InternationalOrganisation
from secretariat.relations import selectors, services
from secretariat.relations.models import (
    Agreement,
    AgreementStatus,
    Consent,
    Contact,
    Engagement,
    Event,
    Mission,
    NgoInteraction,
    Participation,
)
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations
from tests.factories.relations import agreement_with_consents, asean, officer
from tests.relations.support import refused, state, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


# --- partners, contacts, meetings ---------------------------------------------------------------


def test_a_contact_and_a_meeting_are_recorded_with_a_registry_organisation_and_audited() -> None:
    partner = asean()

    contact = services.contact_add(
        partner=partner, name="Ms Lim", role="Director", email="lim@asean.example", by=officer()
    )
    meeting = services.partner_meeting_record(
        partner=partner,
        date=today(),
        place="Jakarta",
        participants="Secretary-General; ASEAN Deputy Secretary-General",
        summary="Agreed to draft a memorandum.",
    )

    assert partner.organisation is not None
    assert partner.organisation.abbreviation == "ASEAN"
    shown = selectors.partner_view(officer(), organisation_id=partner.organisation.pk)
    assert shown.contacts == [contact]
    assert shown.meetings == [meeting]
    assert shown.registry_documents  # the registry's signed documents are shown beside
    assert AuditEntry.objects.filter(
        model_label="relations.contact", object_id=str(contact.pk), action="create"
    ).exists()


def test_the_same_organisation_is_one_partner() -> None:
    assert asean().pk == asean().pk


def test_a_member_state_is_not_a_partner() -> None:
    error = refused(services.partner_of, state=state("KZ"))

    assert error.code == "member_state_not_partner"
    assert error.rules == ("SEC-EXTERNAL",)


def test_a_contact_with_a_bad_email_is_refused_and_nothing_is_saved() -> None:
    error = refused(services.contact_add, partner=asean(), name="Mr X", email="not-an-address")

    assert error.code == "invalid_email"
    assert not Contact.objects.filter(name="Mr X").exists()


def test_a_contact_without_a_name_is_refused() -> None:
    error = refused(services.contact_add, partner=asean(), name="  ")

    assert error.code == "field_required"


def test_a_meeting_without_a_summary_is_refused() -> None:
    error = refused(
        services.partner_meeting_record,
        partner=asean(),
        date=today(),
        place="Jakarta",
        participants="SG",
        summary="",
    )

    assert error.code == "field_required"
    assert error.rules == ("SEC-EXTERNAL",)


# --- agreements and the member states' consent (SEC-EXTERNAL) ---------------------------------


def test_an_agreement_is_signed_once_every_member_state_has_consented() -> None:
    agreement = agreement_with_consents()

    signed = services.agreement_sign(agreement=agreement, signed_on=today(), place="Beijing")

    assert signed.status == AgreementStatus.SIGNED
    assert signed.signed_on == today()
    assert agreement.consents.count() == 10


def test_signing_is_refused_naming_the_member_states_still_missing_in_each_language() -> None:
    agreement = agreement_with_consents(except_codes=("KZ", "RU"))

    error = refused(services.agreement_sign, agreement=agreement, signed_on=today())

    assert error.code == "consent_missing"
    assert error.status == 409
    assert error.rules == ("SEC-EXTERNAL",)
    assert "Kazakhstan" in error.render()
    assert "Russia" in error.render()
    with translation.override("ru"):
        assert "Казахстан" in error.render()
    with translation.override("zh-hans"):
        assert "哈萨克斯坦" in error.render()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_CONSENT


def test_one_withheld_consent_blocks_the_signature() -> None:
    agreement = agreement_with_consents(except_codes=("IN",))
    services.consent_record(
        agreement=agreement, state=state("IN"), decision="withheld", by_name="MEA of India"
    )

    error = refused(services.agreement_sign, agreement=agreement, signed_on=today())

    assert error.code == "consent_withheld"
    assert "India" in error.render()
    assert not services.agreement_verdict(agreement).may_sign


def test_a_national_coordinator_answers_for_their_own_state_only() -> None:
    agreement = agreement_with_consents(except_codes=("KZ", "RU"))
    kz = user("kz-coordinator", "national_coordinator", "kz")

    consent = services.consent_record(
        agreement=agreement, state=state("KZ"), decision="given", by=kz
    )
    error = refused(
        services.consent_record, agreement=agreement, state=state("RU"), decision="given", by=kz
    )

    assert consent.decided_by == kz
    assert consent.decided_by_name == "kz-coordinator"
    assert error.code == "not_your_state"
    assert error.status == 403
    assert not Consent.objects.filter(agreement=agreement, state__code="RU").exists()


def test_a_state_may_change_its_answer_until_the_signature() -> None:
    agreement = agreement_with_consents(except_codes=("KZ",))
    kz = user("kz-coordinator", "national_coordinator", "kz")
    services.consent_record(agreement=agreement, state=state("KZ"), decision="withheld", by=kz)
    services.consent_record(agreement=agreement, state=state("KZ"), decision="given", by=kz)

    services.agreement_sign(agreement=agreement, signed_on=today())
    error = refused(
        services.consent_record, agreement=agreement, state=state("KZ"), decision="withheld", by=kz
    )

    assert error.code == "agreement_signed"
    assert Consent.objects.get(agreement=agreement, state__code="KZ").decision == "given"


def test_only_member_states_consent() -> None:
    agreement = agreement_with_consents()

    error = refused(
        services.consent_record,
        agreement=agreement,
        state=state("TR"),
        decision="given",
        by_name="Ankara",
    )

    assert error.code == "not_a_member_state"


def test_an_unknown_consent_answer_is_refused() -> None:
    agreement = agreement_with_consents()

    error = refused(
        services.consent_record, agreement=agreement, state=state("KZ"), decision="maybe"
    )

    assert error.code == "unknown_consent"


def test_an_agreement_is_signed_once_and_not_in_the_future() -> None:
    agreement = agreement_with_consents()

    future = refused(
        services.agreement_sign, agreement=agreement, signed_on=today() + dt.timedelta(days=1)
    )
    services.agreement_sign(agreement=agreement, signed_on=today())
    again = refused(services.agreement_sign, agreement=agreement, signed_on=today())

    assert future.code == "date_in_future"
    assert again.code == "agreement_signed"


def test_an_agreement_enters_into_force_after_its_signature_only() -> None:
    agreement = agreement_with_consents()
    unsigned = refused(services.agreement_enter_into_force, agreement=agreement, day=today())
    services.agreement_sign(agreement=agreement, signed_on=today())

    early = refused(
        services.agreement_enter_into_force,
        agreement=agreement,
        day=today() - dt.timedelta(days=1),
    )
    services.agreement_enter_into_force(agreement=agreement, day=today())

    assert unsigned.code == "agreement_not_signed"
    assert early.code == "in_force_before_signature"
    agreement.refresh_from_db()
    assert agreement.in_force
    assert agreement.in_force_from == today()


def test_an_agreement_of_an_unknown_kind_or_without_a_title_is_refused() -> None:
    kind = refused(services.agreement_register, partner=asean(), kind="treaty", title={"en": "X"})
    title = refused(services.agreement_register, partner=asean(), kind="agreement", title={})

    assert kind.code == "unknown_agreement_kind"
    assert title.code == "field_required"
    assert not Agreement.objects.filter(title_en="X").exists()


def test_the_consent_rule_counts_only_the_member_states_of_the_day() -> None:
    verdict = rules.consent_verdict(["CN", "RU"], {"CN": "given", "RU": "given", "TR": "withheld"})

    assert verdict.may_sign
    assert rules.consent_verdict([], {}).may_sign is False


# --- participation (STRAT-OBSERVERS, STRAT-DIALOGUE) ------------------------------------------


def participate(code: str, kind: str, level: str, day: dt.date) -> Participation:
    return services.participation_record(
        state=state(code), kind=kind, level=level, event_name="A meeting", date=day
    )


def test_a_dialogue_partner_takes_part_in_a_ministerial_meeting() -> None:
    found = participate("TR", "dialogue_partner", "ministerial", dt.date(2020, 5, 1))

    assert found.status_on_date == "dialogue_partner"


def test_an_sco_partner_may_be_an_observer_at_a_summit_after_tianjin() -> None:
    found = participate("TR", "observer", "chs", dt.date(2026, 7, 1))

    assert found.status_on_date == "partner"


def test_a_dialogue_partner_was_not_an_observer_before_tianjin() -> None:
    error = refused(participate, code="TR", kind="observer", level="chs", day=dt.date(2020, 5, 1))

    assert error.code == "participation_status"
    assert error.rules == ("STRAT-OBSERVERS",)
    assert "dialogue partner" in error.render()


def test_an_observer_is_invited_to_public_meetings_of_the_councils_not_expert_meetings() -> None:
    error = refused(
        participate, code="MN", kind="observer", level="expert", day=dt.date(2020, 5, 1)
    )

    assert error.code == "participation_level"
    assert error.rules == ("STRAT-OBSERVERS",)


def test_a_dialogue_partner_is_not_at_a_summit_as_dialogue_partner() -> None:
    error = refused(
        participate, code="TR", kind="dialogue_partner", level="chs", day=dt.date(2020, 5, 1)
    )

    assert error.code == "participation_level"
    assert error.rules == ("STRAT-DIALOGUE",)


def test_a_member_state_does_not_take_part_as_a_partner() -> None:
    error = refused(participate, code="BY", kind="guest", level="chs", day=dt.date(2025, 7, 1))

    assert error.code == "participation_member"


def test_any_other_state_may_be_a_guest() -> None:
    found = participate("LA", "guest", "expert", dt.date(2020, 5, 1))

    assert found.status_on_date == ""


def test_an_unknown_kind_of_participation_is_refused() -> None:
    error = refused(participate, code="TR", kind="member", level="chs", day=today())

    assert error.code == "unknown_participation_kind"


# --- NGOs, events -------------------------------------------------------------------------------


def test_an_ngo_interaction_is_recorded_and_an_sco_structure_named_from_the_registry() -> None:
    body = Body.objects.filter(kind="non_governmental").first()
    assert body is not None

    found = services.ngo_interaction_record(
        organisation_name="", kind="sco_structure", body=body, date=today(), subject="Forum"
    )

    assert found.organisation_name == body.name_en
    assert NgoInteraction.objects.count() == 1


def test_an_ngo_interaction_with_a_body_that_is_no_ngo_or_an_unknown_kind_is_refused() -> None:
    body = Body.objects.get(code="cnc")

    not_ngo = refused(
        services.ngo_interaction_record,
        organisation_name="CNC",
        kind="other",
        body=body,
        date=today(),
        subject="x",
    )
    kind = refused(
        services.ngo_interaction_record,
        organisation_name="Club",
        kind="club",
        date=today(),
        subject="x",
    )

    assert not_ngo.code == "body_not_ngo"
    assert kind.code == "unknown_ngo_kind"
    assert not NgoInteraction.objects.exists()


def event(**changes: Any) -> Event:
    values: dict[str, Any] = {
        "kind": "conference",
        "title": {"en": "Conference on connectivity"},
        "date_start": today(),
        "date_end": today() + dt.timedelta(days=1),
        "place": "Beijing",
        "organisers": "SCO Secretariat",
        "participants_count": 120,
    } | changes
    return services.event_save(**values)


def test_an_event_is_created_and_its_outcome_added_later() -> None:
    made = event()

    changed = event(event=made, outcome="A joint statement.")

    assert changed.pk == made.pk
    assert changed.outcome == "A joint statement."


def test_an_event_ending_before_it_starts_is_refused() -> None:
    error = refused(event, date_end=today() - dt.timedelta(days=1))

    assert error.code == "end_before_start"
    assert error.rules == ("SEC-EXPERTS",)
    assert not Event.objects.exists()


def test_an_event_of_another_kind_or_a_negative_count_is_refused() -> None:
    assert refused(event, kind="party").code == "unknown_event_kind"
    assert refused(event, participants_count=-1).code == "negative_count"
    assert refused(event, organisers=" ").code == "field_required"


# --- missions (SEC-MISSIONS) --------------------------------------------------------------------


def mission(**changes: Any) -> Mission:
    vote = today() - dt.timedelta(days=10)
    values: dict[str, Any] = {
        "kind": "presidential",
        "country": state("KZ"),
        "election_date": vote,
        "date_start": vote - dt.timedelta(days=5),
        "date_end": vote + dt.timedelta(days=2),
    } | changes
    return services.mission_create(**values)


def test_a_mission_has_members_from_the_delegations_a_head_and_a_report(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    found = mission()
    kz = user("kz-coordinator", "national_coordinator", "kz")
    services.mission_member_add(mission=found, user=kz, is_head=True)
    services.mission_member_add(mission=found, name="Mr Ivanov", state=state("RU"), is_head=True)

    services.mission_report_submit(
        mission=found,
        report_date=found.election_date + dt.timedelta(days=1),
        text="Free and transparent.",
        file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report"),
    )

    found = selectors.mission_of(officer(), found.pk)
    assert found.head is not None
    assert found.head.name == "Mr Ivanov"
    assert [m.name for m in found.members.all()] == ["Mr Ivanov", "kz-coordinator"]
    assert found.members.get(user=kz).state == state("KZ")
    assert found.report_text == "Free and transparent."
    with found.report_file.open("rb") as scan:
        assert scan.read() == b"%PDF-1.4 report"


def test_a_mission_to_another_kind_of_vote_is_refused() -> None:
    error = refused(mission, kind="municipal")

    assert error.code == "unknown_election_kind"
    assert error.rules == ("SEC-MISSIONS",)
    assert "referendums" in error.render()


def test_a_mission_with_the_vote_outside_its_dates_or_ending_before_it_starts_is_refused() -> None:
    vote = today()
    outside = refused(
        mission,
        election_date=vote,
        date_start=vote + dt.timedelta(days=1),
        date_end=vote + dt.timedelta(days=3),
    )
    backwards = refused(mission, date_end=vote - dt.timedelta(days=30))

    assert outside.code == "election_outside_mission"
    assert backwards.code == "end_before_start"
    assert not Mission.objects.exists()


def test_a_report_dated_before_the_election_is_refused() -> None:
    found = mission()

    error = refused(
        services.mission_report_submit,
        mission=found,
        report_date=found.election_date - dt.timedelta(days=1),
        text="Too early.",
    )

    assert error.code == "report_before_election"
    with translation.override("ru"):
        assert "раньше дня голосования" in error.render()
    found.refresh_from_db()
    assert found.report_date is None


def test_an_empty_or_too_large_or_future_report_is_refused(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    found = mission()
    day = found.election_date

    empty = refused(services.mission_report_submit, mission=found, report_date=day, text=" ")
    future = refused(
        services.mission_report_submit,
        mission=found,
        report_date=today() + dt.timedelta(days=1),
        text="x",
    )
    big = SimpleUploadedFile("big.pdf", b"x" * (services.REPORT_FILE_LIMIT + 1))
    large = refused(services.mission_report_submit, mission=found, report_date=day, file=big)

    assert (empty.code, future.code, large.code) == (
        "report_empty",
        "date_in_future",
        "file_too_large",
    )


def test_only_people_of_member_state_delegations_join_as_users_and_once() -> None:
    found = mission()
    liaison = user("tr-liaison", "partner_liaison", "partner-tr")
    kz = user("kz-coordinator", "national_coordinator", "kz")
    services.mission_member_add(mission=found, user=kz)

    outsider = refused(services.mission_member_add, mission=found, user=liaison)
    twice = refused(services.mission_member_add, mission=found, user=kz)
    nameless = refused(services.mission_member_add, mission=found, name="")

    assert outsider.code == "not_a_member_delegation"
    assert twice.code == "already_a_member"
    assert nameless.code == "field_required"


# --- the protocol schedule (SEC-PROTOCOL) ------------------------------------------------------


def at(hour: int, day: dt.date | None = None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day or today(), dt.time(hour)))


def engage(start: int, end: int, counterpart: str = "Ambassador of Mongolia") -> services.Saved:
    return services.engagement_save(
        starts_at=at(start),
        ends_at=at(end),
        counterpart=counterpart,
        place="Secretariat",
        kind="meeting",
    )


def test_overlapping_engagements_are_allowed_and_named_as_a_warning() -> None:
    first = engage(10, 11)
    touching = engage(11, 12, "UNESCO")
    second = engage(10, 12, "ASEAN")

    assert first.overlapping == []
    assert touching.overlapping == []
    assert {e.pk for e in second.overlapping} == {first.engagement.pk, touching.engagement.pk}
    lines = {
        line.engagement.pk: line for line in selectors.schedule(officer(), start=today(), days=7)
    }
    assert lines[first.engagement.pk].overlaps == [second.engagement]
    assert "ASEAN" in lines[first.engagement.pk].warnings[0]


def test_a_change_to_an_engagement_raises_its_version() -> None:
    saved = engage(9, 10)

    changed = services.engagement_save(
        engagement=saved.engagement,
        starts_at=at(14),
        ends_at=at(15),
        counterpart="Ambassador of Mongolia",
        place="Diaoyutai",
        kind="talks",
    )

    assert changed.engagement.pk == saved.engagement.pk
    assert changed.engagement.version == 2
    assert Engagement.objects.get(pk=saved.engagement.pk).place == "Diaoyutai"


def test_an_engagement_ending_before_it_starts_or_of_an_unknown_kind_is_refused() -> None:
    backwards = refused(engage, start=12, end=11)
    kind = refused(
        services.engagement_save,
        starts_at=at(9),
        ends_at=at(10),
        counterpart="X",
        place="Y",
        kind="party",
    )

    assert backwards.code == "ends_before_start"
    assert backwards.rules == ("SEC-PROTOCOL",)
    assert kind.code == "unknown_engagement_kind"
    assert not Engagement.objects.exists()


def test_an_engagement_is_cancelled_once() -> None:
    saved = engage(9, 10)
    services.engagement_cancel(engagement=saved.engagement)

    error = refused(services.engagement_cancel, engagement=saved.engagement)

    assert error.code == "not_found"
    assert error.status == 404


def test_the_schedule_needs_protocol_view() -> None:
    from secretariat.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        selectors.schedule(user("kz-coordinator", "national_coordinator", "kz"))


def test_every_registry_organisation_is_listed_as_a_partner() -> None:
    organisations, states = selectors.partner_rows(officer())

    assert len(organisations) == InternationalOrganisation.objects.count()
    codes = {s.ref_id for s in states}
    assert state("TR").pk in codes
    assert state("KZ").pk not in codes


def test_an_unknown_kind_of_meeting_is_refused() -> None:
    error = refused(participate, code="TR", kind="guest", level="banquet", day=today())

    assert error.code == "unknown_event_level"


def test_every_sentence_of_the_relations_catalogue_has_the_same_placeholders_in_each_language() -> (
    None
):
    import string

    from secretariat.procedure.text import catalogue

    def names(template: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(template) if field}

    sentences = {code: text for code, text in catalogue().items() if code.startswith("relations.")}

    assert len(sentences) > 40
    for code, text in sentences.items():
        assert names(text.en) == names(text.ru) == names(text.zh), code
