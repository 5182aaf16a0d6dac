"""A certified copy of an adopted SCO document, typeset as a PDF before it is signed.

The copy reproduces the document's language versions and ends with the certification
statement in Russian, Chinese and English: certified true copy, the register number, the
copy number, the addressee and the date, by the SCO Secretariat as depositary
(SEC-DEPOSITARY; copies are handed to the Permanent Representatives, SEC-CERTIFIED-7D).

Typst sets it as PDF/A-2b (ISO 19005-2, level B: fonts embedded, an sRGB output intent,
XMP metadata agreeing with the Info dictionary) with the Noto CJK font from PyPI (nothing
downloaded, no system font), and the same content always gives the same bytes: the PDF's
timestamp is the certification date. The signature (``sign.py``) keeps it PDF/A-2b. The
register, copy and document numbers are also written in the PDF's metadata (``/Keywords``
and XMP), so a verifier reads them from the signed bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import noto_cjk_sans_otc
import typst
from babel.dates import format_date

from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import parse_lang

TEMPLATE = Path(__file__).with_name("certified_copy.typ")
#: The archival standard typst writes to: PDF/A-2b (ISO 19005-2, level B).
PDF_STANDARD: Final = "a-2b"
#: The order of the statement's three parts: the SCO's working languages, then English.
STATEMENT_LANGS = ("ru", "zh", "en")
BABEL_LOCALE = {"en": "en_GB", "ru": "ru", "zh": "zh_Hans_CN"}
#: The rules the certification relies on; their wording is printed from the rulebook.
RULES = ("SEC-DEPOSITARY", "SEC-CERTIFIED-7D")
#: Metadata keywords that carry the numbers (``verify.read_copy_numbers`` reads them back).
KEYWORD_PREFIX = {"register": "sco-register:", "copy": "sco-copy:", "document": "sco-document:"}
#: Characters a number may hold: keywords are a comma-separated list, so no comma.
_NUMBER = re.compile(r"^[\w./\-–№#() ]+$")

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "ru": "английском", "zh": "英文"},
    "ru": {"en": "Russian", "ru": "русском", "zh": "俄文"},
    "zh": {"en": "Chinese", "ru": "китайском", "zh": "中文"},
}
#: Whole sentences, one per language; {placeholders} are filled with the content's values.
WORDING: dict[str, dict[str, str]] = {
    "ru": {
        "certified": "Копия верна",
        "statement": (
            "Настоящим Секретариат Шанхайской организации сотрудничества как депозитарий "
            "удостоверяет, что настоящий документ является верной копией документа "
            "«{title}» ({type}, № {number}), принятого {adopted_on} ({body}), подлинник "
            "которого хранится в Секретариате."
        ),
        "register": "Регистрационный номер",
        "copy": "Экземпляр №",
        "addressee": "Адресат",
        "date": "Дата заверения",
        "sha256": "SHA-256 подлинника",
        "signer": "Секретариат Шанхайской организации сотрудничества — депозитарий",
        "authentic": "Текст на {language} языке (аутентичный)",
        "translation": "Текст на {language} языке (перевод)",
        "electronic": (
            "Копия заверена электронной подписью Секретариата в формате PAdES, созданной "
            "с использованием сертификата Секретариата; её подлинность проверяется по "
            "корневому сертификату Секретариата."
        ),
    },
    "zh": {
        "certified": "经核证无误的副本",
        "statement": (
            "上海合作组织秘书处作为保存机构，兹证明本文件为{adopted_on}{body}通过的"
            "《{title}》（{type}，编号{number}）的核证无误的副本，该文件原件由秘书处保存。"
        ),
        "register": "登记号",
        "copy": "副本编号",
        "addressee": "收件人",
        "date": "核证日期",
        "sha256": "原件SHA-256",
        "signer": "上海合作组织秘书处（保存机构）",
        "authentic": "{language}文本（作准文本）",
        "translation": "{language}文本（译本）",
        "electronic": (
            "本副本经秘书处以其证书制作的PAdES格式电子签名核证，可依据秘书处根证书验证其真实性。"
        ),
    },
    "en": {
        "certified": "Certified true copy",
        "statement": (
            "The Secretariat of the Shanghai Cooperation Organisation, as depositary, hereby "
            "certifies that this is a true copy of the {type} “{title}” (No. {number}), "
            "adopted on {adopted_on} by the {body}, the original of which is deposited with "
            "the Secretariat."
        ),
        "register": "Register number",
        "copy": "Copy No.",
        "addressee": "Addressee",
        "date": "Date of certification",
        "sha256": "SHA-256 of the original",
        "signer": "Secretariat of the Shanghai Cooperation Organisation, depositary",
        "authentic": "{language} text (authentic)",
        "translation": "{language} text (translation)",
        "electronic": (
            "This copy is certified by the Secretariat's electronic signature in the PAdES "
            "format, made with the Secretariat's certificate; its authenticity is verified "
            "against the Secretariat's root certificate."
        ),
    },
}
HEADER = {
    "ru": "Секретариат Шанхайской организации сотрудничества",
    "zh": "上海合作组织秘书处",
    "en": "Secretariat of the Shanghai Cooperation Organisation",
}


@dataclass(frozen=True, slots=True)
class LanguageVersion:
    """One language version of the document, reproduced in the copy."""

    lang: str
    #: An authentic text (the document says so) or a translation.
    authentic: bool
    #: Plain text; a blank line separates paragraphs.
    text: str


@dataclass(frozen=True, slots=True)
class CopyContent:
    """Everything a certified copy shows."""

    register_number: str
    copy_number: str
    document_number: str
    #: The document's title, keyed "en", "ru", "zh".
    document_title: Mapping[str, str]
    #: "Agreement", "Decision", ...: keyed "en", "ru", "zh" (a plain string is used as is).
    document_type: Mapping[str, str] | str
    adopted_on: dt.date
    #: The body that adopted it, keyed "en", "ru", "zh".
    body_name: Mapping[str, str]
    #: To whom this copy goes (e.g. the Permanent Representative of a member state).
    addressee: Mapping[str, str]
    certified_on: dt.date
    #: SHA-256 (hex) of the original as deposited.
    original_sha256: str
    #: The language versions to reproduce, as (lang, authentic, text) or LanguageVersion.
    texts: tuple[LanguageVersion, ...] | list[Any] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("register_number", "copy_number", "document_number"):
            value = getattr(self, name)
            if not value or not _NUMBER.match(value):
                raise ValueError(f"{name}={value!r}: letters, digits and ./-№#() only")
        for name in ("document_title", "body_name", "addressee"):
            missing = [lang for lang in STATEMENT_LANGS if not getattr(self, name).get(lang)]
            if missing:
                raise ValueError(f"{name} lacks {', '.join(missing)}")
        versions = tuple(
            t if isinstance(t, LanguageVersion) else LanguageVersion(*t) for t in self.texts
        )
        if not versions:
            raise ValueError("a certified copy reproduces at least one language version")
        object.__setattr__(self, "texts", versions)

    def reference(self) -> str:
        """The copy's number, with the register number once: a copy number made from the
        register number (``SCO-DEP-2026-0042/KZ``) already holds it."""
        if self.copy_number.startswith(self.register_number):
            return self.copy_number
        return f"{self.register_number}/{self.copy_number}"

    def keywords(self) -> list[str]:
        """The PDF keywords that carry the numbers, read back by the verifier."""
        return [
            "SCO certified copy",
            KEYWORD_PREFIX["register"] + self.register_number,
            KEYWORD_PREFIX["copy"] + self.copy_number,
            KEYWORD_PREFIX["document"] + self.document_number,
        ]


def _day(day: dt.date, lang: str) -> str:
    return str(format_date(day, format="long", locale=BABEL_LOCALE[lang]))


def _in(value: Mapping[str, str] | str, lang: str) -> str:
    return value if isinstance(value, str) else value.get(lang) or value["en"]


def _statement(content: CopyContent, lang: str) -> dict[str, Any]:
    words = WORDING[lang]
    book = rulebook()
    return {
        "lang": lang,
        "region": "cn" if lang == "zh" else None,
        "certified": words["certified"],
        "statement": words["statement"].format(
            title=content.document_title[lang],
            type=_in(content.document_type, lang).lower()
            if lang == "en"
            else _in(content.document_type, lang),
            number=content.document_number,
            adopted_on=_day(content.adopted_on, lang),
            body=content.body_name[lang],
        ),
        "rows": [
            [words["register"], content.register_number],
            [words["copy"], content.copy_number],
            [words["addressee"], content.addressee[lang]],
            [words["date"], _day(content.certified_on, lang)],
        ],
        "rules": [{"id": r, "wording": book.rule(r).wording[parse_lang(lang)]} for r in RULES],
        "signer": words["signer"],
        "electronic": words["electronic"],
    }


def _version(version: LanguageVersion) -> dict[str, Any]:
    lang = version.lang if version.lang in WORDING else "en"
    words = WORDING[lang]
    name = LANGUAGE_NAMES.get(version.lang, {}).get(lang, version.lang)
    label = words["authentic" if version.authentic else "translation"].format(language=name)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", version.text) if p.strip()]
    return {
        "lang": version.lang,
        "region": "cn" if version.lang == "zh" else None,
        "label": label,
        "paragraphs": paragraphs,
    }


def certified_copy_data(content: CopyContent) -> dict[str, Any]:
    """Everything the copy shows, as JSON-ready data for the template."""
    return {
        "document_title": f"{content.document_title['en']} — certified copy {content.reference()}",
        "author": "SCO Secretariat (depositary)",
        "keywords": content.keywords(),
        "header": [HEADER[lang] for lang in STATEMENT_LANGS],
        "certified": [WORDING[lang]["certified"] for lang in STATEMENT_LANGS],
        "titles": [content.document_title[lang] for lang in STATEMENT_LANGS],
        "numbers": {
            "reference": content.reference(),
            "register": content.register_number,
            "copy": content.copy_number,
            "document": content.document_number,
        },
        "footer": f"{content.reference()} · {content.certified_on.isoformat()}",
        "versions": [_version(v) for v in content.texts],
        "statements": [_statement(content, lang) for lang in STATEMENT_LANGS],
        "sha256_label": " / ".join(WORDING[lang]["sha256"] for lang in STATEMENT_LANGS),
        "sha256": content.original_sha256,
    }


def render_certified_copy(content: CopyContent) -> bytes:
    """The certified copy as an unsigned PDF: the same bytes for the same content."""
    data = json.dumps(certified_copy_data(content), ensure_ascii=False, sort_keys=True)
    font_dir = Path(str(noto_cjk_sans_otc.FONT_PATH)).parent
    certified_at = dt.datetime.combine(content.certified_on, dt.time(), tzinfo=dt.UTC)
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[font_dir],
        sys_inputs={"data": data},
        timestamp=certified_at,
        ignore_system_fonts=True,
        pdf_standards=[PDF_STANDARD],
    )
    assert isinstance(pdf, bytes)  # noqa: S101  # no output path: typst returns the bytes
    return pdf
