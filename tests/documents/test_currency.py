"""Translation currency through the services, the parallel texts page and the API: an
authentic change marks the aligned translations out of date until revised or checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from secretariat.accounts.models import Delegation
from secretariat.audit.models import AuditEntry
from secretariat.core.errors import RefusedError
from secretariat.documents import services
from secretariat.documents.models import Document
from secretariat.documents.parallel import paragraph_check, parallel_of
from secretariat.registry.models import Body
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

RU = (
    "Положение об Энергетическом клубе ШОС.\n\n"
    "Статья 1. Клуб является площадкой для диалога государств-членов в области энергетики.\n\n"
    "Статья 2. Заседания клуба проводятся не реже одного раза в год."
)
ZH = (
    "上海合作组织能源俱乐部条例。\n\n"
    "第一条　俱乐部是成员国在能源领域开展对话的平台。\n\n"
    "第二条　俱乐部会议每年至少举行一次。"
)
EN = (
    "Regulation on the SCO Energy Club.\n\n"
    "Article 1. The Club is a platform for the member states' dialogue on energy.\n\n"
    "Article 2. The Club meets at least once a year."
)
RU_REVISED = RU.replace("одного раза в год", "двух раз в год")
ZH_REVISED = ZH.replace("每年至少举行一次", "每年至少举行两次")
EN_REVISED = EN.replace("at least once a year", "at least twice a year")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def coordinator() -> Any:
    return user("coordinator-kz", "national_coordinator", "kz")


def regulation(*langs: str) -> Document:
    document = services.document_create(
        type="regulation",
        body=Body.objects.get(code="cnc"),
        title={
            "en": "Regulation on the SCO Energy Club",
            "ru": "Положение об Энергетическом клубе",
        },
        owner=Delegation.objects.get(code="kz"),
    )
    texts = {"ru": RU, "zh": ZH, "en": EN}
    for lang in langs or ("ru", "zh", "en"):
        services.language_version_add(document=document, lang=lang, text=texts[lang])
    document.refresh_from_db()
    return document


def revise(document: Document, lang: str, text: str) -> None:
    services.revision_add(document=document, lang=lang, text=text)


def states(document: Document) -> list[dict[str, str]]:
    """Each row's cell states by language, as the page and the API show them."""
    return [{c.lang: c.state for c in row.cells} for row in parallel_of(document).rows]


CURRENT = {"ru": "current", "zh": "current", "en": "current"}


def test_the_three_versions_align_article_by_article_and_start_current() -> None:
    parallel = parallel_of(regulation())

    assert [row.label for row in parallel.rows] == ["", "1", "2"]
    assert states(regulation()) == [CURRENT] * 3


def test_a_russian_change_marks_the_chinese_and_english_article_out_of_date() -> None:
    document = regulation()

    revise(document, "ru", RU_REVISED)

    assert states(document) == [
        CURRENT,
        CURRENT,
        {"ru": "current", "zh": "out_of_date", "en": "out_of_date"},
    ]
    assert parallel_of(document).rows[2].cells[1].behind == ("ru",)


def test_a_revised_chinese_translation_clears_its_mark_and_leaves_the_russian_current() -> None:
    document = regulation()
    revise(document, "ru", RU_REVISED)

    revise(document, "zh", ZH_REVISED)

    assert states(document)[2] == {"ru": "current", "zh": "current", "en": "out_of_date"}
    assert parallel_of(document).rows[2].cells[2].behind == ("ru", "zh")


def test_a_changed_english_paragraph_makes_no_authentic_text_out_of_date() -> None:
    document = regulation()

    revise(document, "en", EN_REVISED)

    assert states(document) == [CURRENT] * 3


def test_a_translator_marks_a_paragraph_checked_and_the_check_is_audited() -> None:
    document = regulation()
    revise(document, "ru", RU_REVISED)
    cell = parallel_of(document).rows[2].cells[2]
    document.refresh_from_db()

    mark = paragraph_check(
        document=document,
        lang="en",
        key=cell.key,
        by=coordinator(),
        expected_version=document.version,
    )

    assert states(document)[2] == {"ru": "current", "zh": "out_of_date", "en": "current"}
    assert mark.checked_by == coordinator()
    assert AuditEntry.objects.filter(
        model_label="documents.paragraphmark", object_id=str(mark.pk), action="update"
    ).exists()


def test_only_the_drafting_delegation_or_the_secretariat_marks_a_paragraph_checked() -> None:
    document = regulation()
    revise(document, "ru", RU_REVISED)
    cell = parallel_of(document).rows[2].cells[1]

    with pytest.raises(RefusedError) as refused:
        paragraph_check(
            document=document,
            lang="zh",
            key=cell.key,
            by=user("coordinator-ru", "national_coordinator", "ru"),
        )

    assert refused.value.code == "not_your_document"
    assert states(document)[2]["zh"] == "out_of_date"


def test_a_paragraph_that_changed_meanwhile_cannot_be_marked_checked() -> None:
    document = regulation()
    revise(document, "ru", RU_REVISED)
    old_key = parallel_of(document).rows[2].cells[2].key
    revise(document, "en", EN_REVISED)

    with pytest.raises(RefusedError) as refused:
        paragraph_check(document=document, lang="en", key=old_key, by=coordinator())

    assert refused.value.code == "no_such_paragraph"
    with translation.override("ru"):
        assert "больше нет такого абзаца" in refused.value.render()


def test_a_missing_language_is_pending_in_every_row() -> None:
    document = regulation("ru", "zh")

    parallel = parallel_of(document)

    assert [row.cells[2].state for row in parallel.rows] == ["pending"] * 3
    assert parallel.columns[2].revision is None


# --- the page and the API ------------------------------------------------------------------


def out_of_date_document() -> Document:
    document = regulation()
    revise(document, "ru", RU_REVISED)
    return document


def client(username: str, role: str, delegation: str) -> Client:
    return logged_in(user(username, role, delegation))


def test_a_russian_reader_sees_the_three_texts_side_by_side_with_the_marks_in_russian() -> None:
    document = out_of_date_document()

    page = client("coordinator-kz", "national_coordinator", "kz").get(
        f"/ru/documents/{document.pk}/parallel/"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("перевод устарел") == 2
    assert "Русский текст с тех пор изменён." in html
    assert 'lang="zh-Hans"' in html
    assert "俱乐部会议每年至少举行一次" in html
    assert "translation out of date" not in html


def test_a_chinese_reader_sees_the_marks_in_chinese_and_a_missing_text_pending() -> None:
    document = regulation("ru", "zh")
    revise(document, "ru", RU_REVISED)

    page = client("coordinator-kz", "national_coordinator", "kz").get(
        f"/zh-hans/documents/{document.pk}/parallel/"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("译文已过时") == 1
    # Three English cells, and the title given in Russian only.
    assert html.count("译文待定") == 4
    assert "translation pending" not in html
    assert "Energy Club" not in html  # the title stands in Russian, marked pending


def test_the_document_page_links_to_its_parallel_texts_and_names_each_text() -> None:
    document = regulation()

    page = client("coordinator-kz", "national_coordinator", "kz").get(
        f"/ru/documents/{document.pk}/"
    )

    html = page.content.decode()
    assert f"/ru/documents/{document.pk}/parallel/" in html
    # Each text named in the reader's language, not by its code.
    assert "Текст на китайском языке — " in html
    assert "ZH — " not in html


def test_who_may_not_see_the_document_does_not_see_its_parallel_texts() -> None:
    document = out_of_date_document()  # a draft of Kazakhstan, not circulated
    other = client("coordinator-ru", "national_coordinator", "ru")

    assert other.get(f"/ru/documents/{document.pk}/parallel/").status_code == 404
    assert other.get(f"/api/documents/{document.pk}/parallel").status_code == 404


def test_the_page_marks_a_paragraph_checked_for_the_drafting_delegation() -> None:
    document = out_of_date_document()
    cell = parallel_of(document).rows[2].cells[2]
    document.refresh_from_db()
    kz = client("coordinator-kz", "national_coordinator", "kz")

    done = kz.post(
        f"/ru/documents/{document.pk}/parallel/check/",
        {"lang": "en", "key": cell.key, "expected_version": document.version},
    )

    assert done.status_code == 302
    assert states(document)[2]["en"] == "current"


def test_the_api_gives_the_parallel_texts_in_the_callers_language() -> None:
    document = out_of_date_document()
    caller = user("coordinator-kz", "national_coordinator", "kz")
    caller.language = "ru"
    caller.save()

    answer = logged_in(caller).get(f"/api/documents/{document.pk}/parallel")

    data = answer.json()
    assert answer.status_code == 200
    assert [c["lang"] for c in data["columns"]] == ["ru", "zh", "en"]
    assert data["out_of_date"] == 2
    article_2 = data["rows"][2]
    assert article_2["label"] == "2"
    assert [c["state"] for c in article_2["cells"]] == ["current", "out_of_date", "out_of_date"]
    assert article_2["cells"][1]["state_name"] == "перевод устарел"
    assert article_2["cells"][2]["behind"] == ["ru"]


@pytest.mark.parametrize(
    ("prefix", "body", "english"),
    [
        ("/ru", "Совет национальных координаторов", "Council of National Coordinators"),
        ("/zh-hans", "国家协调员理事会", "Council of National Coordinators"),
    ],
)
def test_the_draft_form_names_bodies_in_the_readers_language_and_asks_titles_ru_zh_en(
    prefix: str, body: str, english: str
) -> None:
    page = client("coordinator-kz", "national_coordinator", "kz").get(f"{prefix}/documents/")

    html = page.content.decode()
    assert f">{body}</option>" in html
    assert f">{english}</option>" not in html
    assert (
        html.index('name="title_ru"')
        < html.index('name="title_zh"')
        < html.index('name="title_en"')
    )
