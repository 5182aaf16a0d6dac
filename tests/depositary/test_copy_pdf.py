"""The certified copies the depositary makes: PDF/A-2b after signing, accepted by endesive,
titled with the register number once, addressed to each Permanent Representative to the
SCO Secretariat by the state's official name, in the right case in Russian."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.utils import timezone
from pypdf import PdfReader

from secretariat.depositary import services
from secretariat.depositary.models import CertifiedCopy
from secretariat.registry.reference import reference
from secretariat.signing.addressees import RU_GENITIVE
from secretariat.signing.keys import key_files
from tests.depositary.test_depositary import keys, registered, registry, signing
from tests.signing import pdfa
from tests.signing.test_independent_verifiers import _endesive

pytestmark = pytest.mark.django_db
__all__ = ["keys", "registry", "signing"]  # the fixtures, shared with test_depositary


@pytest.fixture
def made() -> dict[str, tuple[CertifiedCopy, bytes]]:
    original = registered(concerns_rats=True)
    copies = services.copies_make(original=original)
    found = {}
    for copy in copies:
        with copy.pdf.open("rb") as stored:
            found[copy.addressee.code] = (copy, stored.read())
    return found


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_every_signed_copy_is_pdfa_2b(made: dict[str, tuple[CertifiedCopy, bytes]]) -> None:
    assert {code: pdfa.problems(pdf) for code, (_c, pdf) in made.items()} == {
        code: [] for code in made
    }


def test_endesive_accepts_a_copy_the_depositary_made(
    made: dict[str, tuple[CertifiedCopy, bytes]], keys: Path, tmp_path: Path
) -> None:
    _copy, pdf = made["kz"]

    result = _endesive(pdf, key_files(keys).root_cert, tmp_path)

    assert result == {"hash": True, "signature": True, "certificate": True, "whole_file": True}


def test_the_title_holds_the_register_number_once(
    made: dict[str, tuple[CertifiedCopy, bytes]],
) -> None:
    copy, pdf = made["kz"]
    register_number = copy.original.register_number
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        title = str(doc.docinfo["/Title"])
        xmp_title = pdfa.xmp_values(doc)["{http://purl.org/dc/elements/1.1/}title"]

    assert title.endswith(f"— certified copy {register_number}/KZ")
    assert title.count(register_number) == 1
    assert xmp_title == title


def test_the_addressee_is_the_permanent_representative_named_properly(
    made: dict[str, tuple[CertifiedCopy, bytes]],
) -> None:
    russia = _text(made["ru"][1])
    kazakhstan = _text(made["kz"][1])
    rats = _text(made["rats"][1])

    assert "Постоянному представителю Российской Федерации при Секретариате ШОС" in russia
    assert "俄罗斯联邦常驻上海合作组织秘书处代表" in russia.replace(" ", "")
    assert "The Permanent Representative of the Russian Federation to the SCO Secretariat" in (
        russia
    )
    assert "Постоянному представителю Республики Казахстан при Секретариате ШОС" in kazakhstan
    assert "(Россия)" not in russia
    assert "Исполнительному комитету Региональной антитеррористической структуры ШОС" in rats


def test_every_member_state_has_its_name_in_the_russian_genitive(registry: Any) -> None:
    members = reference().members_on(timezone.localdate())

    assert members
    assert {code.upper() for code in members} <= set(RU_GENITIVE)
