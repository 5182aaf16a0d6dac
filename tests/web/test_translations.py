"""The UI speaks English, Russian and Chinese, and the catalogues stay complete.

The catalogues are kept with Babel (``secretariat i18n extract|compile|check``), so
these tests need no GNU gettext either.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from secretariat.web import i18n_catalogues as catalogues


def write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(catalogues.po_bytes(catalog))


def russian_catalogue(*messages: tuple[str | tuple[str, ...], str | tuple[str, ...]]) -> Catalog:
    catalog = catalogues.new_catalogue("ru")
    for msgid, string in messages:
        catalog.add(msgid, string)
    return catalog


def test_every_ui_string_has_a_russian_and_a_chinese_translation() -> None:
    problems = catalogues.check_catalogues()

    assert not problems, (
        "These UI strings lack a Russian or Chinese translation, or their placeholders "
        "differ (run `secretariat i18n extract`, translate them in locale/*/LC_MESSAGES/"
        "django.po, then `secretariat i18n check`):\n" + "\n".join(map(str, problems))
    )


def test_the_catalogues_declare_their_language_and_plural_forms() -> None:
    for language, nplurals in [("ru", 3), ("zh_Hans", 1)]:
        catalog = catalogues.read_catalogue(catalogues.catalogue_path(language), language)

        assert str(catalog.locale) == language
        assert catalog.num_plurals == nplurals
        assert not catalog.fuzzy


def test_extraction_finds_strings_in_templates_and_python(tmp_path: Path) -> None:
    templates = tmp_path / "app" / "templates" / "app"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        "{% load i18n %}\n"
        '<h1>{% translate "X" %}</h1>\n'
        "<p>{% blocktranslate with n=1 %}Y {{ n }}{% endblocktranslate %}</p>\n",
        encoding="utf-8",
    )
    (tmp_path / "app" / "views.py").write_text(
        "from django.utils.translation import gettext_lazy, pgettext\n"
        'TITLE = gettext_lazy("Z")\n'
        'LABEL = pgettext("ctx", "W")\n',
        encoding="utf-8",
    )
    migrations = tmp_path / "app" / "migrations"
    migrations.mkdir()
    (migrations / "0001_initial.py").write_text('gettext_lazy("never")\n', encoding="utf-8")

    found = catalogues.extract_messages([tmp_path / "app"], base=tmp_path)

    assert {(m.id, m.context): m.locations for m in found if m.id} == {
        ("X", None): [("app/templates/app/page.html", 2)],
        ("Y %(n)s", None): [("app/templates/app/page.html", 3)],
        ("Z", None): [("app/views.py", 2)],
        ("W", "ctx"): [("app/views.py", 3)],
    }
    assert found["Y %(n)s"].python_format


def test_extraction_reads_plurals_and_contexts_of_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "list.html").write_text(
        "{% load i18n %}"
        '{% translate "May" context "month" %}'
        '{% blocktranslate count n=items|length context "rows" %}'
        "{{ n }} row{% plural %}{{ n }} rows{% endblocktranslate %}",
        encoding="utf-8",
    )

    found = catalogues.extract_messages([tmp_path], base=tmp_path)

    assert {(m.id, m.context) for m in found if m.id} == {
        ("May", "month"),
        (("%(n)s row", "%(n)s rows"), "rows"),
    }


def test_a_msgid_used_with_and_without_a_plural_is_reported(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text('LABEL = _("member state")\n', encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "home.html").write_text(
        "{% load i18n %}{% blocktranslate count n=3 %}member state{% plural %}"
        "member states{% endblocktranslate %}",
        encoding="utf-8",
    )

    found = catalogues.extract_messages([tmp_path], base=tmp_path)
    problems = catalogues.check_catalogues(found, [], tmp_path)

    assert [(p.reason, p.msgid, p.locations) for p in problems] == [
        (
            "used with and without a plural",
            ("member state", "member states"),
            (("models.py", 1), ("templates/home.html", 1)),
        )
    ]


def test_compile_writes_mo_files_that_django_can_read(tmp_path: Path) -> None:
    catalog = russian_catalogue(
        ("Secretariat", "Секретариат"),
        (
            ("%(n)s state", "%(n)s states"),
            ("%(n)s государство", "%(n)s государства", "%(n)s государств"),
        ),
        ("unfinished", ""),
    )
    catalog.add("doubtful", "сомнительно", flags=["fuzzy"])
    write_po(catalogues.catalogue_path("ru", tmp_path), catalog)

    [mo] = catalogues.compile_catalogues(tmp_path)

    assert mo == tmp_path / "ru" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fileobj:
        russian = gettext.GNUTranslations(fileobj)
    assert russian.gettext("Secretariat") == "Секретариат"
    assert russian.ngettext("%(n)s state", "%(n)s states", 1) == "%(n)s государство"
    assert russian.ngettext("%(n)s state", "%(n)s states", 3) == "%(n)s государства"
    assert russian.ngettext("%(n)s state", "%(n)s states", 11) == "%(n)s государств"
    assert russian.gettext("unfinished") == "unfinished"
    assert russian.gettext("doubtful") == "doubtful"


def test_django_shows_the_russian_and_chinese_catalogues(tmp_path: Path, settings: object) -> None:
    expected: dict[str, tuple[str, str]] = {}
    for language, code in [("ru", "ru"), ("zh_Hans", "zh-hans")]:
        source = catalogues.catalogue_path(language)
        target = catalogues.catalogue_path(language, tmp_path)
        target.parent.mkdir(parents=True)
        target.write_bytes(source.read_bytes())
        catalog = catalogues.read_catalogue(source, language)
        simple = [
            (m.id, m.string)
            for m in catalog
            if m.id and isinstance(m.id, str) and isinstance(m.string, str) and not m.context
            if catalogues.is_translated(m)
        ]
        assert simple, f"{source} has no translated message to show"
        expected[code] = simple[0]
    catalogues.compile_catalogues(tmp_path)
    settings.LOCALE_PATHS = [tmp_path]  # type: ignore[attr-defined]

    for code, (msgid, string) in expected.items():
        with translation.override(code):
            assert translation.gettext(msgid) == string


def test_compile_refuses_a_malformed_catalogue(tmp_path: Path, settings: object) -> None:
    path = catalogues.catalogue_path("ru", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('msgid "Secretariat"\nmsgstr "Секретариат\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]  # type: ignore[attr-defined]

    with pytest.raises(CommandError, match=r"ru/LC_MESSAGES/django\.po:2"):
        call_command("i18n", "compile")

    assert not path.with_suffix(".mo").exists()


def test_placeholder_mismatch_is_reported(tmp_path: Path) -> None:
    template = Catalog()
    template.add("%(count)s meetings", locations=[("app/views.py", 7)])
    template.add("Welcome, %(name)s", locations=[("app/views.py", 8)])
    template.add("Agenda", locations=[("app/views.py", 9)])
    template.add("%(share)s%% of the quorum", locations=[("app/views.py", 10)])
    write_po(
        catalogues.catalogue_path("ru", tmp_path),
        russian_catalogue(
            ("%(count)s meetings", "%(number)s заседаний"),
            ("Welcome, %(name)s", "Добро пожаловать, %(name)s"),
            ("Agenda", "Повестка дня"),
            ("%(share)s%% of the quorum", "%(share)s% кворума"),
        ),
    )

    problems = catalogues.check_catalogues(template, ["ru"], tmp_path)

    assert [(p.reason, p.msgid, p.locations) for p in problems] == [
        ("placeholders", "%(count)s meetings", (("app/views.py", 7),)),
        ("placeholders", "%(share)s%% of the quorum", (("app/views.py", 10),)),
    ]
    assert "%(number)s" in str(problems[0])


def test_missing_empty_and_fuzzy_translations_are_reported(tmp_path: Path) -> None:
    template = Catalog()
    for line, msgid in enumerate(["Agenda", "Minutes", "Quorum", "Chair"], start=1):
        template.add(msgid, locations=[("app/views.py", line)])
    catalog = russian_catalogue(("Agenda", "Повестка дня"), ("Minutes", ""))
    catalog.add("Quorum", "Кворум", flags=["fuzzy"])
    write_po(catalogues.catalogue_path("ru", tmp_path), catalog)

    problems = catalogues.untranslated("ru", template, tmp_path)

    assert [(p.msgid, p.reason) for p in problems] == [
        ("Minutes", "untranslated"),
        ("Quorum", "fuzzy"),
        ("Chair", "missing"),
    ]
    assert str(problems[2]) == "app/views.py:4: ru: missing: 'Chair'"


def test_update_keeps_translations_and_drops_obsolete_strings(tmp_path: Path) -> None:
    write_po(
        catalogues.catalogue_path("ru", tmp_path),
        russian_catalogue(("Agenda", "Повестка дня"), ("Gone", "Удалено")),
    )
    template = Catalog()
    template.add("Agenda", locations=[("app/views.py", 1)])
    template.add("Chair", locations=[("app/views.py", 2)])

    [result] = catalogues.update_catalogues(template, ["ru"], tmp_path)

    text = result.path.read_text(encoding="utf-8")
    assert (result.added, result.dropped, result.untranslated) == (["Chair"], ["Gone"], 1)
    assert 'msgstr "Повестка дня"' in text
    assert "#: app/views.py:1" in text
    assert "Gone" not in text
    assert "Plural-Forms: nplurals=3;" in text
    assert "Language: ru" in text
    assert catalogues.update_catalogues(template, ["ru"], tmp_path)[0].written is False


def test_a_changed_string_comes_back_fuzzy_and_updates_stay_stable(tmp_path: Path) -> None:
    write_po(
        catalogues.catalogue_path("ru", tmp_path),
        russian_catalogue(("Summits and chairs", "Саммиты и председательство")),
    )
    template = Catalog()
    template.add("Summits and their chairs", locations=[("app/views.py", 1)])

    first = catalogues.update_catalogues(template, ["ru"], tmp_path)[0]
    text = first.path.read_text(encoding="utf-8")
    second = catalogues.update_catalogues(template, ["ru"], tmp_path)[0]

    assert "#, fuzzy" in text
    assert 'msgstr "Саммиты и председательство"' in text
    assert [p.reason for p in catalogues.untranslated("ru", template, tmp_path)] == ["fuzzy"]
    assert second.written is False
    assert first.path.read_text(encoding="utf-8") == text
