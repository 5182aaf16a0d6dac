"""A meeting's content in the three languages (issue 17): the venue and the agenda are shown to
a Russian or Chinese reader in their language, or in another one marked "translation pending";
the minutes are signed only once their authentic texts, Russian and Chinese, are complete."""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from secretariat.accounts.models import User
from secretariat.accounts.services import delegations_sync, demo_users_ensure
from secretariat.core.errors import ConflictError
from secretariat.meetings.demo import BOARD_PROPOSALS, demo_meetings_ensure
from secretariat.meetings.languages import venue_text
from secretariat.meetings.minutes_pdf import minutes_data, minutes_pdf
from secretariat.meetings.models import Meeting, MinutesText
from secretariat.meetings.services import (
    agenda_circulate,
    agenda_prepare,
    agenda_proposal_submit,
    content_translations_add,
    meeting_plan,
    meeting_transition,
    minutes_sign,
)
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
from secretariat.registry.services import LoadReport
from tests.factories import accounts
from tests.factories.registry import registry_loaded

from .support import day
from .test_content import SIXTEEN_FROM_SIX, START, at, attend, bc_officer, part, user

pytestmark = pytest.mark.django_db

#: A city the reference data does not know: typed in Russian, it has no other name yet.
KARAKOL = Text(en="", ru="Каракол", zh="")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    delegations_sync()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def demo_board_meeting() -> Meeting:
    demo_users_ensure(password=secrets.token_urlsafe(16))
    return demo_meetings_ensure()[0]


def page(client: Any, lang: str, meeting: Meeting) -> str:
    return str(client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode())


# --- the demo minutes, read in Russian and in Chinese --------------------------------------


@pytest.mark.parametrize(
    ("lang", "prefix", "venue"), [("ru", "ru", "Бишкек"), ("zh", "zh-hans", "比什凯克")]
)
def test_a_russian_and_a_chinese_reader_see_the_demo_venue_and_agenda_in_their_language(
    lang: str, prefix: str, venue: str
) -> None:
    meeting = demo_board_meeting()
    reader = accounts.logged_in(User.objects.get(username="np-ru-chair"))

    shown = page(reader, prefix, meeting)

    assert f'<dd class="venue">{venue}</dd>' in shown
    assert f'<span class="subject">{getattr(meeting, f"subject_{lang}")}</span>' in shown
    for _code, title in BOARD_PROPOSALS:
        assert title[lang] in shown
        assert title.en not in shown
    assert "Bishkek" not in shown
    assert "pending-translation" not in shown


def test_the_demo_minutes_give_each_authentic_text_its_own_venue_and_items() -> None:
    meeting = demo_board_meeting()

    parts = {p["lang"]: p for p in minutes_data(meeting, signed=False)["parts"]}
    text = text_of(minutes_pdf(meeting, signed=False))

    for lang, venue in (("ru", "Бишкек"), ("zh", "比什凯克"), ("en", "Bishkek")):
        assert parts[lang]["venue"] == venue
        assert [i["title"] for i in parts[lang]["items"]] == [t[lang] for _c, t in BOARD_PROPOSALS]
        assert venue in text
    assert "Энергетический клуб ШОС" in text
    assert "上合组织能源俱乐部" in text
    # Complete in Russian and Chinese: the text to sign was frozen when the meeting concluded.
    assert MinutesText.objects.filter(meeting=meeting).exists()


# --- a language still missing is marked, never passed off ---------------------------------


def karakol_meeting() -> Meeting:
    """A Board meeting in Karakol (given in Russian only), its agenda circulated: item 1
    proposed in Chinese only by the Chinese part, item 2 in Russian only by the Russian one."""
    meeting = meeting_plan(
        body=Body.objects.get(code="bcb"), kind="bcb-regular", start=day(START), venue=KARAKOL
    ).meeting
    for state, title in (
        ("CN", Text(en="", ru="", zh="能源俱乐部")),
        ("RU", Text(en="", ru="Цифровая экономика", zh="")),
    ):
        agenda_proposal_submit(
            meeting=meeting,
            delegation=part(state),
            title=title,
            submitted_at=at("2026-06-15T10:00"),
        )
    officer = bc_officer()
    agenda_prepare(meeting=meeting, by=officer)
    agenda_circulate(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


def test_a_missing_chinese_text_shows_the_russian_one_marked_translation_pending() -> None:
    meeting = karakol_meeting()
    reader = accounts.logged_in(bc_officer())

    chinese = page(reader, "zh-hans", meeting)
    russian = page(reader, "ru", meeting)

    assert (
        '<dd class="venue"><span lang="ru">Каракол</span> <span class="badge pending-translation">'
    ) in chinese
    assert '<strong lang="ru">Цифровая экономика</strong>' in chinese
    assert '<strong lang="zh-Hans">能源俱乐部</strong>' in russian
    assert '<dd class="venue">Каракол</dd>' in russian


def test_the_api_gives_the_venue_and_titles_with_their_language_and_what_is_pending() -> None:
    meeting = karakol_meeting()
    officer = bc_officer()
    officer.language = "zh-hans"
    officer.save(update_fields=["language"])

    data = accounts.logged_in(officer).get(f"/api/meetings/{meeting.pk}").json()

    assert data["venue"] == {
        "text": "Каракол",
        "lang": "ru",
        "pending": True,
        "en": "",
        "ru": "Каракол",
        "zh": "",
    }
    assert [(p["title"], p["title_pending"]) for p in data["proposals"]] == [
        ("能源俱乐部", False),
        ("Цифровая экономика", True),
    ]
    assert [(i["title"], i["titles"]) for i in data["agenda"]] == [
        ("能源俱乐部", {"en": "", "ru": "", "zh": "能源俱乐部"}),
        ("Цифровая экономика", {"en": "", "ru": "Цифровая экономика", "zh": ""}),
    ]


# --- the minutes wait for their authentic texts --------------------------------------------


def karakol_concluded() -> Meeting:
    meeting = karakol_meeting()
    attend(meeting, SIXTEEN_FROM_SIX)
    meeting_transition(meeting=meeting, event="open_session")
    meeting_transition(meeting=meeting, event="conclude")
    meeting.refresh_from_db()
    return meeting


def head_of(state: str) -> User:
    return user(f"{state.lower()}-head", f"np-{state.lower()}", "np_chair")


def test_signing_is_refused_while_a_russian_or_chinese_text_is_missing_naming_what() -> None:
    meeting = karakol_concluded()

    with pytest.raises(ConflictError) as raised:
        minutes_sign(meeting=meeting, delegation=part("CN"), user=head_of("CN"))

    assert raised.value.code == "minutes_translation_pending"
    said = {}
    for lang in ("ru", "zh", "en"):
        with translation.override(lang):
            said[lang] = raised.value.render()
    assert said["en"] == (
        "The minutes cannot be signed until their authentic texts, Russian and Chinese, are "
        "complete. No Russian text yet: agenda item 1. No Chinese text yet: the venue; agenda "
        "item 2."
    )
    assert said["ru"] == (
        "Протокол нельзя подписать, пока не готовы его аутентичные тексты на русском и "
        "китайском языках. Ещё нет текста на русском языке: пункт повестки дня 1. Ещё нет "
        "текста на китайском языке: место проведения; пункт повестки дня 2."
    )
    assert said["zh"] == (
        "会议纪要的俄文和中文作准文本完成之前，不能签署。尚无俄文文本：议程第1项。"
        "尚无中文文本：举办地点；议程第2项。"
    )
    # Nothing was frozen for signature, nothing signed.
    assert not MinutesText.objects.filter(meeting=meeting).exists()
    assert not meeting.signatures.exists()


def test_the_minutes_page_says_what_is_missing_before_anyone_tries_to_sign() -> None:
    meeting = karakol_concluded()

    shown = page(accounts.logged_in(head_of("CN")), "zh-hans", meeting)

    assert "尚无俄文文本：议程第1项。尚无中文文本：举办地点；议程第2项。" in shown
    assert 'id="sign-form"' not in shown


def test_once_the_secretariat_fills_the_missing_texts_the_minutes_are_frozen_and_signed() -> None:
    meeting = karakol_concluded()

    filled = content_translations_add(
        meeting=meeting,
        by=bc_officer(),
        venue=Text(en="Karakol", ru="", zh="卡拉科尔"),
        items={
            1: Text(en="Energy club", ru="Энергетический клуб", zh=""),
            2: Text(en="", ru="", zh="数字经济"),
        },
    )
    signed = minutes_sign(meeting=meeting, delegation=part("CN"), user=head_of("CN"))

    assert (filled.filled, filled.still_missing) == (5, 0)
    frozen = MinutesText.objects.get(meeting=meeting)
    assert signed.signature.pdf_sha256 == frozen.pdf_sha256
    text = text_of(bytes(frozen.pdf))
    assert "卡拉科尔" in text
    assert "Энергетический клуб" in text
    assert "数字经济" in text
    # Signed: the texts stay as the part signed them.
    with pytest.raises(ConflictError) as raised:
        content_translations_add(meeting=meeting, by=bc_officer(), items={2: Text("AI", "", "")})
    assert raised.value.code == "texts_signed"


def test_after_circulation_a_language_given_is_kept_and_only_empty_ones_are_filled() -> None:
    meeting = karakol_meeting()

    with pytest.raises(ConflictError) as raised:
        content_translations_add(
            meeting=meeting, by=bc_officer(), items={2: Text(en="", ru="Другое название", zh="")}
        )

    assert raised.value.code == "translation_only_adds"
    assert meeting.agenda_items.get(number=2).title_ru == "Цифровая экономика"


# --- one string, placed in its language --------------------------------------------------


def test_a_venue_typed_in_one_language_gets_the_three_names_of_a_known_city() -> None:
    assert venue_text("Бишкек") == Text(en="Bishkek", ru="Бишкек", zh="比什凯克")
    assert venue_text("beijing") == Text(en="Beijing", ru="Пекин", zh="北京")
    assert venue_text("Каракол", "en") == KARAKOL
    assert venue_text("卡拉科尔", "ru") == Text(en="", ru="", zh="卡拉科尔")
    assert venue_text("Xiamen", "zh") == Text(en="", ru="", zh="Xiamen")


# --- the forms and the API take the three languages ----------------------------------------


def test_the_plan_form_shows_russian_chinese_english_side_by_side_and_saves_the_three() -> None:
    client = accounts.logged_in(user("officer", "sco-secretariat", "secretariat_officer"))
    form = client.get("/ru/meetings/plan/").content.decode()
    order = [form.index(f'name="venue_city_{lang}"') for lang in ("ru", "zh", "en")]

    response = client.post(
        "/ru/meetings/plan/",
        {
            "kind": "bcb-regular",
            "body": Body.objects.get(code="bcb").pk,
            "start": "2026-09-15",
            "venue_city_ru": "Каракол",
            "venue_city_zh": "卡拉科尔",
            "venue_city_en": "Karakol",
            "subject_ru": "Итоги года",
            "subject_zh": "年度总结",
        },
    )

    assert order == sorted(order)
    assert 'lang="zh-Hans"' in form
    assert response.status_code == 302
    meeting = Meeting.objects.get(kind="bcb-regular")
    assert (meeting.venue_city_ru, meeting.venue_city_zh, meeting.venue_city_en) == (
        "Каракол",
        "卡拉科尔",
        "Karakol",
    )
    assert (meeting.subject_ru, meeting.subject_zh, meeting.subject_en) == (
        "Итоги года",
        "年度总结",
        "",
    )


def test_the_proposal_form_saves_each_language_and_needs_at_least_one() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2027-06-30")
    ).meeting
    client = accounts.logged_in(user("kz-coordinator", "kz", "national_coordinator"))

    empty = client.post(
        f"/ru/meetings/{meeting.pk}/propose/", {"expected_version": meeting.version}
    )
    sent = client.post(
        f"/ru/meetings/{meeting.pk}/propose/",
        {
            "title_ru": "Проект плана председательства",
            "title_zh": "主席国计划草案",
            "expected_version": meeting.version,
        },
    )

    assert empty.status_code == 400
    assert "Заполните хотя бы на одном языке" in empty.content.decode()
    assert sent.status_code == 302
    proposal = meeting.proposals.get()
    assert (proposal.title_ru, proposal.title_zh, proposal.title_en) == (
        "Проект плана председательства",
        "主席国计划草案",
        "",
    )


def test_the_api_takes_the_three_languages_and_still_the_old_single_fields() -> None:
    officer = user("officer", "sco-secretariat", "secretariat_officer")
    officer.language = "ru"
    officer.save(update_fields=["language"])
    client = accounts.logged_in(officer)

    def plan(start: str, **venue: str) -> dict[str, Any]:
        body = {"body": "cnc", "kind": "sco-meeting", "start": start, **venue}
        response = client.post("/api/meetings/regular", body, content_type="application/json")
        assert response.status_code == 201, response.content
        return dict(response.json()["meeting"])

    three = plan("2027-03-10", venue_city_ru="Каракол", venue_city_zh="卡拉科尔")
    known = plan("2027-06-30", venue_city="Tashkent")
    typed = plan("2027-10-12", venue_city="Karakol")
    proposed = client.post(
        f"/api/meetings/{three['id']}/proposals/received",
        {"delegation": "kz", "received_on": "2027-02-01", "title": "План председательства"},
        content_type="application/json",
    )

    assert three["venue"] == {
        "text": "Каракол",
        "lang": "ru",
        "pending": False,
        "en": "",
        "ru": "Каракол",
        "zh": "卡拉科尔",
    }
    assert (known["venue"]["ru"], known["venue"]["zh"], known["venue"]["en"]) == (
        "Ташкент",
        "塔什干",
        "Tashkent",
    )
    # Latin letters tell no language: the old field goes to the caller's, here Russian.
    assert typed["venue"]["ru"] == "Karakol"
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["proposals"][0]["titles"] == {
        "en": "",
        "ru": "План председательства",
        "zh": "",
    }


def test_the_secretariat_gives_the_missing_texts_on_a_page_linked_from_the_minutes() -> None:
    meeting = karakol_concluded()
    officer = accounts.logged_in(bc_officer())
    detail = page(officer, "ru", meeting)
    form = officer.get(f"/ru/meetings/{meeting.pk}/translations/").content.decode()

    response = officer.post(
        f"/ru/meetings/{meeting.pk}/translations/",
        {
            "expected_version": meeting.version,
            "venue_city_zh": "卡拉科尔",
            "item1_ru": "Энергетический клуб",
            "item2_zh": "数字经济",
        },
    )

    assert f'href="/ru/meetings/{meeting.pk}/translations/"' in detail
    # A language given before circulation is shown, not offered for change.
    assert re.search(r'name="item2_ru"[^>]*disabled', form)
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue_city_zh == "卡拉科尔"
    assert meeting.agenda_items.get(number=2).title_ru == "Цифровая экономика"
    assert MinutesText.objects.filter(meeting=meeting).exists()
    assert "尚无" not in page(accounts.logged_in(head_of("CN")), "zh-hans", meeting)
