"""News, briefings and the catalogue written and published; requests for materials asked,
reminded and answered by the member states (SEC-DATABANK, SEC-REQUEST)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from secretariat.audit.models import AuditEntry
from secretariat.core.errors import RefusedError
from secretariat.notifications.models import InboxMessage, Reminder, ReminderState
from secretariat.notifications.worker import Worker
from secretariat.press import selectors, services
from secretariat.press.models import (
    AddresseeStatus,
    CatalogueEntry,
    MaterialsAnswer,
    MaterialsRequest,
    PressItem,
    PublicationState,
    RequestAddressee,
)
from secretariat.registry.models import State
from tests.factories.press import a_request, news, officer, state_user
from tests.factories.registry import registry_with_delegations
from tests.press.support import today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def content(field: Any) -> bytes:
    with field.open("rb") as f:
        return bytes(f.read())


def refused(call: Any, **kwargs: Any) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        call(**kwargs)
    return caught.value


# --- news, briefings, catalogue ---------------------------------------------------------------


def test_a_news_item_is_a_draft_until_published_and_then_public() -> None:
    item = news(published=False)

    assert item.state == PublicationState.DRAFT
    assert not item.is_public
    assert item.slug == "the-register-opens"
    assert not selectors.published_items().exists()

    published = services.item_publish(item=item, by=officer())

    assert published.state == PublicationState.PUBLISHED
    assert published.is_public
    assert published.published_at is not None
    assert list(selectors.published_items("news")) == [item]


def test_a_withdrawn_item_leaves_the_public_side_and_keeps_its_first_publication_date() -> None:
    item = news()
    first = item.published_at

    services.item_withdraw(item=item, by=officer())
    assert not selectors.published_items().exists()

    again = services.item_publish(item=item, by=officer())
    assert again.published_at == first


def test_publishing_twice_or_withdrawing_a_draft_is_refused() -> None:
    item = news()
    draft = news({"en": "Another"}, published=False)

    assert refused(services.item_publish, item=item).code == "already_published"
    error = refused(services.item_withdraw, item=draft)
    assert error.code == "not_published"
    assert error.status == 409


def test_an_item_needs_a_title_and_text_in_at_least_one_language() -> None:
    error = refused(services.press_item_create, kind="news", title={"en": " "}, body={"ru": ""})
    assert error.code == "text_required"
    assert error.rules == ("SEC-DATABANK",)
    assert not PressItem.objects.exists()


def test_a_language_with_a_title_but_no_text_is_refused_in_the_readers_language() -> None:
    error = refused(
        services.press_item_create,
        kind="news",
        title={"en": "Title", "zh": "标题"},
        body={"en": "Text."},
    )

    assert error.code == "title_without_text"
    with translation.override("ru"):
        assert "китайском" in error.render()
    with translation.override("zh-hans"):
        assert "中文本" in error.render()


def test_an_item_of_an_unknown_kind_is_refused() -> None:
    error = refused(services.press_item_create, kind="rumour", title={"en": "T"}, body={"en": "B"})
    assert error.code == "unknown_kind"


def test_a_chinese_only_item_gets_an_address_and_slugs_stay_unique() -> None:
    chinese = news({"zh": "数据库开放"})
    first = news({"en": "Same title"})
    second = news({"en": "Same title"})

    assert chinese.slug == "item"
    assert (first.slug, second.slug) == ("same-title", "same-title-2")


def test_a_slug_given_must_be_well_formed_and_free() -> None:
    news({"en": "First"})

    bad = refused(
        services.press_item_create,
        kind="news",
        title={"en": "T"},
        body={"en": "B"},
        slug="Not a slug!",
    )
    taken = refused(
        services.press_item_create, kind="news", title={"en": "T"}, body={"en": "B"}, slug="first"
    )

    assert bad.code == "slug_invalid"
    assert (taken.code, taken.status) == ("slug_taken", 409)
    assert PressItem.objects.count() == 1


def test_an_item_is_shown_in_the_readers_language_or_in_another_saying_so() -> None:
    item = news({"en": "Opened", "zh": "开放"})

    assert selectors.shown(item, "zh").title == "开放"
    assert not selectors.shown(item, "zh").fallback
    russian = selectors.shown(item, "ru")
    assert (russian.lang, russian.title, russian.wanted) == ("en", "Opened", "ru")


def test_an_item_edited_keeps_its_address_unless_a_new_one_is_given() -> None:
    item = news({"en": "Old title"})

    edited = services.press_item_update(
        item=item, title={"en": "New title"}, body={"en": "New text."}
    )

    assert edited.slug == "old-title"
    assert edited.title_en == "New title"
    assert edited.state == PublicationState.PUBLISHED


def test_every_write_is_in_the_audit_log() -> None:
    item = news()

    entries = AuditEntry.objects.filter(model_label="press.pressitem", object_id=str(item.pk))
    assert entries.count() == 2  # written, published


def test_a_catalogue_entry_points_to_a_page_or_holds_a_file() -> None:
    page = services.catalogue_entry_create(
        kind="document",
        title={"en": "Secretariat in brief"},
        description={"en": "The fifteen duties."},
        url="/rules/SEC-DATABANK/",
    )
    file = services.catalogue_entry_create(
        kind="reference",
        title={"ru": "Справочник"},
        description={"ru": "Описание."},
        file=SimpleUploadedFile("guide.txt", b"hello"),
    )

    assert page.url == "/rules/SEC-DATABANK/"
    assert content(file.file) == b"hello"
    nowhere = refused(
        services.catalogue_entry_create,
        kind="page",
        title={"en": "T"},
        description={"en": "D"},
    )
    assert nowhere.code == "target_required"
    odd = refused(
        services.catalogue_entry_create,
        kind="page",
        title={"en": "T"},
        description={"en": "D"},
        url="javascript:alert(1)",
    )
    assert odd.code == "url_invalid"
    assert CatalogueEntry.objects.count() == 2


def test_a_catalogue_file_larger_than_the_limit_is_refused(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 4

    error = refused(
        services.catalogue_entry_create,
        kind="reference",
        title={"en": "T"},
        description={"en": "D"},
        file=SimpleUploadedFile("big.txt", b"too large"),
    )

    assert error.code == "file_too_large"
    assert not CatalogueEntry.objects.exists()


# --- requests for materials -------------------------------------------------------------------


def test_a_request_has_one_row_per_state_asked_each_awaiting() -> None:
    request = a_request("KZ", "RU", "CN")

    rows = RequestAddressee.objects.filter(request=request)
    assert sorted(r.state.code for r in rows) == ["CN", "KZ", "RU"]
    assert {r.standing(today()) for r in rows} == {"awaiting"}


def test_a_due_date_in_the_past_is_refused_and_nothing_is_saved() -> None:
    error = refused(
        services.materials_request_create,
        title={"en": "Yearbooks"},
        text={"en": "Send them."},
        states=State.objects.filter(code="KZ"),
        due_on=today() - dt.timedelta(days=1),
    )

    assert (error.code, error.rules) == ("due_in_past", ("SEC-REQUEST",))
    assert not MaterialsRequest.objects.exists()


def test_a_request_needs_states_and_only_member_states() -> None:
    common = {"title": {"en": "T"}, "text": {"en": "X"}, "due_on": today()}

    none = refused(services.materials_request_create, states=[], **common)
    partner = State.objects.exclude(code__in=["KZ", "RU", "CN", "KG", "TJ", "UZ", "IN", "PK"])
    outsider = refused(
        services.materials_request_create,
        states=[*State.objects.filter(code="KZ"), partner.exclude(code="IR").first()],
        **common,
    )
    text = refused(
        services.materials_request_create,
        title={"en": ""},
        text={"en": ""},
        states=State.objects.filter(code="KZ"),
        due_on=today(),
    )

    assert none.code == "no_states"
    assert outsider.code == "not_member"
    assert text.code == "text_required"
    assert not MaterialsRequest.objects.exists()


def test_the_states_answerers_are_reminded_before_the_due_date() -> None:
    kz = state_user("KZ")
    kz_rep = state_user("KZ", "permanent_representative")
    state_user("KZ", "expert")  # has no materials.answer: not reminded
    ru = state_user("RU")

    request = a_request("KZ", "RU", days=14)

    reminders = Reminder.objects.filter(rule_id="SEC-REQUEST", state=ReminderState.PENDING)
    assert {r.recipient for r in reminders} == {kz, kz_rep, ru}
    assert {r.deadline for r in reminders} == {request.due_on}
    assert {r.lead_days for r in reminders} == {7, 2, 0}
    assert {r.link for r in reminders} == {f"/requests/{request.pk}/answer/"}


def test_the_worker_delivers_the_reminder_to_the_inbox_and_by_email_in_the_users_language(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kz = state_user("KZ")
    kz.language = "ru"
    kz.save(update_fields=["language"])
    a_request("KZ", days=14)
    Reminder.objects.filter(recipient=kz).update(due_at=timezone.now() - dt.timedelta(minutes=1))

    Worker(worker_id="test").run_once()

    # All three lead times due at once (as after an outage): only the latest is delivered,
    # the others are superseded (docs/notifications.md).
    inbox = InboxMessage.objects.filter(user=kz)
    assert inbox.count() == 1
    assert all("Статистические ежегодники" in m.subject for m in inbox)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [kz.email]
    assert Reminder.objects.filter(recipient=kz, state=ReminderState.SUPERSEDED).count() == 2


def test_an_answer_marks_the_state_answered_and_stops_its_reminders_only() -> None:
    kz = state_user("KZ")
    ru = state_user("RU")
    request = a_request("KZ", "RU")

    answer = services.materials_answer(
        request=request,
        text="Yearbook 2025 attached.",
        file=SimpleUploadedFile("yearbook.txt", b"data"),
        by=kz,
    )

    assert not answer.late
    assert content(answer.file) == b"data"
    rows = {a.state.code: a for a in request.addressees.all()}
    assert rows["KZ"].status == AddresseeStatus.ANSWERED
    assert rows["KZ"].answered_at is not None
    assert rows["RU"].status == AddresseeStatus.AWAITING
    pending = Reminder.objects.filter(state=ReminderState.PENDING, rule_id="SEC-REQUEST")
    assert {r.recipient for r in pending} == {ru}
    assert Reminder.objects.filter(recipient=kz, state=ReminderState.CANCELLED).count() == 3


def test_an_answer_after_the_due_date_is_recorded_as_late_and_the_state_was_overdue() -> None:
    kz = state_user("KZ")
    request = a_request("KZ", days=0)
    MaterialsRequest.objects.filter(pk=request.pk).update(due_on=today() - dt.timedelta(days=3))
    request.refresh_from_db()
    assert request.addressees.get().standing(today()) == "overdue"

    answer = services.materials_answer(request=request, text="Sorry, late.", by=kz)

    assert answer.late
    assert request.addressees.get().standing(today()) == "answered"


def test_a_user_of_another_state_cannot_answer_for_a_state_asked() -> None:
    ru = state_user("RU")
    request = a_request("KZ")

    error = refused(
        services.materials_answer,
        request=request,
        state=State.objects.get(code="KZ"),
        text="Not ours",
        by=ru,
    )
    own = refused(services.materials_answer, request=request, text="Not asked", by=ru)

    assert (error.code, error.status) == ("answer_other_state", 403)
    assert (own.code, own.status) == ("answer_not_addressed", 403)
    with translation.override("ru"):
        assert "Казахстан" in error.render()
    assert not MaterialsAnswer.objects.exists()


def test_a_user_of_no_member_state_cannot_answer() -> None:
    request = a_request("KZ")

    error = refused(services.materials_answer, request=request, text="Hi", by=officer())

    assert (error.code, error.status) == ("answer_no_state", 403)


def test_an_empty_answer_is_refused() -> None:
    kz = state_user("KZ")
    request = a_request("KZ")

    error = refused(services.materials_answer, request=request, text="  ", by=kz)

    assert error.code == "answer_text_required"
    assert request.addressees.get().status == AddresseeStatus.AWAITING


def test_remind_now_adds_a_reminder_today_to_the_states_still_awaiting() -> None:
    kz, ru = state_user("KZ"), state_user("RU")
    request = a_request("KZ", "RU", days=10)
    services.materials_answer(request=request, text="Done.", by=kz)

    services.materials_remind(request=request, by=officer())

    today_rows = Reminder.objects.filter(lead_days=10, state=ReminderState.PENDING)
    assert [r.recipient for r in today_rows] == [ru]
    assert Reminder.objects.filter(recipient=ru, state=ReminderState.PENDING).count() == 4


def test_remind_is_refused_when_all_answered_or_past_due() -> None:
    kz = state_user("KZ")
    answered = a_request("KZ")
    services.materials_answer(request=answered, text="Done.", by=kz)
    late = a_request("KZ")
    MaterialsRequest.objects.filter(pk=late.pk).update(due_on=today() - dt.timedelta(days=1))
    late.refresh_from_db()

    assert refused(services.materials_remind, request=answered).code == "nothing_awaiting"
    assert refused(services.materials_remind, request=late).code == "past_due"
