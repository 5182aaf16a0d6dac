"""The relations pages through Django's test client: each page renders for those allowed, the
forms save through the services, and a refusal shows its sentence and rule with nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from secretariat.registry.models import InternationalOrganisation
from secretariat.relations import services
from secretariat.relations.models import (
    Agreement,
    Consent,
    Contact,
    Engagement,
    Event,
    Mission,
    NgoInteraction,
    Participation,
)
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations
from tests.factories.relations import agreement_with_consents
from tests.relations.support import state, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def client_for(username: str, role: str, delegation: str) -> Client:
    return logged_in(user(username, role, delegation))


def officer() -> Client:
    return client_for("officer", "secretariat_officer", "sco-secretariat")


def kz() -> Client:
    return client_for("kz-coordinator", "national_coordinator", "kz")


def test_the_overview_lists_the_registry_partners_and_the_nav_links_to_it() -> None:
    response = officer().get("/relations/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Association of Southeast Asian Nations" in page or "ASEAN" in page
    assert "Türkiye" in page or "Turkey" in page
    assert 'href="/relations/"' in page


def test_the_pages_are_in_russian_under_the_prefix() -> None:
    response = officer().get("/ru/relations/agreements/")

    assert response.status_code == 200
    assert 'lang="ru"' in response.content.decode()


def test_a_contact_and_a_meeting_are_added_on_the_partner_page() -> None:
    asean = InternationalOrganisation.objects.get(abbreviation="ASEAN")
    client = officer()

    added = client.post(
        f"/relations/partners/org/{asean.pk}/contact/",
        {"name": "Ms Lim", "role_en": "Director", "email": "lim@asean.example"},
    )
    met = client.post(
        f"/relations/partners/org/{asean.pk}/meeting/",
        {"date": str(today()), "place_en": "Jakarta", "participants": "SG", "summary_en": "Talks."},
    )
    page = client.get(f"/relations/partners/org/{asean.pk}/").content.decode()

    assert added.status_code == 302
    assert met.status_code == 302
    assert "Ms Lim" in page
    assert "Talks." in page


def test_a_bad_email_is_refused_on_the_page_with_nothing_saved() -> None:
    asean = InternationalOrganisation.objects.get(abbreviation="ASEAN")

    response = officer().post(
        f"/relations/partners/org/{asean.pk}/contact/", {"name": "Mr X", "email": "nope"}
    )

    assert response.status_code == 400
    assert "is not an e-mail address" in response.content.decode()
    assert not Contact.objects.filter(name="Mr X").exists()


def test_a_member_state_has_no_partner_page_forms_to_save() -> None:
    response = officer().post(
        f"/relations/partners/state/{state('KZ').pk}/contact/", {"name": "Mr Y"}
    )

    assert response.status_code == 400
    assert "member state" in response.content.decode()


def test_an_agreement_is_registered_consented_to_by_kazakhstan_and_signed_on_the_pages() -> None:
    asean = InternationalOrganisation.objects.get(abbreviation="ASEAN")
    made = officer().post(
        "/relations/agreements/new/",
        {"partner": f"org:{asean.pk}", "kind": "memorandum", "title_en": "MoU on tourism"},
    )
    agreement = Agreement.objects.get(title_en="MoU on tourism")
    for member in state("KZ").__class__.objects.filter(
        code__in=["CN", "RU", "KG", "TJ", "UZ", "IN", "PK", "IR", "BY"]
    ):
        services.consent_record(agreement=agreement, state=member, decision="given", by_name="n.v.")

    before = officer().get(f"/relations/agreements/{agreement.pk}/").content.decode()
    refused = officer().post(
        f"/relations/agreements/{agreement.pk}/sign/", {"signed_on": str(today())}
    )
    consent_page = kz().get(f"/relations/agreements/{agreement.pk}/").content.decode()
    consented = kz().post(f"/relations/agreements/{agreement.pk}/consent/", {"decision": "given"})
    signed = officer().post(
        f"/relations/agreements/{agreement.pk}/sign/",
        {"signed_on": str(today()), "place_en": "Beijing"},
    )

    assert made.status_code == 302
    assert "Still awaiting the consent of:" in before
    assert "Kazakhstan" in before
    assert refused.status_code == 409
    assert "still missing: Kazakhstan" in refused.content.decode()
    assert "SEC-EXTERNAL" in refused.content.decode()
    assert 'id="consent-form"' in consent_page
    assert consented.status_code == 302
    assert Consent.objects.get(agreement=agreement, state__code="KZ").decided_by_name
    assert signed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed"


def test_the_consent_form_is_not_offered_to_a_deputy() -> None:
    agreement = agreement_with_consents(except_codes=("CN",))
    deputy = client_for("cn-deputy", "deputy", "cn")

    page = deputy.get(f"/relations/agreements/{agreement.pk}/").content.decode()
    refused = deputy.post(f"/relations/agreements/{agreement.pk}/consent/", {"decision": "given"})

    assert 'id="consent-form"' not in page
    assert refused.status_code == 403


def test_a_participation_out_of_its_rule_is_refused_on_the_page() -> None:
    response = officer().post(
        "/relations/participation/new/",
        {
            "state": "MN",
            "kind": "observer",
            "level": "expert",
            "event_name_en": "Experts on transport",
            "date": "2020-03-01",
        },
    )
    ok = officer().post(
        "/relations/participation/new/",
        {
            "state": "MN",
            "kind": "observer",
            "level": "chs",
            "event_name_en": "Summit",
            "date": "2020-03-01",
        },
    )

    assert response.status_code == 400
    assert "STRAT-OBSERVERS" in response.content.decode()
    assert ok.status_code == 302
    assert Participation.objects.get().event_name == "Summit"


def test_an_ngo_interaction_is_recorded_on_its_page() -> None:
    response = officer().post(
        "/relations/ngo/new/",
        {
            "organisation_name_en": "SCO Forum",
            "kind": "research",
            "date": str(today()),
            "subject_en": "Report",
        },
    )

    assert response.status_code == 302
    assert "SCO Forum" in officer().get("/relations/ngo/").content.decode()
    assert NgoInteraction.objects.count() == 1


def test_an_event_ending_before_it_starts_is_refused_and_a_good_one_changed() -> None:
    values = {
        "kind": "conference",
        "title_en": "Conference",
        "date_start": str(today()),
        "date_end": str(today() - dt.timedelta(days=1)),
        "place_en": "Beijing",
        "organisers_en": "Secretariat",
    }
    refused = officer().post("/relations/events/new/", values)
    made = officer().post("/relations/events/new/", values | {"date_end": str(today())})
    event = Event.objects.get()
    changed = officer().post(
        f"/relations/events/{event.pk}/change/",
        values | {"date_end": str(today()), "outcome_en": "A statement."},
    )

    assert refused.status_code == 400
    assert "before it starts" in refused.content.decode()
    assert made.status_code == 302
    assert changed.status_code == 302
    assert "A statement." in officer().get(f"/relations/events/{event.pk}/").content.decode()


def test_a_mission_with_a_member_and_a_report_file_on_the_pages(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    vote = today() - dt.timedelta(days=5)
    client = officer()
    client.post(
        "/relations/missions/new/",
        {
            "kind": "referendum",
            "country": "KZ",
            "election_date": str(vote),
            "date_start": str(vote - dt.timedelta(days=3)),
            "date_end": str(vote),
        },
    )
    mission = Mission.objects.get()
    user("kz-coordinator", "national_coordinator", "kz")
    client.post(
        f"/relations/missions/{mission.pk}/member/", {"user": "kz-coordinator", "is_head": "on"}
    )
    early = client.post(
        f"/relations/missions/{mission.pk}/report/",
        {"report_date": str(vote - dt.timedelta(days=1)), "text_en": "Early"},
    )
    filed = client.post(
        f"/relations/missions/{mission.pk}/report/",
        {"report_date": str(vote), "file": SimpleUploadedFile("r.pdf", b"%PDF report")},
    )
    page = client.get(f"/relations/missions/{mission.pk}/").content.decode()

    assert early.status_code == 400
    assert "before the vote" in early.content.decode()
    assert filed.status_code == 302
    assert "kz-coordinator" in page
    assert "A file is attached to the report." in page
    download = client.get(f"/relations/missions/{mission.pk}/report/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF report"  # type: ignore[attr-defined]
    download.close()


def test_the_schedule_shows_a_week_with_overlap_warnings_and_its_feed() -> None:
    monday = today() - dt.timedelta(days=today().weekday())
    at = lambda h: timezone.make_aware(dt.datetime.combine(monday, dt.time(h)))  # noqa: E731
    services.engagement_save(
        starts_at=at(9),
        ends_at=at(11),
        counterpart="Ambassador of Nepal",
        place="Secretariat",
        kind="meeting",
    )
    client = officer()

    added = client.post(
        "/relations/protocol/add/",
        {
            "starts_at": f"{monday}T10:00",
            "ends_at": f"{monday}T12:00",
            "counterpart_en": "UNODC",
            "place_en": "Secretariat",
            "kind": "talks",
        },
        follow=True,
    )
    page = client.get(f"/relations/protocol/?start={monday}").content.decode()
    feed = client.get("/relations/protocol/schedule.ics")
    denied = kz().get("/relations/protocol/")

    assert "Ambassador of Nepal" in added.content.decode()  # the warning names the other
    assert "UNODC" in page
    assert "⚠" in page
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content
    assert denied.status_code == 403


def test_an_engagement_ending_before_it_starts_is_refused_and_one_is_cancelled() -> None:
    client = officer()
    refused = client.post(
        "/relations/protocol/add/",
        {
            "starts_at": f"{today()}T12:00",
            "ends_at": f"{today()}T11:00",
            "counterpart_en": "X",
            "place_en": "Y",
            "kind": "meeting",
        },
    )
    saved = services.engagement_save(
        starts_at=timezone.make_aware(dt.datetime.combine(today(), dt.time(9))),
        ends_at=timezone.make_aware(dt.datetime.combine(today(), dt.time(10))),
        counterpart="Z",
        place="Y",
        kind="call",
    )
    cancelled = client.post(f"/relations/protocol/{saved.engagement.pk}/cancel/")

    assert refused.status_code == 400
    assert "SEC-PROTOCOL" in refused.content.decode()
    assert cancelled.status_code == 302
    assert not Engagement.objects.exists()


def test_a_member_delegation_sees_no_forms_to_manage() -> None:
    page = kz().get("/relations/events/").content.decode()

    assert 'id="event-form"' not in page
    assert kz().post("/relations/events/new/", {}).status_code == 403


def test_a_private_feed_address_answers_until_revoked_or_the_role_changes() -> None:
    from secretariat.relations.models import ProtocolFeedToken

    client = officer()
    made = client.post("/relations/protocol/feed/")
    page = made.content.decode()
    start = page.index("/relations/protocol/feed/scp_")
    address = page[start : page.index('"', start)]
    anonymous = Client()

    fetched = anonymous.get(address)
    unknown = anonymous.get("/relations/protocol/feed/scp_not-a-real-token.ics")
    newer = client.post("/relations/protocol/feed/").content.decode()
    old_after_rotation = anonymous.get(address)
    start = newer.index("/relations/protocol/feed/scp_")
    second = newer[start : newer.index('"', start)]
    holder = user("officer", "secretariat_officer", "sco-secretariat")
    holder.role = "expert"
    holder.save()
    try:
        after_role_change = anonymous.get(second)
    finally:
        holder.role = "secretariat_officer"
        holder.save()
    client.post("/relations/protocol/feed/revoke/")

    assert made.status_code == 200
    assert fetched.status_code == 200
    assert b"BEGIN:VCALENDAR" in fetched.content
    assert fetched["Cache-Control"] == "private, no-cache"  # revalidated (core/conditional.py)
    assert unknown.status_code == 404
    assert old_after_rotation.status_code == 404
    assert after_role_change.status_code == 404
    assert anonymous.get(second).status_code == 404
    assert not ProtocolFeedToken.objects.filter(revoked__isnull=True).exists()
    stored = ProtocolFeedToken.objects.values_list("digest", flat=True)
    assert all(address.rsplit("/", 1)[1].removesuffix(".ics") != d for d in stored)


def test_only_those_who_see_the_schedule_get_a_feed_address() -> None:
    from secretariat.core.errors import RefusedError
    from secretariat.relations.services import protocol_feed_token_rotate

    with pytest.raises(RefusedError) as refused:
        protocol_feed_token_rotate(user=user("kz-coordinator", "national_coordinator", "kz"))

    assert refused.value.code == "feed_not_allowed"
    assert refused.value.status == 403
