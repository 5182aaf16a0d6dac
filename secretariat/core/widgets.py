"""Form widgets every app's forms use, so a field behaves the same in every language."""

from __future__ import annotations

from django import forms

#: The value an ``<input type="date">`` carries: the HTML standard accepts only ISO 8601
#: (YYYY-MM-DD) whatever the reader's language; the browser shows it in the reader's format.
ISO_DATE = "%Y-%m-%d"
#: The same for ``<input type="datetime-local">``.
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """A browser's date picker, its value in ISO whatever the active language.

    Django's DateInput writes the value in the active language's first input format
    (Russian 06.12.2026, Chinese 2026/12/06): a date input ignores such a value and comes up
    empty, and a required one then blocks its form."""

    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser's date-and-time picker, its value in ISO whatever the active language."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)
