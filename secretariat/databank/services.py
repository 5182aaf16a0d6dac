"""Writes of the databank: import a text file as a source and its passages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.databank.models import Passage, Source, SourceKind
from secretariat.databank.seeds import SEED_CATALOGUE, SeedEntry, seed_paths
from secretariat.databank.splitting import language_of, plain, split
from secretariat.registry.models import Body
from secretariat.texts.extract import extract_text, upload_max_bytes

#: Plain text, read as UTF-8 and split by its own layout (articles, lines, sections).
TEXT_SUFFIXES = (".txt", ".md")
#: Office and PDF files, read by the same extractor as uploaded drafts (secretariat.texts).
EXTRACTED_SUFFIXES = (".docx", ".odt", ".pdf")
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES + EXTRACTED_SUFFIXES


class SourceFileMissingError(NotFoundError):
    code = "databank_file_missing"


class SourceFileTypeError(InvalidInputError):
    code = "databank_file_type"


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: Source
    #: "created", "replaced" or "unchanged".
    outcome: str
    passages: int


def source_import(
    *, path: Path, entry: SeedEntry | None = None, is_public: bool = True
) -> ImportResult:
    """Import one text file; an unchanged file (same code and SHA-256) changes nothing."""
    source_file_check(path=path)
    raw = path.read_bytes()
    text = _text_of(path, raw)
    code = path.stem
    entry = entry or SEED_CATALOGUE.get(code)
    sha256 = hashlib.sha256(raw).hexdigest()
    pieces = split(text)
    with transaction.atomic():
        existing = Source.objects.select_for_update().filter(code=code).first()
        if existing is not None and existing.sha256 == sha256:
            _bodies_link(existing, entry)
            return ImportResult(existing, "unchanged", existing.passages.count())
        source = existing or Source(code=code)
        source.title = entry.title if entry else _title_of(text, code)
        source.kind = entry.kind if entry else SourceKind.BRIEF
        source.language = language_of(text)
        source.sha256 = sha256
        source.size = len(raw)
        source.imported_at = timezone.now()
        source.is_public = is_public
        source.save()
        if existing is not None:
            # One by one, not queryset.delete(): the audit log records each passage removed.
            for passage in existing.passages.all():
                passage.delete()
        # Saved one by one, not bulk_create: the audit handlers record each row written.
        for piece in pieces:
            Passage.objects.create(
                source=source,
                number=piece.number,
                label=piece.label,
                heading=piece.heading,
                text=piece.text,
                language=piece.language,
            )
        _bodies_link(source, entry)
    return ImportResult(source, "replaced" if existing else "created", len(pieces))


def _text_of(path: Path, raw: bytes) -> str:
    if path.suffix.lower() in EXTRACTED_SUFFIXES:
        # The extractor refuses an empty, corrupt, encrypted or image-only file with its
        # own codes (upload_*), before anything is written.
        return extract_text(raw, path.name, max_bytes=max(len(raw), upload_max_bytes())).text
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFileTypeError(
            _("%(name)s cannot be imported: it is not UTF-8 text."), name=path.name
        ) from exc


def source_file_check(*, path: Path) -> None:
    """Refuse a path that is not an existing file of a type the importer reads."""
    if not path.is_file():
        raise SourceFileMissingError(_("There is no file at %(path)s."), path=str(path))
    if path.suffix.lower() not in IMPORTABLE_SUFFIXES:
        raise SourceFileTypeError(
            _("%(name)s cannot be imported: only .txt, .md, .docx, .odt and .pdf files can be."),
            name=path.name,
        )


def sources_import(
    *, paths: Iterable[Path], progress: Callable[[int, Path], None] | None = None
) -> list[ImportResult]:
    """Import several files, each in its own transaction, reporting progress after each."""
    paths = list(paths)
    # Refuse a mistyped path before importing anything, rather than after half the files.
    for path in paths:
        source_file_check(path=path)
    results = []
    for done, path in enumerate(paths, start=1):
        results.append(source_import(path=path))
        if progress:
            progress(done, path)
    return results


def seeds_import(*, progress: Callable[[int, Path], None] | None = None) -> list[ImportResult]:
    """Import the project's own copy of the seed texts."""
    return sources_import(paths=seed_paths(), progress=progress)


def _bodies_link(source: Source, entry: SeedEntry | None) -> None:
    # Bodies not yet in the registry (loaded later) are linked on the next import.
    if entry is None:
        return
    wanted = list(Body.objects.filter(code__in=entry.bodies))
    if {b.pk for b in wanted} != set(source.bodies.values_list("pk", flat=True)):
        source.bodies.set(wanted)


def _title_of(text: str, code: str) -> str:
    for line in text.splitlines():
        title = plain(line.lstrip("#"))
        if title:
            return title[:500]
    return code
