"""Formats of the Russian pages that differ from Django's (see web/formats/__init__.py)."""

# ISO first: a form's date field is written with the first of these, and an
# <input type="date"> takes only YYYY-MM-DD (with another value it comes up empty). The
# language's own forms are still read when typed into a plain text field.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
