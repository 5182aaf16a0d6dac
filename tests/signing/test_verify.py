"""Signing a certified copy and verifying it: with pyHanko, and with poppler's pdfsig."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import SimpleSigner
from pypdf import PdfWriter

from secretariat.signing.keys import keys_init, load_pkcs12_signer, load_trust_roots
from secretariat.signing.sign import FIELD_NAME, sign_pdf
from secretariat.signing.verify import verify_pdf
from tests.signing.conftest import write_pkcs12

PDFSIG = shutil.which("pdfsig")


@pytest.fixture
def pdfsig_present() -> None:
    """pdfsig is the independent verifier; `make test` installs it (.ci/ensure-packages)."""
    if PDFSIG is None:
        pytest.fail("poppler's pdfsig is missing: run .ci/ensure-packages (make test does)")


needs_pdfsig = pytest.mark.usefixtures("pdfsig_present")


def _pdfsig(pdf: bytes, tmp_path: Path) -> str:
    """What poppler's pdfsig says about the file; -nocert: it has no copy of our root."""
    assert PDFSIG is not None
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603  # a fixed program on a file this test wrote
        [PDFSIG, "-nocert", str(path)], capture_output=True, text=True, check=False
    )
    return done.stdout


def _flip(pdf: bytes, position: int) -> bytes:
    """The file with one byte changed at ``position``, staying a hex digit in a hex string."""
    changed = bytearray(pdf)
    old = changed[position]
    if chr(old) in "0123456789ABCDEFabcdef":
        changed[position] = ord("1") if old == ord("0") else ord("0")
    else:
        changed[position] = old ^ 0x01
    return bytes(changed)


def _signature_slot(pdf: bytes) -> tuple[int, int]:
    """Where the hex digits of the signature are: between ``/Contents <`` and ``>``."""
    start = pdf.index(b"/Contents <") + len(b"/Contents <")
    return start, pdf.index(b">", start)


def test_a_signed_copy_is_valid_with_its_register_and_copy_numbers(
    signed_copy: bytes, roots: list[Any]
) -> None:
    check = verify_pdf(signed_copy, roots)

    assert check.valid
    assert check.code == "valid"
    assert check.register_number == "SCO-DEP-2026-0042"
    assert check.copy_number == "3/9"
    assert check.document_number == "DS-2026-07"
    assert "SCO Secretariat Depositary (development)" in check.signer_subject
    assert check.signed_at is not None
    assert abs(check.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert check.sha256 == hashlib.sha256(signed_copy).hexdigest()
    assert check.reason["ru"].startswith("Подпись действительна")
    assert check.reason["zh"].startswith("签名有效")


def test_the_signature_is_a_pades_certification_that_allows_no_change(
    signed_copy: bytes,
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm

    signature = PdfFileReader(BytesIO(signed_copy)).embedded_signatures[0]

    assert signature.field_name == FIELD_NAME
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.docmdp_level == MDPPerm.NO_CHANGES


@needs_pdfsig
def test_pdfsig_finds_the_signature_valid_over_the_whole_document(
    signed_copy: bytes, tmp_path: Path
) -> None:
    said = _pdfsig(signed_copy, tmp_path)

    assert "Signature Validation: Signature is Valid." in said
    assert "Total document signed" in said
    assert "SCO Secretariat Depositary (development)" in said


@needs_pdfsig
def test_a_one_byte_change_in_the_signed_bytes_is_caught(
    signed_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    changed = _flip(signed_copy, 2000)  # inside a page's content stream

    assert verify_pdf(changed, roots).code == "altered"
    # pdfsig catches this one too: "Signature Validation: Digest Mismatch."
    assert "Digest Mismatch" in _pdfsig(changed, tmp_path)


@needs_pdfsig
def test_a_one_byte_change_in_the_signature_padding_is_caught_which_pdfsig_misses(
    signed_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    start, _end = _signature_slot(signed_copy)
    padding = signed_copy.index(b"0" * 64, start) + 32
    changed = _flip(signed_copy, padding)

    assert verify_pdf(changed, roots).code == "altered"
    # pdfsig reads the signature up to its end and ignores the zeros after it: for this
    # file it still says "Signature Validation: Signature is Valid."
    assert "Signature is Valid" in _pdfsig(changed, tmp_path)


@needs_pdfsig
def test_a_one_byte_change_in_the_root_certificate_bundled_in_the_signature_is_caught(
    signed_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    # The CMS structure bundles the root after the signer's certificate; pyHanko trusts
    # the configured root instead, so a changed bundled copy alters nothing it checks.
    root_der = roots[0].dump().hex().upper().encode()
    start, _end = _signature_slot(signed_copy)
    inside_root = signed_copy.index(root_der[:64], start) + 600
    changed = _flip(signed_copy, inside_root)

    assert verify_pdf(changed, roots).code == "altered"
    # pdfsig says "Signature is Valid." here too.
    assert "Signature is Valid" in _pdfsig(changed, tmp_path)


def test_a_one_byte_change_anywhere_is_caught(signed_copy: bytes, roots: list[Any]) -> None:
    start, end = _signature_slot(signed_copy)
    byte_range = signed_copy.index(b"/ByteRange") + len(b"/ByteRange [") + 3
    positions = {
        0,
        7,  # the PDF version in the header
        byte_range,
        start - 1,  # "<"
        start,
        start + 40,  # the CMS structure's version numbers and digest algorithms
        end - 1,
        end,  # ">"
        len(signed_copy) - 2,  # in %%EOF
        *range(101, len(signed_copy), 4999),
    }
    for position in sorted(positions):
        check = verify_pdf(_flip(signed_copy, position), roots)
        assert not check.valid, f"a change at byte {position} went unnoticed"


def test_a_hex_digit_of_the_signature_in_the_other_case_is_caught(
    signed_copy: bytes, roots: list[Any]
) -> None:
    start, end = _signature_slot(signed_copy)
    digit = next(i for i in range(start, end) if signed_copy[i : i + 1] in b"ABCDEF")
    changed = bytearray(signed_copy)
    changed[digit] = ord(chr(changed[digit]).lower())

    assert verify_pdf(bytes(changed), roots).code == "altered"


def _annotated(pdf: bytes) -> bytes:
    """The signed file with a text note added on page 1 by an incremental update."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (50, 700, 70, 720)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("Not a true copy"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_pdfsig
def test_an_annotation_added_after_signing_is_caught(
    signed_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    annotated = _annotated(signed_copy)

    assert annotated.startswith(signed_copy)
    check = verify_pdf(annotated, roots)
    assert check.code == "modified_after_signing"
    assert check.register_number == "SCO-DEP-2026-0042"
    # pdfsig still finds the signature itself valid, and only notes "Not total document
    # signed": it does not judge whether the update is allowed.
    said = _pdfsig(annotated, tmp_path)
    assert "Signature is Valid" in said
    assert "Not total document signed" in said


def test_an_annotation_added_with_pypdf_in_incremental_mode_is_caught(
    signed_copy: bytes, roots: list[Any]
) -> None:
    from pypdf.annotations import FreeText

    writer = PdfWriter(BytesIO(signed_copy), incremental=True)
    writer.add_annotation(0, FreeText(text="Void", rect=(50, 550, 200, 650)))
    out = BytesIO()
    writer.write(out)

    assert verify_pdf(out.getvalue(), roots).code == "modified_after_signing"


def test_a_copy_signed_by_a_key_the_root_did_not_issue_is_untrusted(
    unsigned_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    stranger = keys_init(tmp_path / "stranger")
    signer = load_pkcs12_signer(stranger.pkcs12, stranger.passphrase.read_text().strip())

    check = verify_pdf(sign_pdf(unsigned_copy, signer), roots)

    assert check.code == "untrusted_signer"
    assert not check.valid
    # Its own root would have trusted it: the refusal is about the root, nothing else.
    own_root = list(load_trust_roots([stranger.root_cert]))
    assert verify_pdf(sign_pdf(unsigned_copy, signer), own_root).code == "valid"


def test_a_copy_whose_signer_certificate_has_expired_is_expired_signer(
    unsigned_copy: bytes, tmp_path: Path
) -> None:
    now = dt.datetime.now(dt.UTC)
    p12 = tmp_path / "expired.p12"
    root, passphrase = write_pkcs12(
        p12, not_before=now - dt.timedelta(days=800), not_after=now - dt.timedelta(days=1)
    )
    # Built directly with pyHanko: load_pkcs12_signer refuses to sign with it at all.
    signer = SimpleSigner.load_pkcs12_data(p12.read_bytes(), [], passphrase=passphrase)

    check = verify_pdf(sign_pdf(unsigned_copy, signer), list(load_trust_roots([root])))

    assert check.code == "expired_signer"


def test_an_approval_signature_instead_of_a_certification_is_refused(
    unsigned_copy: bytes, signer: Any, roots: list[Any]
) -> None:
    meta = signers.PdfSignatureMetadata(field_name="Approval", subfilter=SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(BytesIO(unsigned_copy))
    approved = signers.sign_pdf(writer, meta, signer=signer).getvalue()

    assert verify_pdf(approved, roots).code == "not_certified"


def test_a_certified_copy_cannot_be_signed_again(signed_copy: bytes, signer: Any) -> None:
    # pyHanko refuses: a certification must be the first signature. A signature added by
    # another tool is an incremental update, refused like the notes above.
    with pytest.raises(SigningError, match="first signature"):
        sign_pdf(signed_copy, signer, field_name="Second")


def test_bytes_that_are_not_a_pdf_are_not_a_pdf(roots: list[Any]) -> None:
    check = verify_pdf(b"PK\x03\x04 a zip file, not a PDF", roots)

    assert check.code == "not_a_pdf"
    assert not check.valid
    assert check.reason["en"] == "The file is not a PDF document."


def test_an_unsigned_pdf_is_not_signed(unsigned_copy: bytes, roots: list[Any]) -> None:
    check = verify_pdf(unsigned_copy, roots)

    assert check.code == "not_signed"
    assert check.sha256 == hashlib.sha256(unsigned_copy).hexdigest()


def test_a_truncated_signed_copy_is_damaged(signed_copy: bytes, roots: list[Any]) -> None:
    assert verify_pdf(signed_copy[: len(signed_copy) // 2], roots).code == "damaged"


def test_signing_something_that_is_not_a_pdf_is_refused(signer: Any) -> None:
    with pytest.raises(ValueError, match="not a PDF"):
        sign_pdf(b"hello", signer)
