"""Sign a PDF as the Secretariat: a PAdES certification signature that allows no changes.

The profile: PAdES baseline B-B (``/SubFilter /ETSI.CAdES.detached``), a certification
(DocMDP) signature with permission level 1 (no changes at all), invisible, made with
pyHanko. No timestamp server and no revocation information is fetched: nothing goes over
the network, so the signing time in the signature is the Secretariat's own clock.
"""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, Signer
from pyhanko.sign.signers import sign_pdf as pyhanko_sign_pdf

#: The signature field's name, also how the verifier tells our signature from others.
FIELD_NAME = "SCOSecretariatCertification"
DEFAULT_REASON = "Certified true copy / Копия верна / 经核证无误的副本"
DEFAULT_LOCATION = "Beijing"
DEFAULT_CONTACT = "SCO Secretariat, depositary"


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    reason: str = DEFAULT_REASON,
    location: str = DEFAULT_LOCATION,
    contact_info: str = DEFAULT_CONTACT,
    field_name: str = FIELD_NAME,
) -> bytes:
    """Certify ``pdf`` with ``signer``: the signed bytes, which admit no later change."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("not a PDF: the data does not start with %PDF-")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
    except PdfError as exc:
        raise ValueError(f"not a readable PDF: {exc}") from exc
    meta = PdfSignatureMetadata(
        field_name=field_name,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        contact_info=contact_info,
        # Nothing to embed and nothing to fetch: no OCSP, no CRL, no timestamp.
        embed_validation_info=False,
    )
    output = pyhanko_sign_pdf(writer, meta, signer=signer)
    return bytes(output.getbuffer())
