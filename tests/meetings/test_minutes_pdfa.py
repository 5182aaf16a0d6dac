"""The minutes are PDF/A-2b in all three language parts, as the text the parts sign and as
signed, by the pikepdf check of ISO 19005-2 that is independent of typst (tests/signing/pdfa.py)."""

from __future__ import annotations

import pytest

from secretariat.meetings.minutes_pdf import minutes_pdf
from tests.signing import pdfa

from .test_minutes import adopted_and_signed, delegations, registry

pytestmark = pytest.mark.django_db
__all__ = ["delegations", "registry"]  # the module's fixtures, shared with test_minutes


def test_the_minutes_as_signed_and_as_concluded_are_pdfa_2b() -> None:
    meeting = adopted_and_signed()

    signed = minutes_pdf(meeting)
    concluded = minutes_pdf(meeting, signed=False)

    assert pdfa.problems(signed) == []
    assert pdfa.problems(concluded) == []
    # One part per language: the Russian, Chinese and English texts are all in the file.
    text = " ".join(pdfa.text_of(signed).split())
    assert "Протокол" in text
    assert "会议纪要" in text
    assert "Minutes" in text
