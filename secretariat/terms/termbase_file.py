"""The term base's data file (``termbase.yaml``) read into plain records, and what an entry
lacks. Nothing here imports Django: the loader and the tests both read the file through it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: The languages every concept must be named in.
LANGS = ("en", "ru", "zh")
DOMAINS = (
    "body",
    "post",
    "procedure",
    "document_type",
    "legal",
    "status",
    "partnership",
    "cooperation",
)
SHIPPED = Path(__file__).with_name("termbase.yaml")


class TermBaseFileError(ValueError):
    """The file cannot be read as a term base (the message says where)."""


@dataclass(frozen=True)
class SourceRecord:
    key: str
    title: Mapping[str, str]
    location: str = ""
    #: Names of places in the source, per language: {"Art. 16": {"ru": "ст. 16", ...}}.
    places: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


#: A place written in signs alone (§13, ¶3, §1, §6): the same in every language.
_SIGNS = re.compile(r"^[§¶\d\s,;.–-]+$")


def citation(source: SourceRecord | None, ref: str, lang: str, *, codes: bool = False) -> str:
    """How a term's source reads in ``lang``: the document's title, then the place in it
    (its name in ``lang``; else the place as written if it is in signs alone, or if ``codes``
    allows a locator such as ``bodies.chs``)."""
    if source is None:
        return ref
    title = source.title.get(lang) or source.title.get("en", source.key)
    named = source.places.get(ref, {}).get(lang, "")
    place = named or (ref if ref and (codes or _SIGNS.match(ref)) else "")
    if not place:
        return title
    # Chinese takes the full-width comma.
    return f"{title}，{place}" if lang == "zh" else f"{title}, {place}"


@dataclass(frozen=True)
class TermRecord:
    lang: str
    text: str
    preferred: bool
    #: The source's key, or empty when neither the term nor its concept names one.
    source: str
    source_ref: str = ""


@dataclass(frozen=True)
class ConceptRecord:
    key: str
    domain: str
    terms: tuple[TermRecord, ...]
    enforce: bool = False
    definition: Mapping[str, str] = field(default_factory=dict)
    note: Mapping[str, str] = field(default_factory=dict)

    def in_language(self, lang: str) -> list[TermRecord]:
        return [t for t in self.terms if t.lang == lang]


@dataclass(frozen=True)
class TermBaseFile:
    sources: Mapping[str, SourceRecord]
    concepts: tuple[ConceptRecord, ...]


def _texts(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) - set(LANGS):
        raise TermBaseFileError(f"{where}: expected a mapping of en/ru/zh to text")
    return {lang: str(text).strip() for lang, text in value.items() if str(text or "").strip()}


def _source_pair(value: Any, where: str) -> tuple[str, str]:
    if value is None:
        return "", ""
    if isinstance(value, list) and 1 <= len(value) <= 2:
        return str(value[0]), str(value[1]) if len(value) == 2 else ""
    raise TermBaseFileError(f"{where}: a source is [key, where in it]")


def _concept(raw: Any, index: int) -> ConceptRecord:
    if not isinstance(raw, dict) or "key" not in raw:
        raise TermBaseFileError(f"concepts[{index}]: a concept needs a key")
    key = str(raw["key"])
    where = f"concept {key}"
    domain = str(raw.get("domain", ""))
    if domain not in DOMAINS:
        raise TermBaseFileError(f"{where}: unknown domain {domain!r}")
    default_source, default_ref = _source_pair(raw.get("source"), where)
    by_lang = raw.get("terms") or {}
    if not isinstance(by_lang, dict) or set(by_lang) - set(LANGS):
        raise TermBaseFileError(f"{where}: terms are listed per language (en, ru, zh)")
    terms: list[TermRecord] = []
    for lang in LANGS:
        for position, item in enumerate(by_lang.get(lang) or []):
            if isinstance(item, dict):
                text = str(item.get("text", "")).strip()
                source, ref = _source_pair(item.get("source"), f"{where}, {lang} term {text}")
                if not source:
                    source, ref = default_source, default_ref
            else:
                text, source, ref = str(item).strip(), default_source, default_ref
            if not text:
                raise TermBaseFileError(f"{where}: an empty {lang} term")
            terms.append(TermRecord(lang, text, position == 0, source, ref))
    return ConceptRecord(
        key=key,
        domain=domain,
        terms=tuple(terms),
        enforce=bool(raw.get("enforce", False)),
        definition=_texts(raw.get("definition"), f"{where}, definition"),
        note=_texts(raw.get("note"), f"{where}, note"),
    )


def read_termbase(path: Path | None = None) -> TermBaseFile:
    """Read the term base file (the shipped one by default)."""
    try:
        data = yaml.safe_load((path or SHIPPED).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TermBaseFileError(str(exc)) from exc
    if not isinstance(data, dict):
        raise TermBaseFileError("expected the sections sources and concepts")
    sources = {}
    for key, raw in (data.get("sources") or {}).items():
        title = _texts((raw or {}).get("title"), f"source {key}")
        places = {
            str(place): _texts(names, f"source {key}, place {place}")
            for place, names in ((raw or {}).get("places") or {}).items()
        }
        location = str((raw or {}).get("location", ""))
        sources[str(key)] = SourceRecord(str(key), title, location, places)
    concepts = tuple(_concept(raw, i) for i, raw in enumerate(data.get("concepts") or []))
    seen: set[str] = set()
    for concept in concepts:
        if concept.key in seen:
            raise TermBaseFileError(f"concept {concept.key} is listed twice")
        seen.add(concept.key)
    return TermBaseFile(sources=sources, concepts=concepts)


def concept_gaps(concept: ConceptRecord, sources: Mapping[str, SourceRecord]) -> list[str]:
    """What ``concept`` lacks to be complete: a preferred term in a language, a source for a
    term, a source that is not described in the three languages. Empty when complete."""
    gaps = [f"no {lang} term" for lang in LANGS if not concept.in_language(lang)]
    for term in concept.terms:
        if not term.source:
            gaps.append(f"{term.lang} term {term.text!r} has no source")
        elif term.source not in sources:
            gaps.append(f"{term.lang} term {term.text!r} cites an unknown source {term.source!r}")
    for source in {t.source for t in concept.terms if t.source in sources}:
        missing = [lang for lang in LANGS if not sources[source].title.get(lang)]
        if missing:
            gaps.append(f"source {source!r} has no title in {', '.join(missing)}")
    return gaps
