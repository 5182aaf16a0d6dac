"""Certified copies are PDF/A-2b, before and after signing, by a check independent of typst.

The check (``tests/signing/pdfa.py``) reads the file with pikepdf (qpdf) and tests it against
the structural requirements of ISO 19005-2 level B; its docstring lists the clauses. The
checker is itself tested here on files that break them.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import noto_cjk_sans_otc
import pikepdf
import typst
from asn1crypto import cms

from secretariat.signing.copies import TEMPLATE, certified_copy_data, render_certified_copy
from tests.signing import pdfa
from tests.signing.conftest import copy_content


def test_the_unsigned_copy_is_pdfa_2b(unsigned_copy: bytes) -> None:
    assert pdfa.problems(unsigned_copy) == []


def test_the_signed_copy_is_still_pdfa_2b(signed_copy: bytes) -> None:
    assert pdfa.problems(signed_copy) == []


def test_a_copy_with_only_one_language_version_is_pdfa_2b_too() -> None:
    only_english = render_certified_copy(copy_content(texts=[("en", True, "Article 1")]))

    assert pdfa.problems(only_english) == []


def test_the_signers_certificate_is_in_the_cms_once(signed_copy: bytes) -> None:
    with pikepdf.open(BytesIO(signed_copy)) as doc:
        contents = bytes(doc.Root.AcroForm.Fields[0].V.Contents)  # load() ignores the padding
    signed = cms.ContentInfo.load(contents)["content"]
    certificates = [c.chosen.dump() for c in signed["certificates"]]

    assert len(certificates) == len(set(certificates))
    sid = signed["signer_infos"][0]["sid"].chosen
    assert [
        c
        for c in signed["certificates"]
        if c.chosen.serial_number == sid["serial_number"].native
        and c.chosen.issuer == sid["issuer"]
    ] != []


def test_the_title_names_the_copy_once_and_info_and_xmp_agree(signed_copy: bytes) -> None:
    with pikepdf.open(BytesIO(signed_copy)) as doc:
        info_title = str(doc.docinfo["/Title"])
        xmp = pdfa.xmp_values(doc)

    assert (
        info_title == "Agreement on Cooperation in Education — certified copy SCO-DEP-2026-0042/3/9"
    )
    assert xmp["{http://purl.org/dc/elements/1.1/}title"] == info_title
    assert info_title.count("SCO-DEP-2026-0042") <= 1


def _typst_without_pdfa() -> bytes:
    data = json.dumps(certified_copy_data(copy_content()), ensure_ascii=False)
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(str(noto_cjk_sans_otc.FONT_PATH)).parent],
        sys_inputs={"data": data},
        ignore_system_fonts=True,
    )
    assert isinstance(pdf, bytes)
    return pdf


def test_the_check_finds_a_plain_pdf_is_not_pdfa() -> None:
    found = pdfa.problems(_typst_without_pdfa())

    assert any(p.startswith("6.2.3: no /GTS_PDFA1") for p in found)
    assert any(p.startswith("6.6.4") for p in found)


def _changed(pdf: bytes, change: str) -> bytes:
    with pikepdf.open(BytesIO(pdf)) as doc:
        if change == "javascript":
            doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        elif change == "title":
            doc.docinfo["/Title"] = "Another title"
        elif change == "encrypt":
            out = BytesIO()
            doc.save(out, encryption=pikepdf.Encryption(owner="o", user=""))
            return out.getvalue()
        elif change == "font":
            for obj in doc.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in obj:
                            del obj[key]
        out = BytesIO()
        doc.save(out)
        return out.getvalue()


def test_the_check_finds_javascript_an_unembedded_font_a_stray_title_and_encryption(
    unsigned_copy: bytes,
) -> None:
    assert any(p.startswith("6.5.1") for p in pdfa.problems(_changed(unsigned_copy, "javascript")))
    assert any(p.startswith("6.2.11.4.1") for p in pdfa.problems(_changed(unsigned_copy, "font")))
    assert any(
        p.startswith("6.6.3: Info /Title") for p in pdfa.problems(_changed(unsigned_copy, "title"))
    )
    assert any(
        p.startswith("6.1.3: the file is encrypted")
        for p in pdfa.problems(_changed(unsigned_copy, "encrypt"))
    )
