"""``Content-Disposition`` for every download, built with Django's own helper.

``django.utils.http.content_disposition_header`` quotes ASCII names and gives any other name
as RFC 5987 ``filename*=utf-8''...``, so a quote, a semicolon, Cyrillic or Chinese in an
uploaded file's name comes back exactly. Line breaks, which no header may hold, become
spaces first.
"""

from __future__ import annotations

from django.utils.http import content_disposition_header


def _one_line(name: str) -> str:
    return " ".join(name.splitlines()).strip() or "download"


def attachment(name: str) -> str:
    """The header to save the file as ``name``."""
    return str(content_disposition_header(True, _one_line(name)))


def inline(name: str) -> str:
    """The header to show the file in the browser, saved as ``name`` if kept."""
    return str(content_disposition_header(False, _one_line(name)))
