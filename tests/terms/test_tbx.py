"""The TBX export (ISO 30042, TBX-Basic in DCA style) parsed back with lxml: the structure
the TBX-Basic schema (TBXcoreStructV03_TBX-Basic_integrated.rng) requires, checked element by
element, since the schema itself is not shipped with the project."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from secretariat.terms.tbx import TBX_NS, termbase_tbx
from secretariat.terms.termbase_file import read_termbase

NS = {"t": TBX_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The data categories TBX-Basic allows, per element (from its integrated schema).
ALLOWED_TYPES = {
    "descrip": {"context", "definition", "subjectField"},
    "admin": {"customerSubset", "projectSubset", "source"},
    "termNote": {
        "administrativeStatus",
        "grammaticalGender",
        "geographicalUsage",
        "partOfSpeech",
        "termLocation",
        "termType",
    },
}
STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts"}


def exported() -> etree._Element:
    data = read_termbase()
    body = termbase_tbx(
        data.concepts, data.sources, exported_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(body, parser)


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_the_root_is_a_tbx_basic_document_in_dca_style() -> None:
    root = exported()
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert [local(child) for child in root] == ["tbxHeader", "text"]
    file_desc = root.find("t:tbxHeader/t:fileDesc", NS)
    assert [local(child) for child in file_desc] == ["titleStmt", "publicationStmt", "sourceDesc"]
    assert file_desc.findall("t:sourceDesc/t:p", NS)


def test_every_concept_is_an_entry_with_a_unique_id_and_a_section_per_language() -> None:
    root = exported()
    entries = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert len(entries) == len(read_termbase().concepts)
    ids = [entry.get("id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        sections = entry.findall("t:langSec", NS)
        assert [s.get(XML_LANG) for s in sections] == ["en", "ru", "zh-Hans"], entry.get("id")
        # Entry-level information comes before the language sections.
        kinds = [local(child) for child in entry]
        assert kinds.index("langSec") == len(kinds) - len(sections)


def test_each_language_has_one_preferred_term_first_and_every_term_a_source() -> None:
    for section in exported().iter(f"{{{TBX_NS}}}langSec"):
        term_secs = section.findall("t:termSec", NS)
        assert term_secs
        statuses = [
            ts.find("t:termNote[@type='administrativeStatus']", NS).text for ts in term_secs
        ]
        assert statuses[0] == "preferredTerm-admn-sts"
        assert statuses.count("preferredTerm-admn-sts") == 1
        assert set(statuses) <= STATUSES
        for term_sec in term_secs:
            assert local(term_sec[0]) == "term"
            assert term_sec.findtext("t:term", namespaces=NS).strip()
            assert term_sec.findtext("t:admin[@type='source']", namespaces=NS).strip()


def test_only_data_categories_of_tbx_basic_are_used() -> None:
    for element in exported().iter():
        name = local(element)
        if name in ALLOWED_TYPES:
            assert element.get("type") in ALLOWED_TYPES[name], (name, element.get("type"))


def test_the_depositary_reads_as_in_the_term_base() -> None:
    root = exported()
    [entry] = root.xpath("//t:conceptEntry[@id='c-depositary']", namespaces=NS)
    [zh] = entry.xpath("t:langSec[@xml:lang='zh-Hans']", namespaces=NS)
    assert [t.text for t in zh.iter(f"{{{TBX_NS}}}term")] == ["保存机构", "保存人"]
    source = zh.findtext("t:termSec/t:admin[@type='source']", namespaces=NS)
    assert source == "上海合作组织秘书处简介，§5"
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "legal"
