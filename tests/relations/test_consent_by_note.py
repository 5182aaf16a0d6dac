"""A member state's consent received by note verbale and registered by the Secretariat
(SEC-EXTERNAL): through the service, the API and the agreement page; each refusal with its
code, nothing saved when refused, and a state's own delegation still answering without a note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from secretariat.accounts.models import User
from secretariat.audit.models import AuditEntry
from secretariat.relations import services
from secretariat.relations.models import Agreement, AgreementStatus, Consent
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations
from tests.factories.relations import agreement_with_consents, officer
from tests.relations.support import refused, state, today

pytestmark = pytest.mark.django_db

REFERENCE = "No. 12/3-456"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def kz_coordinator() -> User:
    return user("kz-coordinator", "national_coordinator", "kz")


def awaiting() -> Agreement:
    """A memorandum every member state but India and Kazakhstan has consented to."""
    return agreement_with_consents(except_codes=("IN", "KZ"))


def by_note(agreement: Agreement, code: str, **kwargs: Any) -> Consent:
    values: dict[str, Any] = {
        "agreement": agreement,
        "state": state(code),
        "decision": "given",
        "by": officer(),
        "note_reference": REFERENCE,
        "note_dated": today(),
    }
    values.update(kwargs)
    return services.consent_record(**values)


# --- the service ------------------------------------------------------------------------------


def test_staff_register_the_consent_of_a_state_without_users_from_its_note_and_it_is_audited() -> (
    None
):
    agreement = awaiting()
    assert not User.objects.filter(delegation__state__code="IN").exists()

    consent = by_note(agreement, "IN", by_name="Ministry of External Affairs of India")

    consent.refresh_from_db()
    assert consent.decision == "given"
    assert consent.note_reference == REFERENCE
    assert consent.note_dated == today()
    assert consent.registered_by == officer()
    assert consent.decided_by is None  # India's government decided; the officer registered it
    assert consent.decided_by_name == "Ministry of External Affairs of India"
    entry = AuditEntry.objects.get(
        model_label="relations.consent", object_id=str(consent.pk), action="create"
    )
    assert entry.after is not None
    assert entry.after["note_reference"] == REFERENCE
    assert entry.after["note_dated"] == today().isoformat()
    assert entry.after["registered_by"] == officer().pk


def test_without_a_sender_the_note_itself_is_named_as_who_decided() -> None:
    consent = by_note(awaiting(), "IN")

    assert consent.decided_by_name == f"note verbale {REFERENCE}"


def test_a_consent_registered_from_a_note_counts_towards_the_signature() -> None:
    agreement = awaiting()
    by_note(agreement, "IN")
    by_note(agreement, "KZ", decision="given")

    signed = services.agreement_sign(agreement=agreement, signed_on=today())

    assert signed.status == AgreementStatus.SIGNED


def test_staff_without_the_notes_reference_or_date_are_refused_and_nothing_is_saved() -> None:
    agreement = awaiting()

    no_reference = refused(by_note, agreement=agreement, code="IN", note_reference="  ")
    no_date = refused(by_note, agreement=agreement, code="IN", note_dated=None)
    neither = refused(
        services.consent_record,
        agreement=agreement,
        state=state("IN"),
        decision="given",
        by=officer(),
    )

    for error in (no_reference, no_date, neither):
        assert error.code == "note_required"
        assert error.status == 400
        assert error.rules == ("SEC-EXTERNAL",)
        assert "India" in error.render()
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()


def test_a_note_dated_in_the_future_or_before_the_document_was_registered_is_refused() -> None:
    agreement = awaiting()

    future = refused(
        by_note, agreement=agreement, code="IN", note_dated=today() + dt.timedelta(days=1)
    )
    early = refused(
        by_note, agreement=agreement, code="IN", note_dated=today() - dt.timedelta(days=1)
    )

    assert future.code == "note_in_future"
    assert early.code == "note_before_agreement"
    assert str(today() + dt.timedelta(days=1)) in future.render()
    assert str(today()) in early.render()  # the day the document was registered
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()


def test_a_delegation_user_of_another_state_is_still_refused_even_with_a_note() -> None:
    agreement = awaiting()

    error = refused(by_note, agreement=agreement, code="IN", by=kz_coordinator())

    assert error.code == "not_your_state"
    assert error.status == 403
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()


def test_secretariat_staff_without_relations_manage_are_refused() -> None:
    legal = user("legal", "secretariat_legal", "sco-secretariat")

    error = refused(by_note, agreement=awaiting(), code="IN", by=legal)

    assert error.code == "not_your_state"


def test_the_own_delegation_still_answers_without_a_note() -> None:
    consent = services.consent_record(
        agreement=awaiting(), state=state("KZ"), decision="withheld", by=kz_coordinator()
    )

    assert consent.decided_by == kz_coordinator()
    assert consent.note_reference == ""
    assert consent.note_dated is None
    assert consent.registered_by is None


def test_a_refused_registration_leaves_the_states_earlier_answer_as_it_was() -> None:
    agreement = awaiting()
    earlier = services.consent_record(
        agreement=agreement, state=state("KZ"), decision="withheld", by=kz_coordinator()
    )
    entries = AuditEntry.objects.filter(model_label="relations.consent").count()

    error = refused(
        by_note,
        agreement=agreement,
        code="KZ",
        decision="given",
        note_dated=today() + dt.timedelta(days=3),
    )

    assert error.code == "note_in_future"
    kept = Consent.objects.get(pk=earlier.pk)
    assert kept.decision == "withheld"
    assert kept.decided_by == kz_coordinator()
    assert kept.note_reference == ""
    assert kept.registered_by is None
    assert AuditEntry.objects.filter(model_label="relations.consent").count() == entries


def test_a_note_changes_a_states_answer_and_a_later_answer_of_its_delegation_clears_the_note() -> (
    None
):
    agreement = awaiting()
    services.consent_record(
        agreement=agreement, state=state("KZ"), decision="withheld", by=kz_coordinator()
    )

    from_note = by_note(agreement, "KZ", decision="given")
    assert (from_note.decision, from_note.decided_by, from_note.registered_by) == (
        "given",
        None,
        officer(),
    )
    again = services.consent_record(
        agreement=agreement, state=state("KZ"), decision="withheld", by=kz_coordinator()
    )

    again.refresh_from_db()
    assert again.decision == "withheld"
    assert again.decided_by == kz_coordinator()
    assert (again.note_reference, again.note_dated, again.registered_by) == ("", None, None)


def test_a_note_cannot_change_a_signed_document_nor_speak_for_a_non_member() -> None:
    agreement = agreement_with_consents()
    signed_first = services.agreement_sign(agreement=agreement, signed_on=today())

    signed = refused(by_note, agreement=signed_first, code="IN", decision="withheld")
    outsider = refused(by_note, agreement=awaiting(), code="TR")

    assert signed.code == "agreement_signed"
    assert signed.status == 409
    assert Consent.objects.get(agreement=agreement, state__code="IN").decision == "given"
    assert outsider.code == "not_a_member_state"


def test_the_new_refusals_read_in_russian_and_chinese() -> None:
    agreement = awaiting()
    required = refused(by_note, agreement=agreement, code="IN", note_reference="")
    future = refused(
        by_note, agreement=agreement, code="IN", note_dated=today() + dt.timedelta(days=1)
    )
    early = refused(
        by_note, agreement=agreement, code="IN", note_dated=today() - dt.timedelta(days=1)
    )

    with translation.override("ru"):
        assert "вербальной ноте" in required.render()
        assert "Индия" in required.render()
        assert "ещё не наступила" in future.render()
        assert "раньше регистрации документа" in early.render()
    with translation.override("zh-hans"):
        assert "普通照会" in required.render()
        assert "尚未到来" in future.render()
        assert "登记日期" in early.render()


# --- the API ----------------------------------------------------------------------------------


def api_for(username: str, role: str, delegation: str) -> Client:
    return logged_in(user(username, role, delegation))


def post_note(client: Client, agreement_id: int, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/relations/agreements/{agreement_id}/consent/by-note",
        body,
        content_type="application/json",
    )


def note_body(**kwargs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "state": "IN",
        "decision": "given",
        "note_reference": REFERENCE,
        "note_dated": str(today()),
    }
    body.update(kwargs)
    return body


def staff_api() -> Client:
    return api_for("officer", "secretariat_officer", "sco-secretariat")


def test_the_api_registers_a_consent_by_note_and_shows_the_note() -> None:
    agreement = awaiting()

    response = post_note(staff_api(), agreement.pk, note_body(sent_by="MEA of India"))

    assert response.status_code == 201, response.content
    india = next(c for c in response.json()["consents"] if c["state"] == "IN")
    assert india["decision"] == "given"
    assert india["note_reference"] == REFERENCE
    assert india["note_dated"] == str(today())
    assert india["registered_by"] == "officer"
    assert india["decided_by"] == "MEA of India"
    assert response.json()["missing"] == ["KZ"]
    shown = staff_api().get(f"/api/relations/agreements/{agreement.pk}").json()
    assert next(c for c in shown["consents"] if c["state"] == "IN")["note_reference"] == REFERENCE


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"note_reference": ""}, 400, "note_required"),
        ({"note_dated": None}, 400, "note_required"),
        ({"note_dated": "2999-01-01"}, 400, "note_in_future"),
        ({"note_dated": "2000-01-01"}, 400, "note_before_agreement"),
        ({"state": "TR"}, 400, "not_a_member_state"),
        ({"decision": "maybe"}, 400, "unknown_consent"),
    ],
)
def test_the_api_refuses_with_the_code(body: dict[str, Any], status: int, code: str) -> None:
    agreement = awaiting()

    response = post_note(staff_api(), agreement.pk, note_body(**body))

    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()
    assert AuditEntry.objects.filter(
        action="refused", actor_name="officer", after__code=code
    ).exists()


def test_the_api_refuses_a_delegation_an_unknown_state_and_a_signed_document() -> None:
    agreement = awaiting()
    signed = agreement_with_consents()
    services.agreement_sign(agreement=signed, signed_on=today())
    kz = api_for("kz-coordinator", "national_coordinator", "kz")

    delegation = post_note(kz, agreement.pk, note_body())
    unknown = post_note(staff_api(), agreement.pk, note_body(state="XX"))
    closed = post_note(staff_api(), signed.pk, note_body(decision="withheld"))
    missing = post_note(staff_api(), 999999, note_body())

    assert delegation.status_code == 403  # the operation needs relations.manage
    assert unknown.status_code == 404
    assert closed.status_code == 409
    assert closed.json()["code"] == "agreement_signed"
    assert missing.status_code == 404
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()


def test_staff_still_cannot_use_the_delegations_own_consent_operation() -> None:
    response = staff_api().post(
        f"/api/relations/agreements/{awaiting().pk}/consent",
        {"decision": "given"},
        content_type="application/json",
    )

    assert response.status_code == 403


# --- the agreement page -----------------------------------------------------------------------


def page_for(username: str, role: str, delegation: str) -> Client:
    return api_for(username, role, delegation)


def staff_page() -> Client:
    return page_for("officer", "secretariat_officer", "sco-secretariat")


def page_post(client: Client, agreement_id: int, **kwargs: Any) -> Any:
    data = {
        "state": "IN",
        "decision": "given",
        "note_reference": REFERENCE,
        "note_dated": str(today()),
        "sent_by": "",
        "note": "",
    }
    data.update(kwargs)
    return client.post(f"/relations/agreements/{agreement_id}/consent/by-note/", data)


def test_the_form_is_offered_to_staff_only_while_the_document_awaits_consent() -> None:
    agreement = awaiting()
    signed = agreement_with_consents()
    services.agreement_sign(agreement=signed, signed_on=today())

    staff = staff_page().get(f"/relations/agreements/{agreement.pk}/").content.decode()
    delegation = (
        page_for("kz-coordinator", "national_coordinator", "kz")
        .get(f"/relations/agreements/{agreement.pk}/")
        .content.decode()
    )
    after_signature = staff_page().get(f"/relations/agreements/{signed.pk}/").content.decode()

    assert 'id="note-consent-form"' in staff
    assert "Register a consent received by note" in staff
    assert '<option value="IN">India</option>' in staff
    assert '<option value="TR">' not in staff  # only member states
    assert 'id="note-consent-form"' not in delegation
    assert 'id="note-consent-form"' not in after_signature


def test_a_consent_is_registered_on_the_page_and_its_note_shown() -> None:
    agreement = awaiting()
    client = staff_page()

    response = page_post(client, agreement.pk, sent_by="MEA of India")
    page = client.get(f"/relations/agreements/{agreement.pk}/").content.decode()

    assert response.status_code == 302
    consent = Consent.objects.get(agreement=agreement, state__code="IN")
    assert consent.note_reference == REFERENCE
    assert consent.registered_by is not None
    assert consent.registered_by.username == "officer"
    assert f"No. {REFERENCE}" in page
    assert f'<time datetime="{today():%Y-%m-%d}">' in page
    assert "registered by officer" in page
    assert "MEA of India" in page


def test_a_refusal_shows_in_the_pages_refusal_box_with_nothing_saved() -> None:
    agreement = awaiting()

    no_note = page_post(staff_page(), agreement.pk, note_reference="")
    future = page_post(staff_page(), agreement.pk, note_dated=str(today() + dt.timedelta(days=2)))

    assert no_note.status_code == 400
    assert 'role="alert"' in no_note.content.decode()
    assert "give the note&#x27;s reference and date" in no_note.content.decode()
    assert "SEC-EXTERNAL" in no_note.content.decode()
    assert future.status_code == 400
    assert "in the future" in future.content.decode()
    assert 'id="note-consent-form"' in future.content.decode()  # the form again, as typed
    assert not Consent.objects.filter(agreement=agreement, state__code="IN").exists()


def test_the_page_refuses_a_delegation_and_a_state_not_offered() -> None:
    agreement = awaiting()

    delegation = page_post(page_for("kz-coordinator", "national_coordinator", "kz"), agreement.pk)
    outsider = page_post(staff_page(), agreement.pk, state="TR")

    assert delegation.status_code == 403
    assert outsider.status_code == 400  # not a choice of the form
    assert not Consent.objects.filter(agreement=agreement, state__code__in=["IN", "TR"]).exists()


def test_an_unknown_agreement_is_404_on_the_page() -> None:
    assert page_post(staff_page(), 999999).status_code == 404
