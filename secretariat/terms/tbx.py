"""The term base as TBX (ISO 30042:2019 TermBase eXchange, the TBX-Basic dialect in its DCA
style): the file translators' CAT tools import. No Django here: it writes plain records.

One ``conceptEntry`` per concept (its domain as ``subjectField``), one ``langSec`` per
language (with the definition and note in that language), one ``termSec`` per term: the term,
its ``administrativeStatus`` (preferred or admitted) and its ``source`` (the document's title
and the article or paragraph). TBX-Basic allows these data categories and no others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from lxml import etree

from secretariat.terms.termbase_file import LANGS, ConceptRecord, SourceRecord, citation

#: The namespace of ISO 30042:2019 (TBX v3).
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: BCP 47 tags for the term base's languages: Chinese is written in simplified characters.
TBX_LANG = {"en": "en", "ru": "ru", "zh": "zh-Hans"}
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
#: Where the TBX-Basic schema is published (the processing instruction CAT tools read).
SCHEMA_HREF = (
    "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
    "TBXcoreStructV03_TBX-Basic_integrated.rng"
)


def _el(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TBX_NS}}}{name}", attrib=attributes or None)
    if text:
        element.text = text
    return element


def termbase_tbx(
    concepts: Iterable[ConceptRecord],
    sources: Mapping[str, SourceRecord],
    *,
    domains: Mapping[str, str] | None = None,
    title: str = "SCO term base",
    exported_at: dt.datetime | None = None,
) -> bytes:
    """The TBX document (UTF-8 bytes) for ``concepts``; ``domains`` names each domain in
    English (the subject field), else the domain's code is used."""
    root = etree.Element(
        f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, attrib={"type": "TBX-Basic", "style": "dca"}
    )
    root.set(XML_LANG, "en")
    header = _el(root, "tbxHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", title)
    publication = _el(file_desc, "publicationStmt")
    when = (exported_at or dt.datetime.now(dt.UTC)).date().isoformat()
    _el(publication, "p", f"Exported by the SCO digital secretariat on {when}.")
    source_desc = _el(file_desc, "sourceDesc")
    _el(source_desc, "p", "Terms of the Shanghai Cooperation Organisation, with their sources:")
    for described in sorted(sources.values(), key=lambda s: s.key):
        where = citation(described, described.location, "en", codes=True)
        _el(source_desc, "p", f"{described.key}: {where}")
    body = _el(_el(root, "text"), "body")
    for concept in concepts:
        if not concept.terms:
            continue  # TBX wants at least one language section, each with a term
        entry = _el(body, "conceptEntry", id=f"c-{concept.key}")
        subject = (domains or {}).get(concept.domain, concept.domain)
        _el(entry, "descrip", subject, type="subjectField")
        for lang in LANGS:
            terms = concept.in_language(lang)
            if not terms:
                continue
            section = _el(entry, "langSec")
            section.set(XML_LANG, TBX_LANG[lang])
            if concept.definition.get(lang):
                _el(section, "descrip", concept.definition[lang], type="definition")
            if concept.note.get(lang):
                _el(section, "note", concept.note[lang])
            for term in terms:
                term_sec = _el(section, "termSec")
                _el(term_sec, "term", term.text)
                status = PREFERRED if term.preferred else ADMITTED
                _el(term_sec, "termNote", status, type="administrativeStatus")
                source = sources.get(term.source)
                cited = citation(source, term.source_ref, lang, codes=True)
                _el(term_sec, "admin", cited, type="source")
    tree = etree.ElementTree(root)
    model = etree.ProcessingInstruction(
        "xml-model",
        f'href="{SCHEMA_HREF}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"',
    )
    root.addprevious(model)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))
