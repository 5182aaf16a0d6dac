"""Adopted documents, agendas and minutes as Akoma Ntoso 3.0, checked against the OASIS schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from lxml import etree  # type: ignore[import-untyped]

from secretariat.akn import export
from secretariat.akn.export import LABELS, NS, akn_uris, to_akn, validate
from secretariat.akn.model import AknError, Content, StatementText, sco_expressions
from secretariat.procedure.text import Lang

from .support import agenda, every_kind, minutes, parse, statement, value, work

LANGS: tuple[Lang, ...] = ("ru", "zh", "en")
ROOTS = {"statement": "statement", "debate": "debate", "doc": "doc"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("content", every_kind(), ids=lambda c: c.work.name)
def test_every_document_type_in_every_language_validates_against_the_official_schema(
    content: Content, lang: Lang
) -> None:
    xml = to_akn(content, lang)

    assert validate(xml) == []
    root = parse(xml)
    document = root[0]
    assert document.tag == f"{{{NS}}}{ROOTS[content.work.kind]}"
    assert document.get("name") == content.work.name
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def test_decisions_are_statements_minutes_debates_and_agendas_docs_named_agenda() -> None:
    roots = [parse(to_akn(c, "ru"))[0] for c in every_kind()]

    assert [(etree.QName(r).localname, r.get("name")) for r in roots] == [
        ("statement", "decision"),
        ("doc", "agenda"),
        ("debate", "minutes"),
    ]


@pytest.mark.parametrize("content", every_kind(), ids=lambda c: c.work.name)
def test_the_work_iri_is_shared_by_the_three_expressions_and_each_expression_has_its_own(
    content: Content,
) -> None:
    roots = {lang: parse(to_akn(content, lang)) for lang in LANGS}

    works = {value(r, "//a:FRBRWork/a:FRBRuri") for r in roots.values()}
    expressions = {lang: value(r, "//a:FRBRExpression/a:FRBRuri") for lang, r in roots.items()}
    assert len(works) == 1
    (iri,) = works
    assert expressions == {"ru": f"{iri}/rus@", "zh": f"{iri}/zho@", "en": f"{iri}/eng@"}
    for lang, root in roots.items():
        uris = akn_uris(content.work, lang)
        assert uris.work == iri
        assert uris.expression == expressions[lang]
        assert value(root, "//a:FRBRManifestation/a:FRBRuri") == uris.manifestation
        assert (
            value(root, "//a:FRBRExpression/a:FRBRlanguage", "language") == uris.expression[-4:-1]
        )


def test_the_iris_follow_the_naming_convention_with_the_organisation_as_jurisdiction() -> None:
    decision = statement().work

    uris = akn_uris(decision, "ru")

    assert uris.work == "/akn/sco/statement/decision/cnc/2026-06-30/3"
    assert uris.expression == "/akn/sco/statement/decision/cnc/2026-06-30/3/rus@"
    assert uris.manifestation == "/akn/sco/statement/decision/cnc/2026-06-30/3/rus@.xml"
    root = parse(to_akn(statement(), "ru"))
    assert value(root, "//a:FRBRWork/a:FRBRcountry") == "sco"
    assert value(root, "//a:FRBRWork/a:FRBRsubtype") == "decision"
    assert value(root, "//a:FRBRWork/a:FRBRnumber") == "3"
    assert value(root, "//a:FRBRWork/a:FRBRthis") == f"{uris.work}/!main"
    assert value(root, "//a:identification", "source") == "#sco-secretariat"


def test_a_later_version_is_a_new_expression_of_the_same_work() -> None:
    revised = dataclasses.replace(agenda().work, version=dt.date(2026, 6, 30))

    uris = akn_uris(revised, "zh")

    assert uris.work == akn_uris(agenda().work, "zh").work
    assert uris.expression.endswith("/zho@2026-06-30")
    assert validate(to_akn(dataclasses.replace(agenda(), work=revised), "zh")) == []


@pytest.mark.parametrize("content", every_kind(), ids=lambda c: c.work.name)
def test_russian_and_chinese_are_authoritative_and_english_is_a_translation_of_them(
    content: Content,
) -> None:
    flags = {
        lang: value(parse(to_akn(content, lang)), "//a:FRBRExpression/a:FRBRauthoritative")
        for lang in LANGS
    }

    assert flags == {"ru": "true", "zh": "true", "en": "false"}
    english = parse(to_akn(content, "en"))
    sources = english.xpath("//a:FRBRExpression/a:FRBRtranslation", namespaces={"a": NS})
    assert sorted(s.get("fromLanguage") for s in sources) == ["rus", "zho"]
    assert {s.get("authoritative") for s in sources} == {"false"}
    assert {s.get("href") for s in sources} == {
        akn_uris(content.work, "ru").expression,
        akn_uris(content.work, "zh").expression,
    }
    russian = parse(to_akn(content, "ru"))
    assert not russian.xpath("//a:FRBRtranslation", namespaces={"a": NS})
    assert [(e.lang, e.authoritative) for e in sco_expressions()] == [
        ("ru", True),
        ("zh", True),
        ("en", False),
    ]


@pytest.mark.parametrize(
    "element", ["FRBRWork/a:FRBRcountry", "FRBRExpression/a:FRBRlanguage", "FRBRManifestation"]
)
def test_a_statement_missing_a_required_meta_element_is_reported_invalid(element: str) -> None:
    root = parse(to_akn(statement(), "ru"))
    (removed,) = root.xpath(f"//a:identification/a:{element}", namespaces={"a": NS})
    removed.getparent().remove(removed)

    errors = validate(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    assert errors
    assert "Missing child element" in errors[0] or "not expected" in errors[0]


def test_a_document_that_is_not_xml_is_reported_rather_than_raised() -> None:
    errors = validate(b"<akomaNtoso><statement>")

    assert len(errors) == 1
    assert errors[0].startswith("line 1:")


def test_a_document_with_an_entity_is_not_expanded_and_not_fetched() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "http://example.invalid/x">]>'
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&x;</akomaNtoso>'
    )

    assert validate(xml)


def test_the_same_content_gives_the_same_bytes_until_a_generation_day_is_given() -> None:
    first = to_akn(minutes(), "zh")

    assert to_akn(minutes(), "zh") == first
    later = to_akn(minutes(), "zh", generated=dt.date(2026, 12, 1))
    assert value(parse(later), "//a:FRBRManifestation/a:FRBRdate", "date") == "2026-12-01"
    assert validate(later) == []


def test_a_text_missing_in_the_expressions_language_is_refused_not_filled_from_another() -> None:
    content = statement()
    paragraphs = ({"en": "Approves the plan.", "zh": "批准计划。"},)
    untranslated = dataclasses.replace(content, paragraphs=paragraphs)

    with pytest.raises(AknError, match="paragraph 1: no text in 'ru'"):
        to_akn(untranslated, "ru")
    assert validate(to_akn(untranslated, "zh")) == []


def test_a_language_the_work_has_no_expression_in_is_refused() -> None:
    russian_only = dataclasses.replace(statement().work, expressions=sco_expressions()[:1])

    with pytest.raises(AknError, match="no expression in 'en'"):
        akn_uris(russian_only, "en")


def test_content_of_the_wrong_kind_or_without_paragraphs_is_refused() -> None:
    with pytest.raises(AknError, match="exported as <statement>"):
        StatementText(work=work("debate", "minutes"), paragraphs=({"ru": "x"},))
    with pytest.raises(AknError, match="no paragraphs"):
        StatementText(work=work("statement", "decision"), paragraphs=())
    with pytest.raises(AknError, match="kind 'act'"):
        work("act", "law")
    with pytest.raises(AknError, match="cannot be a segment of an IRI"):
        work("statement", "decision", number="3/4")


def test_the_parties_signatories_and_roles_named_in_the_text_are_in_the_references() -> None:
    root = parse(to_akn(minutes(), "ru"))
    refs = {
        etree.QName(e).localname + ":" + e.get("eId"): e.get("showAs")
        for e in root.xpath("//a:references/*", namespaces={"a": NS})
    }

    assert refs["TLCOrganization:cnc"] == "Совет национальных координаторов"
    assert refs["TLCOrganization:sco-secretariat"] == "Секретариат ШОС"
    assert refs["TLCOrganization:cn"] == "Китай"
    assert refs["TLCPerson:signatory-kz"] == "Асель Нурланова"
    assert {"TLCRole:author", "TLCRole:head", "TLCRole:authorised_member"} <= set(refs)
    cited = {
        v[1:]
        for v in root.xpath("//a:debateBody//@by | //a:debateBody//@refersTo", namespaces={"a": NS})
    }
    eids = {e.get("eId") for e in root.xpath("//a:references/*", namespaces={"a": NS})}
    assert cited <= eids
    speeches = root.xpath("//a:debateSection/a:speech", namespaces={"a": NS})
    assert [(s.get("by"), s.findtext(f"{{{NS}}}p")) for s in speeches] == [
        ("#cn", "поддерживает"),
        ("#kz", "возражает"),
    ]


#: The labels' msgids in the project's catalogue, where it has them.
CATALOGUE = {
    "authentic": "Authentic text",
    "translation": "Translation",
    "attendance": "Attendance",
    "no_attendance": "Attendance is not recorded for meetings of this body.",
    "members_present": "Members present",
    "head_present": "Head present",
    "yes": "yes",
    "no": "no",
    "agenda": "Agenda and decisions",
    "no_items": "The agenda holds no items.",
    "signatures": "Signatures",
    "authorised_member": "authorised member",
    "support": "supports",
    "object": "objects",
    "abstain": "abstains",
    "absent": "absent",
    "meeting": "Meeting",
}


@pytest.mark.parametrize(("lang", "django_lang"), [("en", "en"), ("ru", "ru"), ("zh", "zh-hans")])
def test_the_labels_read_as_the_catalogue_translates_them_for_the_minutes_pdf(
    lang: Lang, django_lang: str
) -> None:
    with translation.override(django_lang):
        translated = {key: gettext(msgid) for key, msgid in CATALOGUE.items()}

    assert translated == {key: LABELS[key][lang] for key in CATALOGUE}


def test_the_schemas_import_of_xml_xsd_is_read_from_cobalts_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    resolve = export._LocalSchemas.resolve

    def spy(self: Any, url: str, public_id: str | None, context: Any) -> Any:
        asked.append(url)
        return resolve(self, url, public_id, context)

    monkeypatch.setattr(export._LocalSchemas, "resolve", spy)
    export._schema.cache_clear()
    try:
        assert validate(to_akn(agenda(), "ru")) == []
    finally:
        export._schema.cache_clear()

    assert str(export.XSD_DIR / "xml.xsd") in asked
    assert all(not url.startswith("http") for url in asked)
