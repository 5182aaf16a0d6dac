"""A meeting's subject in the reader's language (``core.translated`` holds the mechanism)."""

from __future__ import annotations

from typing import Any

from secretariat.core.translated import InLanguage, translated, translated_data
from secretariat.procedure.text import Lang


def subject_in(meeting: Any, wanted: Lang) -> InLanguage | None:
    """The meeting's subject for a reader of ``wanted``, or None when it has none."""
    return translated(meeting, "subject", wanted)


def subject_data(meeting: Any, wanted: Lang) -> dict[str, Any] | None:
    """The subject as the API gives it (``core.translated.translated_data``)."""
    return translated_data(meeting, "subject", wanted)
