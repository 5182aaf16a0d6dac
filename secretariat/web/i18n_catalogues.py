"""The gettext catalogues of the UI, kept with Babel instead of GNU gettext.

Django's ``makemessages`` and ``compilemessages`` call ``xgettext``, ``msgmerge`` and
``msgfmt``, which a fresh machine with only Python, pip and make does not have. This
module does the same work in pure Python:

- :func:`extract_messages` collects every translatable string of the project's own code:
  Python files (Babel's Python extractor with Django's keywords) and Django templates
  (turned into Python-like ``gettext`` calls by Django's own ``templatize``, then read by
  the same extractor). Migrations are skipped.
- :func:`update_catalogues` merges that template into ``locale/<lang>/LC_MESSAGES/django.po``,
  keeping existing translations and dropping obsolete ones.
- :func:`compile_catalogues` writes the ``.mo`` files Django reads (fuzzy entries skipped).
- :func:`untranslated` and :func:`placeholder_mismatches` say what is left to do;
  :func:`check_catalogues` runs both for every language.

``secretariat i18n extract|compile|check`` is the command line over these functions.
"""

from __future__ import annotations

import io
import os
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

from secretariat.core.files import write_atomically

PROJECT = "Secretariat"
DOMAIN = "django"

#: Django's translation functions and where their strings are, in Babel's notation:
#: ``None`` is the first argument; ``(1, "c")`` marks the context argument.
KEYWORDS: Mapping[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
#: ``# Translators: ...`` comments (and ``{# Translators: ... #}``) reach the catalogue.
COMMENT_TAGS = ("Translators",)
#: Directories never searched for messages.
SKIPPED_DIRS = frozenset({"migrations", "__pycache__", "node_modules", "static"})
#: Template files, looked for only below a ``templates`` directory.
TEMPLATE_SUFFIXES = frozenset({".html", ".txt"})

#: A printf-style placeholder as Python's ``%`` operator reads it; ``%%`` is a literal.
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # %(name)
    r"[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"  # flags, width, precision
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)


class CatalogueError(Exception):
    """A catalogue, template or source file that cannot be read or written."""


@dataclass(frozen=True)
class Problem:
    """One message that is not ready in one language (``all``: in any language)."""

    language: str
    #: ``missing`` (not in the catalogue), ``untranslated``, ``fuzzy``, ``placeholders``,
    #: or ``used with and without a plural``.
    reason: str
    msgid: str | tuple[str, ...]
    context: str | None = None
    locations: tuple[tuple[str, int | None], ...] = ()
    detail: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            f"{path}:{line}" if line is not None else path for path, line in self.locations
        )
        ids = self.msgid if isinstance(self.msgid, tuple) else (self.msgid,)
        text = " / ".join(repr(i) for i in ids)
        if self.context is not None:
            text = f"[{self.context}] {text}"
        detail = f" ({self.detail})" if self.detail else ""
        return f"{where or '?'}: {self.language}: {self.reason}: {text}{detail}"


@dataclass
class UpdateResult:
    """What :func:`update_catalogues` did to one catalogue."""

    language: str
    path: Path
    messages: int
    untranslated: int
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    written: bool = False


# --- Where things are --------------------------------------------------------------------


def project_root() -> Path:
    """The directory that holds ``secretariat/``, ``config/`` and ``locale/``."""
    return Path(settings.BASE_DIR)


def source_roots() -> list[Path]:
    """The trees whose strings are the project's own."""
    root = project_root()
    return [root / "secretariat", root / "config"]


def locale_dir() -> Path:
    """The first of ``LOCALE_PATHS``: where the project's catalogues live."""
    return Path(settings.LOCALE_PATHS[0])


def languages() -> list[str]:
    """Locale names of every language but the source one: ``["ru", "zh_Hans"]``."""
    source = to_locale(settings.LANGUAGE_CODE)
    names = [to_locale(code) for code, _name in settings.LANGUAGES]
    return [name for name in names if name != source]


def catalogue_path(language: str, directory: Path | None = None) -> Path:
    """``locale/<language>/LC_MESSAGES/django.po``."""
    return (directory or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` header, from CLDR: 3 forms for ``ru``, 1 for ``zh_Hans``."""
    return str(get_plural(language).plural_forms)


# --- Extraction --------------------------------------------------------------------------


def _source_files(roots: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Every Python file and template below ``roots``, as (path, is_template)."""
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(
                d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith(".")
            )
            in_templates = "templates" in Path(dirpath).relative_to(root).parts
            for name in sorted(filenames):
                path = Path(dirpath, name)
                if path.suffix == ".py":
                    yield path, False
                elif in_templates and path.suffix in TEMPLATE_SUFFIXES:
                    yield path, True


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the project root) when it is inside it."""
    base = project_root() if base is None else base
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def extract_file(
    path: Path, is_template: bool, base: Path
) -> Iterator[tuple[int, str | tuple[str, ...], list[str], str | None]]:
    """(line, message, translator comments, context) for each string of one file."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path}: not UTF-8 ({exc})") from exc
    if is_template:
        try:
            source = templatize(source, origin=display_path(path, base))
        except SyntaxError as exc:
            raise CatalogueError(f"{path}: {exc}") from exc
        # ``templatize`` keeps the template's indentation, which Python's tokenizer
        # refuses; every string it writes sits on one line, so dropping it is safe.
        source = "\n".join(line.lstrip() for line in source.split("\n"))
    buffer = io.BytesIO(source.encode("utf-8"))
    try:
        yield from extract(
            "python",
            buffer,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            options={"encoding": "utf-8"},
        )
    except (SyntaxError, ValueError, tokenize.TokenError) as exc:
        raise CatalogueError(f"{path}: cannot read its strings: {exc}") from exc


class Extraction(Catalog):
    """The messages of the code, as a template catalogue, and what gettext cannot hold."""

    def __init__(self) -> None:
        super().__init__(project=PROJECT, version=_version(), fuzzy=False, charset="utf-8")
        #: Messages used both with and without a plural form (see :func:`extract_messages`).
        self.conflicts: list[Problem] = []


def extract_messages(roots: Sequence[Path] | None = None, base: Path | None = None) -> Extraction:
    """Every translatable string below ``roots`` (default: ``secretariat/`` and ``config/``).

    Locations are written relative to ``base`` (default: the project root). A msgid used
    both alone (``gettext("x")``) and with a plural (``ngettext("x", "xs", n)``) is one
    gettext entry that can serve only one of the two: it is kept as a plural and listed
    in ``conflicts``, so ``check`` fails until one of the uses gets another wording or a
    context.
    """
    roots = source_roots() if roots is None else list(roots)
    base = project_root() if base is None else base
    template = Extraction()
    uses: dict[tuple[str, str | None], dict[bool, list[tuple[str, int]]]] = {}
    for path, is_template in _source_files(roots):
        where = display_path(path, base)
        for lineno, message, comments, context in extract_file(path, is_template, base):
            plural = isinstance(message, tuple | list)
            singular = message[0] if isinstance(message, tuple | list) else message
            uses.setdefault((singular, context), {}).setdefault(plural, []).append((where, lineno))
            existing = template.get(singular, context)
            if existing is not None and plural and not existing.pluralizable:
                existing.id = tuple(message)  # the plural wins; see the docstring
                existing.string = ("",) * len(message)
            template.add(
                message if existing is None or plural else existing.id,
                None,
                locations=[(where, lineno)],
                auto_comments=comments,
                context=context,
            )
    for (singular, context), by_kind in uses.items():
        if len(by_kind) == 2:
            entry = template.get(singular, context)
            assert entry is not None  # noqa: S101 - added just above
            template.conflicts.append(
                Problem(
                    language="all",
                    reason="used with and without a plural",
                    msgid=tuple(entry.id) if isinstance(entry.id, list) else entry.id,
                    context=context,
                    locations=tuple(by_kind[False] + by_kind[True]),
                    detail="gettext keeps one entry per msgid: give one of the uses "
                    "another wording or a context",
                )
            )
    return template


def _version() -> str:
    try:
        return version("secretariat")
    except PackageNotFoundError:
        return "0"


# --- Reading and writing catalogues ------------------------------------------------------


_PO_STRING = r'"(?:[^"\\]|\\(?:[\\"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]+))*"'
_PO_LINE = re.compile(
    rf"(?P<keyword>msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*(?P<string>{_PO_STRING})\s*"
)


def po_syntax_errors(text: str) -> list[str]:
    """What GNU ``msgfmt`` would refuse but Babel's reader quietly repairs or merges.

    Babel drops the last character of an unterminated string and keeps only the last of
    two entries with the same msgid (which is what a merge gone wrong leaves behind).
    """
    errors: list[str] = []
    entries: list[tuple[int, list[str], list[str]]] = []  # (line, msgctxt, msgid)
    field: list[str] | None = None
    last = ""
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PO_LINE.fullmatch(stripped)
        if match is None:
            errors.append(f"{lineno}: not a PO line: {line!r}")
            continue
        keyword = match["keyword"]
        if keyword is None:  # a continuation line
            if not last:
                errors.append(f"{lineno}: a string outside any entry: {line!r}")
            elif field is not None:
                field.append(match["string"][1:-1])
            continue
        if keyword == "msgctxt" or (keyword == "msgid" and last != "msgctxt"):
            entries.append((lineno, [], []))
        elif not entries or (keyword != "msgid" and not entries[-1][2]):
            errors.append(f"{lineno}: {keyword} without a msgid")
            last, field = keyword, None
            continue
        if keyword == "msgctxt":
            field = entries[-1][1]
        elif keyword == "msgid":
            field = entries[-1][2]
        else:
            field = None
        if field is not None:
            field.append(match["string"][1:-1])
        last = keyword
    seen: dict[tuple[str, str], int] = {}
    for lineno, context, msgid in entries:
        key = ("".join(context), "".join(msgid))
        if not msgid:
            errors.append(f"{lineno}: msgctxt without a msgid")
        elif key in seen:
            errors.append(f"{lineno}: duplicate of the entry on line {seen[key]}")
        else:
            seen[key] = lineno
    return errors


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    """Read a ``.po`` file, refusing a malformed one with :class:`CatalogueError`."""
    try:
        errors = po_syntax_errors(path.read_text(encoding="utf-8"))
        if errors:
            raise CatalogueError("\n".join(f"{path}:{error}" for error in errors))
        with path.open("rb") as fileobj:
            return read_po(fileobj, locale=language, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogueError(f"{path}:{exc.lineno + 1}: {exc} in {exc.line!r}") from exc
    except (ValueError, UnicodeDecodeError, UnknownLocaleError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc


def new_catalogue(language: str) -> Catalog:
    """An empty catalogue for ``language`` with this project's header."""
    name = Locale.parse(language).english_name
    return Catalog(
        locale=language,
        domain=DOMAIN,
        header_comment=(
            f"# {name} translations for {PROJECT}.\n"
            "# Update: secretariat i18n extract; compile: secretariat i18n compile."
        ),
        project=PROJECT,
        version=_version(),
        msgid_bugs_address="",
        last_translator=f"{PROJECT} team",
        language_team=f"{name}",
        fuzzy=False,
        charset="utf-8",
    )


def po_bytes(catalog: Catalog) -> bytes:
    """The ``.po`` text: sorted, with locations, without obsolete entries."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_output=True, ignore_obsolete=True)
    return buffer.getvalue()


_DATE_HEADER = re.compile(rb'^"(?:POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)


def _same_apart_from_dates(old: bytes, new: bytes) -> bool:
    return _DATE_HEADER.sub(b"", old) == _DATE_HEADER.sub(b"", new)


#: ``#| msgid "..."`` lines (the msgid a fuzzy entry was matched from): Babel reads them
#: back as user comments, so they are dropped rather than piled up at every update.
_PREVIOUS_ID = re.compile(r"\|\s*(?:msgctxt|msgid|msgid_plural)\b|\|\s*\"")


def write_catalogue(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` unless only its dates would change; True if written."""
    catalog.mime_headers = [("Plural-Forms", plural_forms(str(catalog.locale)))]
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not _PREVIOUS_ID.match(c)]
    data = po_bytes(catalog)
    if path.exists() and _same_apart_from_dates(path.read_bytes(), data):
        return False
    write_atomically(path, data)
    return True


def _label(message: Message) -> str:
    """The singular msgid and its context: what identifies an entry."""
    singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return f"[{message.context}] {singular}" if message.context else singular


def is_translated(message: Message) -> bool:
    """True when every form has a translation and none is fuzzy."""
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def update_catalogues(
    template: Catalog | None = None,
    langs: Sequence[str] | None = None,
    directory: Path | None = None,
) -> list[UpdateResult]:
    """Merge ``template`` into each language's ``.po``, keeping translations.

    New strings arrive untranslated (or fuzzy, with a close old translation as a hint);
    strings gone from the code are dropped.
    """
    template = extract_messages() if template is None else template
    results = []
    for language in languages() if langs is None else langs:
        path = catalogue_path(language, directory)
        catalog = read_catalogue(path, language) if path.exists() else new_catalogue(language)
        before = {_label(m) for m in catalog if m.id}
        catalog.update(template)
        after = {_label(m) for m in catalog if m.id}
        written = write_catalogue(path, catalog)
        results.append(
            UpdateResult(
                language=language,
                path=path,
                messages=len(after),
                untranslated=sum(1 for m in catalog if m.id and not is_translated(m)),
                added=sorted(after - before),
                dropped=sorted(before - after),
                written=written,
            )
        )
    return results


# --- Compilation -------------------------------------------------------------------------


def compile_catalogues(directory: Path | None = None) -> list[Path]:
    """Compile every ``<dir>/<lang>/LC_MESSAGES/*.po`` into the ``.mo`` beside it.

    Fuzzy and empty translations are left out, so Django shows the English text.
    Raises :class:`CatalogueError` for a malformed ``.po`` before writing anything.
    """
    directory = locale_dir() if directory is None else directory
    sources = sorted(directory.glob("*/LC_MESSAGES/*.po"))
    compiled = []
    for po in sources:
        catalog = read_catalogue(po, po.parent.parent.name)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        compiled.append((po.with_suffix(".mo"), buffer.getvalue()))
    for mo, data in compiled:
        write_atomically(mo, data)
    return [mo for mo, _data in compiled]


# --- Checking ----------------------------------------------------------------------------


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The named placeholders (``%(name)s``) and the types of the positional ones."""
    named: set[str] = set()
    positional: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named.add(f"%({match['name']}){match['type']}")
        else:
            positional.append(match["type"])
    return frozenset(named), tuple(positional)


def _describe(signature: tuple[frozenset[str], tuple[str, ...]]) -> str:
    named, positional = signature
    parts = sorted(named) + [f"%{t}" for t in positional]
    return ", ".join(parts) or "none"


def _placeholder_problem(message: Message) -> str | None:
    """Why the translation's placeholders differ from the msgid's, or None if they agree."""
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    allowed = [placeholders(i) for i in ids]
    formatted = any(_PLACEHOLDER.search(i) for i in ids)
    for string in strings:
        if not string:
            continue
        if formatted and "%" in _PLACEHOLDER.sub("", string):
            return f"translation {string!r} has a lone % (write %% for a percent sign)"
        found = placeholders(string)
        if found not in allowed:
            return (
                f"msgid has {' or '.join(_describe(a) for a in allowed)}, "
                f"translation {string!r} has {_describe(found)}"
            )
    return None


def _problem(
    language: str, reason: str, message: Message, locations: Iterable[Any], detail: str = ""
) -> Problem:
    return Problem(
        language=language,
        reason=reason,
        msgid=tuple(message.id) if isinstance(message.id, list) else message.id,
        context=message.context,
        locations=tuple((str(p), None if n is None else int(n)) for p, n in locations),
        detail=detail,
    )


def _load(language: str, directory: Path | None) -> Catalog:
    path = catalogue_path(language, directory)
    if not path.exists():
        return new_catalogue(language)
    return read_catalogue(path, language)


def untranslated(
    language: str, template: Catalog | None = None, directory: Path | None = None
) -> list[Problem]:
    """Messages of the code that ``language``'s catalogue lacks, leaves empty or marks fuzzy."""
    template = extract_messages() if template is None else template
    catalog = _load(language, directory)
    problems = []
    for wanted in template:
        if not wanted.id:
            continue
        have = catalog.get(wanted.id, wanted.context)
        if have is None:
            problems.append(_problem(language, "missing", wanted, wanted.locations))
        elif have.fuzzy:
            problems.append(_problem(language, "fuzzy", wanted, wanted.locations))
        elif not is_translated(have):
            problems.append(_problem(language, "untranslated", wanted, wanted.locations))
    return problems


def placeholder_mismatches(
    language: str, template: Catalog | None = None, directory: Path | None = None
) -> list[Problem]:
    """Translations whose ``%(name)s``/``%s`` placeholders differ from their msgid's."""
    template = extract_messages() if template is None else template
    catalog = _load(language, directory)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        detail = _placeholder_problem(message)
        if detail is not None:
            wanted = template.get(message.id, message.context)
            locations = wanted.locations if wanted is not None else message.locations
            problems.append(_problem(language, "placeholders", message, locations, detail))
    return problems


def check_catalogues(
    template: Catalog | None = None,
    langs: Sequence[str] | None = None,
    directory: Path | None = None,
) -> list[Problem]:
    """Every problem in every language; an empty list means the UI is fully translated."""
    template = extract_messages() if template is None else template
    problems: list[Problem] = list(getattr(template, "conflicts", []))
    for language in languages() if langs is None else langs:
        problems += untranslated(language, template, directory)
        problems += placeholder_mismatches(language, template, directory)
    return problems


def message_count(template: Catalog) -> int:
    """How many messages (not counting the header) a catalogue holds."""
    return sum(1 for message in template if message.id)
