"""Sign a PDF as the Secretariat: a PAdES certification signature that allows no changes.

The profile: PAdES baseline B-B (``/SubFilter /ETSI.CAdES.detached``), a certification
(DocMDP) signature with permission level 1 (no changes at all), invisible, made with
pyHanko. No timestamp server and no revocation information is fetched: nothing goes over
the network, so the signing time in the signature is the Secretariat's own clock.

The CMS holds each certificate once: pyHanko adds the signer's certificate to those of the
signer's registry, so a registry that already holds it (as the PKCS#12 signer's did) put it
in twice, which endesive refuses ("Multiple signer certificates with the same serial");
``sign_pdf`` hands pyHanko a registry without it, whatever the signer.
The signature is an incremental update, so a PDF/A-2b file stays PDF/A-2b: pyHanko writes
the modification date and producer to the Info dictionary and the XMP metadata alike.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, Signer
from pyhanko.sign.signers import sign_pdf as pyhanko_sign_pdf
from pyhanko_certvalidator.registry import SimpleCertificateStore

#: The signature field's name, also how the verifier tells our signature from others.
FIELD_NAME = "SCOSecretariatCertification"
DEFAULT_REASON = "Certified true copy / Копия верна / 经核证无误的副本"
DEFAULT_LOCATION = "Beijing"
DEFAULT_CONTACT = "SCO Secretariat, depositary"


class _EachCertificateOnce(Signer):
    """``signer`` whose registry leaves out the signer's own certificate (pyHanko adds it)."""

    def __init__(self, signer: Signer) -> None:
        cert = signer.signing_cert
        assert cert is not None  # noqa: S101  # every signer here has its certificate
        own = cert.dump()
        seen = {own}
        others = []
        for other in signer.cert_registry:
            if other.dump() not in seen:
                seen.add(other.dump())
                others.append(other)
        super().__init__(
            signing_cert=cert,
            # pyhanko-certvalidator leaves this constructor unannotated.
            cert_registry=SimpleCertificateStore.from_certs(others),  # type: ignore[no-untyped-call]
            embed_roots=signer.embed_roots,
            prefer_pss=signer.prefer_pss,
            signature_mechanism=signer.signature_mechanism,
        )
        self._signer = signer

    def get_signature_mechanism_for_digest(self, digest_algorithm: str | None) -> Any:
        return self._signer.get_signature_mechanism_for_digest(digest_algorithm)

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        return await self._signer.async_sign_raw(data, digest_algorithm, dry_run)


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
    output = pyhanko_sign_pdf(writer, meta, signer=_EachCertificateOnce(signer))
    return bytes(output.getbuffer())
