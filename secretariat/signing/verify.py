"""Verify a certified copy: is it the Secretariat's signature, over exactly these bytes?

``verify_pdf`` answers with a ``SignatureCheck``: a stable ``code``, the reason in English,
Russian and Chinese, who signed and when (as the signature says), the register and copy
numbers read from the signed metadata, and the file's SHA-256. It decides in this order:

1. ``not_a_pdf``: the data is not a PDF; ``damaged``: it says it is, but cannot be read.
2. ``not_signed``: no signature; ``modified_after_signing`` at once if there are two.
3. ``altered``: a signed byte changed (the digest or the signature does not match), or a
   byte of the signature's own slot that the signature cannot protect changed (see
   ``_unsigned_parts_are_exact``).
4. ``modified_after_signing``: bytes were added after the signature (an incremental update:
   an annotation, a form fill). A certified copy admits none.
5. ``not_certified``: a valid signature, but not a certification that forbids every change.
6. ``expired_signer``, ``revoked_signer``, ``untrusted_signer``: the signer's certificate
   was outside its validity now, revoked, or does not chain to a configured trust root.
7. ``valid``.

pyHanko validates the signature with a ValidationContext that never fetches anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

# asn1crypto (pyHanko's certificate and CMS types) ships no type information.
from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from secretariat.procedure.text import Text
from secretariat.signing.copies import KEYWORD_PREFIX

logger = logging.getLogger(__name__)

#: Why a copy is or is not a valid certified copy, by code, in the three languages.
REASONS: dict[str, Text] = {
    "valid": Text(
        en="The signature is valid: the Secretariat certified this copy and it has not "
        "changed since.",
        ru="Подпись действительна: копия заверена Секретариатом и с тех пор не изменялась.",
        zh="签名有效：本副本经秘书处核证，此后未被改动。",
    ),
    "not_a_pdf": Text(
        en="The file is not a PDF document.",
        ru="Файл не является документом PDF.",
        zh="该文件不是PDF文件。",
    ),
    "damaged": Text(
        en="The file claims to be a PDF but cannot be read: it is damaged or was altered.",
        ru="Файл выдаёт себя за PDF, но не читается: он повреждён или изменён.",
        zh="该文件自称为PDF，但无法读取：文件已损坏或被改动。",
    ),
    "not_signed": Text(
        en="The file carries no electronic signature.",
        ru="Файл не содержит электронной подписи.",
        zh="该文件没有电子签名。",
    ),
    "altered": Text(
        en="The file was altered after it was signed: the signature does not match its content.",
        ru="Файл изменён после подписания: подпись не соответствует его содержимому.",
        zh="该文件在签名后被改动：签名与文件内容不符。",
    ),
    "modified_after_signing": Text(
        en="Something was added to the file after it was signed (for example an annotation); "
        "a certified copy admits no change.",
        ru="После подписания в файл было что-то добавлено (например, примечание); "
        "заверенная копия не допускает изменений.",
        zh="该文件在签名后被添加了内容（例如批注）；核证副本不允许任何改动。",
    ),
    "not_certified": Text(
        en="The signature is not a certification of the document that forbids all changes, "
        "as certified copies carry.",
        ru="Подпись не является заверяющей подписью, запрещающей любые изменения, "
        "какой подписываются заверенные копии.",
        zh="该签名不是核证副本所使用的、禁止任何改动的核证签名。",
    ),
    "expired_signer": Text(
        en="The signer's certificate has expired or is not yet valid.",
        ru="Срок действия сертификата подписавшего истёк или ещё не наступил.",
        zh="签名人的证书已过期或尚未生效。",
    ),
    "revoked_signer": Text(
        en="The signer's certificate has been revoked.",
        ru="Сертификат подписавшего отозван.",
        zh="签名人的证书已被吊销。",
    ),
    "untrusted_signer": Text(
        en="The signer's certificate was not issued under the Secretariat's trust root.",
        ru="Сертификат подписавшего выдан не в рамках корневого сертификата Секретариата.",
        zh="签名人的证书并非由秘书处根证书签发。",
    ),
}
_EXPIRED = {
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
}
_REVOKED = {AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}


@dataclass(frozen=True, slots=True)
class CopyNumbers:
    """The numbers a certified copy carries in its signed metadata ("" when absent)."""

    register_number: str = ""
    copy_number: str = ""
    document_number: str = ""


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """What the verifier decided about one file, and the facts it used."""

    valid: bool
    code: str
    #: The decision in English, Russian and Chinese.
    reason: Text
    #: SHA-256 (hex) of the file as given.
    sha256: str
    #: The signer certificate's subject, e.g. "Common Name: ..., Organization: ...".
    signer_subject: str = ""
    #: When the signer says it signed (its own clock: no timestamp authority is used).
    signed_at: dt.datetime | None = None
    #: Read from the signed revision's metadata, so covered by the signature.
    register_number: str = ""
    copy_number: str = ""
    document_number: str = ""


def _check(
    code: str,
    sha256: str,
    numbers: CopyNumbers | None = None,
    *,
    signer_subject: str = "",
    signed_at: dt.datetime | None = None,
) -> SignatureCheck:
    numbers = numbers or CopyNumbers()
    return SignatureCheck(
        valid=code == "valid",
        code=code,
        reason=REASONS[code],
        sha256=sha256,
        signer_subject=signer_subject,
        signed_at=signed_at,
        register_number=numbers.register_number,
        copy_number=numbers.copy_number,
        document_number=numbers.document_number,
    )


def validation_context(trust_roots: Iterable[asn1_x509.Certificate]) -> ValidationContext:
    """A context that trusts only ``trust_roots`` and never goes to the network."""
    return ValidationContext(
        trust_roots=list(trust_roots),
        allow_fetching=False,
        # "soft-fail": revocation information is used where the file or the context
        # carries some, and its absence is no failure. The development root publishes no
        # CRL and nothing may be fetched, so "hard-fail" would refuse any certificate that
        # names a CRL or OCSP address, and "require" every certificate. Trust is withdrawn
        # by taking a root out of SIGNING_TRUST_ROOTS instead (docs/depositary.md).
        revocation_mode="soft-fail",
    )


def verify_pdf(data: bytes, trust_roots: Iterable[asn1_x509.Certificate]) -> SignatureCheck:
    """Check that ``data`` is a certified copy signed under one of ``trust_roots``."""
    sha256 = hashlib.sha256(data).hexdigest()
    # The PDF header may follow a little junk, but must come within the first 1024 bytes.
    if b"%PDF-" not in data[:1024]:
        return _check("not_a_pdf", sha256)
    try:
        reader = PdfFileReader(BytesIO(data))
        signatures = reader.embedded_regular_signatures
    except Exception as exc:
        # Anything may arrive here, and pyHanko's parsers fail in many ways on broken or
        # hostile input (PdfReadError, ValueError from asn1crypto, even AttributeError):
        # the verifier answers "damaged" to all of them rather than fail itself.
        logger.info("verify_pdf: unreadable PDF (%r)", exc)
        return _check("damaged", sha256)
    if not signatures:
        return _check("not_signed", sha256)
    # The certification signature comes first; a later signature is itself a change.
    embedded = signatures[0]
    numbers = _numbers(reader, embedded)
    if len(signatures) > 1:
        return _check("modified_after_signing", sha256, numbers)
    try:
        status = validate_pdf_signature(
            embedded, signer_validation_context=validation_context(trust_roots)
        )
        exact = _unsigned_parts_are_exact(data, embedded, status)
    except Exception as exc:
        # The file reads but its signature does not: a broken signature structure is an
        # alteration (pyHanko raises SignatureValidationError, or whatever its parsers
        # raise on a malformed CMS, e.g. AttributeError on a changed content type).
        logger.info("verify_pdf: the signature cannot be validated (%r)", exc)
        return _check("altered", sha256, numbers)
    code = _decide(embedded, status) if exact else "altered"
    return _check(
        code,
        sha256,
        numbers,
        signer_subject=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )


def _decide(embedded: EmbeddedPdfSignature, status: PdfSignatureStatus) -> str:
    if not (status.intact and status.valid):
        return "altered"
    # Stricter than pyHanko's bottom line, which accepts a revision covered entirely with
    # harmless updates after it: a certified copy is exactly the bytes that were signed.
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return "modified_after_signing"
    if embedded.docmdp_level != MDPPerm.NO_CHANGES:
        return "not_certified"
    if status.revoked or status.trust_problem_indic in _REVOKED:
        return "revoked_signer"
    if status.trust_problem_indic in _EXPIRED:
        return "expired_signer"
    if not status.trusted or not status.bottom_line:
        return "untrusted_signer"
    return "valid"


def _unsigned_parts_are_exact(
    data: bytes, embedded: EmbeddedPdfSignature, status: PdfSignatureStatus
) -> bool:
    """Whether the bytes no signature protects are exactly as a signer writes them.

    A PDF signature's byte range leaves out the ``/Contents <...>`` hex string that holds
    the signature, and within that, the signature covers only its signed attributes. The
    rest could change unseen: hex digits in the other case, the zero padding after the CMS
    structure (pyHanko stops reading at its end), the certificates bundled with it (only
    the signer's is bound to the signature; a changed copy of the root is just ignored),
    the list of digest algorithms (the signer's own entry is the one used) and the version
    numbers, and the lengths that frame them. Each must be exactly what it stands for, and
    the structure strict DER, so a one-byte change anywhere in the file is caught.
    """
    byte_range = [int(x) for x in embedded.byte_range]
    contents = embedded.pkcs7_content
    # The gap is the one hex string, in one case: "<" and ">" included, nothing else.
    gap = data[byte_range[1] : byte_range[2]]
    if gap not in (
        b"<" + contents.hex().encode() + b">",
        b"<" + contents.hex().upper().encode() + b">",
    ):
        return False
    _class, _method, _tag, header, body, trailer = asn1_parser.parse(contents)
    der_length = len(header) + len(body) + len(trailer)
    if contents[der_length:].strip(b"\x00") or not _is_strict_der(contents[:der_length]):
        return False
    signed_data = embedded.signed_data
    signer_info = embedded.signer_info
    # Each part must be the DER it re-encodes to (a changed tag byte may still parse). The
    # bundled certificates are compared byte for byte below instead: re-encoding them
    # costs ten times the rest of the verification.
    parts = (
        signed_data["version"],
        signed_data["digest_algorithms"],
        signed_data["encap_content_info"],
        signer_info,
    )
    for part in parts:
        original = part.dump()
        if part.copy().dump(force=True) != original:
            return False
    # Nothing unsigned besides the certificates: no CRLs bundled, no unsigned attributes
    # (this profile has no timestamp token), as their bytes would be checked by nothing.
    if signed_data["crls"].native or signer_info["unsigned_attrs"].native:
        return False
    # RFC 5652, 5.1 and 5.3: version 1 with an issuer and serial number, else 3.
    by_serial = signer_info["sid"].name == "issuer_and_serial_number"
    expected_version = "v1" if by_serial else "v3"
    if (signer_info["version"].native, signed_data["version"].native) != (
        expected_version,
        expected_version,
    ):
        return False
    algorithms = [a.dump() for a in signed_data["digest_algorithms"]]
    if algorithms != [signer_info["digest_algorithm"].dump()]:
        return False
    path = status.validation_path
    known = {c.dump() for c in path.iter_certs(include_root=True)} if path else set()
    known.add(status.signing_cert.dump())
    bundled = signed_data["certificates"]
    return all(choice.chosen.dump() in known for choice in bundled)


def _is_strict_der(element: bytes) -> bool:
    """Whether ``element`` is one DER element whose every constructed part is filled exactly.

    asn1crypto reads leniently: a SEQUENCE whose length was raised by one swallows a zero of
    the padding and still parses. DER leaves no such room: minimal lengths, no
    end-of-contents markers, children that fill their parent to the byte.
    """
    try:
        _class, method, tag, header, body, trailer = asn1_parser.parse(element, strict=True)
    except ValueError:
        return False
    if trailer or header != _der_header(header[: _tag_length(header)], len(body)):
        return False
    if _class == 0 and tag == 0:  # end-of-contents: only in indefinite lengths, never DER
        return False
    if method == 0:  # primitive: its bytes are checked by what reads them
        return True
    offset = 0
    while offset < len(body):
        try:
            length = asn1_parser.peek(body[offset:])
        except ValueError:
            return False
        if not _is_strict_der(body[offset : offset + length]):
            return False
        offset += length
    return True


def _tag_length(header: bytes) -> int:
    """How many bytes of a DER header are the tag (one, or more for high tag numbers)."""
    if header[0] & 0x1F != 0x1F:
        return 1
    end = 1
    while header[end] & 0x80:
        end += 1
    return end + 1


def _der_header(tag: bytes, length: int) -> bytes:
    """The DER header for ``tag`` and a body of ``length`` bytes (the shortest length form)."""
    if length < 0x80:
        return tag + bytes([length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return tag + bytes([0x80 | len(size)]) + size


def _numbers(reader: PdfFileReader, embedded: EmbeddedPdfSignature) -> CopyNumbers:
    """The register, copy and document numbers in the metadata of the signed revision."""
    try:
        meta = reader.get_historical_resolver(embedded.signed_revision).document_meta_view
        keywords = [str(k).strip() for k in meta.keywords or []]
    except Exception:  # unreadable metadata: the numbers are simply absent
        return CopyNumbers()
    found: dict[str, str] = {}
    for keyword in keywords:
        for name, prefix in KEYWORD_PREFIX.items():
            if keyword.startswith(prefix):
                found[f"{name}_number"] = re.sub(r"\s+", " ", keyword[len(prefix) :]).strip()
    return CopyNumbers(**found)
