"""A typed answer keeps every field its presenter builds: a schema that forgot one would drop it
without a word (Ninja ignores what a schema does not name), and one that invented a field
would add it. For a document taken through every step and for each kind of relations record,
the API's answer has exactly the presenter's fields, nested objects and list items included.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import translation

from secretariat.accounts.models import User
from secretariat.documents.models import Document
from secretariat.documents.presenters import document_out
from secretariat.relations import selectors
from secretariat.relations.api.common import participation_out
from secretariat.relations.api.events import _event
from secretariat.relations.api.participation import _ngo
from secretariat.relations.api.partners import _partner_out
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN, RU, ZH
from tests.factories.registry import registry_with_delegations
from tests.relations.support import today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def shape(value: Any) -> Any:
    """The fields of ``value`` as JSON holds them, nested, without their values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return None


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class Caller:
    def __init__(self, username: str, role: str, delegation: str) -> None:
        self.user: User = user(username, role, delegation)
        self.client = Client()
        self.client.force_login(self.user)

    def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        send = getattr(self.client, method)
        if body is None:
            response = send(f"/api{path}")
        else:
            response = send(f"/api{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
        return response.json()

    def presented(self, build: Any, *args: Any) -> Any:
        """What the presenter ``build`` makes of ``args`` in this caller's language."""
        with translation.override(self.user.language):
            return as_json(build(*args))


def test_a_document_answer_has_every_field_of_the_presenter_at_every_step() -> None:
    kz = Caller("coordinator-kz", "national_coordinator", "kz")
    ru = Caller("permrep-ru", "permanent_representative", "ru")
    officer = Caller("officer", "secretariat_officer", "sco-secretariat")
    legal = Caller("legal", "secretariat_legal", "sco-secretariat")
    finance = Caller("finance", "secretariat_finance", "sco-secretariat")
    day = today()
    doc = kz.call(
        "post",
        "/documents/",
        {"type": "agreement", "body": "cnc", "title_en": "Agreement on customs"},
        201,
    )
    path = f"/documents/{doc['id']}"
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        kz.call("post", f"{path}/languages", {"lang": lang, "text": text}, 201)
    kz.call("post", f"{path}/revisions", {"lang": "en", "text": EN + "\n\nAmended."}, 201)
    consultation = {"cnc_agreed_on": str(day), "closes_on": str(day + dt.timedelta(days=7))}
    officer.call("post", f"{path}/consultations", consultation, 201)
    commented = ru.call("post", f"{path}/comments", {"text": "Name the posts."}, 201)
    comment = commented["consultations"][0]["comments"][0]["id"]
    officer.call("post", f"{path}/consultations/close", {}, 201)
    officer.call("put", f"{path}/comments/{comment}", {"resolution": "accepted"}, 201)
    legal.call("post", f"{path}/assessments", {"kind": "legal", "conclusion": "favourable"}, 422)
    for caller, kind in ((legal, "legal"), (finance, "financial")):
        assessment = {"kind": kind, "conclusion": "favourable", "text": "Consistent."}
        caller.call("post", f"{path}/assessments", assessment, 201)
    circulated = officer.call("post", f"{path}/circulation", {"cnc_consent_on": str(day)}, 201)
    seen_by_ru = ru.call("get", path)
    document = Document.objects.get(pk=doc["id"])

    assert shape(circulated) == shape(officer.presented(document_out, document, officer.user))
    assert shape(seen_by_ru) == shape(ru.presented(document_out, document, ru.user))
    # Every part is there to be compared: nothing is compared empty.
    assert len(circulated["assessments"]) == 2
    assert set(circulated["assessments"][0]["revisions"]) == {"ru", "zh", "en"}
    assert circulated["circulation"]["summary"]["ru"]
    assert circulated["consultations"][0]["comments"][0]["resolution"] == "accepted"
    assert len(circulated["languages"][2]["revisions"]) == 2


def test_a_relations_answer_has_every_field_of_the_presenter() -> None:
    officer = Caller("officer", "secretariat_officer", "sco-secretariat")
    kz = Caller("kz-coordinator", "national_coordinator", "kz")
    asean = officer.call("get", "/relations/partners")["organisations"]
    asean_id = next(o["id"] for o in asean if o["note"] == "ASEAN")
    partner = f"/relations/partners/organisations/{asean_id}"
    officer.call("post", f"{partner}/contacts", {"name": "Ms Tan", "role": "Director"}, 201)
    meeting = {"date": str(today()), "place": "Jakarta", "participants": "Both", "summary": "Met"}
    officer.call("post", f"{partner}/meetings", meeting, 201)
    agreement = officer.call(
        "post",
        "/relations/agreements",
        {"organisation": asean_id, "kind": "memorandum", "title_en": "MoU on disaster relief"},
        201,
    )
    kz.call("post", f"/relations/agreements/{agreement['id']}/consent", {"decision": "given"}, 201)
    by_note = {
        "state": "CN",
        "decision": "withheld",
        "note_reference": "No. 12/3-456",
        "note_dated": str(today()),
        "sent_by": "Ministry of Foreign Affairs",
    }
    officer.call("post", f"/relations/agreements/{agreement['id']}/consent/by-note", by_note, 201)
    vote = today() - dt.timedelta(days=3)
    mission = officer.call(
        "post",
        "/relations/missions",
        {
            "kind": "parliamentary",
            "country": "KG",
            "election_date": str(vote),
            "date_start": str(vote - dt.timedelta(days=2)),
            "date_end": str(vote + dt.timedelta(days=1)),
        },
        201,
    )
    members = f"/relations/missions/{mission['id']}/members"
    officer.call("post", members, {"username": "kz-coordinator"}, 201)
    officer.call("post", members, {"name": "Ms Chen", "state": "CN", "is_head": True}, 201)
    report = {"report_date": str(vote), "text": "Orderly."}
    officer.call("post", f"/relations/missions/{mission['id']}/report", report)
    event = {
        "kind": "symposium",
        "title_en": "Symposium on water",
        "date_start": str(today()),
        "date_end": str(today()),
        "place": "Tashkent",
        "organisers": "Secretariat",
        "participants_count": 40,
    }
    made_event = officer.call("post", "/relations/events", event, 201)
    participation = {
        "state": "TR",
        "kind": "guest",
        "level": "chs",
        "event_name": "Summit",
        "date": str(today()),
        "event": made_event["id"],
    }
    officer.call("post", "/relations/participations", participation, 201)
    ngo = {
        "organisation_name": "Red Crescent",
        "kind": "public",
        "date": str(today()),
        "subject": "Aid",
    }
    officer.call("post", "/relations/ngo", ngo, 201)
    tomorrow = today() + dt.timedelta(days=1)
    for starts, ends in (("10:00", "11:00"), ("10:30", "12:00")):
        engagement = {
            "starts_at": f"{tomorrow}T{starts}:00+08:00",
            "ends_at": f"{tomorrow}T{ends}:00+08:00",
            "counterpart": "Ambassador of Türkiye",
            "place": "Secretariat",
            "kind": "meeting",
        }
        officer.call("post", "/relations/protocol", engagement, 201)
    turkey = officer.call("get", "/relations/partners")["states"]
    turkey_id = next(s["id"] for s in turkey if s["name"] == "Türkiye")
    visible = officer.user

    answers_and_presented = [
        (
            officer.call("get", f"/relations/agreements/{agreement['id']}"),
            officer.presented(
                selectors.agreement_out, selectors.agreement_of(visible, agreement["id"])
            ),
        ),
        (
            officer.call("get", f"/relations/missions/{mission['id']}"),
            officer.presented(selectors.mission_out, selectors.mission_of(visible, mission["id"])),
        ),
        (
            officer.call("get", partner),
            officer.presented(
                _partner_out, selectors.partner_view(visible, organisation_id=asean_id)
            ),
        ),
        (
            officer.call("get", f"/relations/partners/states/{turkey_id}"),
            officer.presented(_partner_out, selectors.partner_view(visible, state_id=turkey_id)),
        ),
        (
            officer.call("get", f"/relations/protocol?start={tomorrow}&days=1"),
            [
                officer.presented(selectors.engagement_out, line)
                for line in selectors.schedule(visible, start=tomorrow, days=1)
            ],
        ),
        (
            officer.call("get", "/relations/participations"),
            [
                officer.presented(participation_out, p)
                for p in selectors.participations_visible(visible)
            ],
        ),
        (
            officer.call("get", "/relations/ngo"),
            [officer.presented(_ngo, n) for n in selectors.ngo_interactions_visible(visible)],
        ),
        (
            officer.call("get", f"/relations/events/{made_event['id']}"),
            officer.presented(_event, selectors.event_of(visible, made_event["id"])),
        ),
    ]

    for answer, presented in answers_and_presented:
        assert shape(answer) == shape(presented)
    agreement_answer, mission_answer, asean_answer, turkey_answer, schedule = [
        answer for answer, _ in answers_and_presented[:5]
    ]
    # Every part is there to be compared: nothing is compared empty.
    assert {c["decision"] for c in agreement_answer["consents"]} >= {"given", "withheld", None}
    assert len(mission_answer["members"]) == 2
    assert asean_answer["contacts"]
    assert asean_answer["meetings"]
    assert asean_answer["agreements"]
    assert asean_answer["registry_documents"]
    assert turkey_answer["participations"]
    assert schedule[1]["warnings"]
