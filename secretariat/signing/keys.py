"""The Secretariat's signing key and trust roots: a development set, and the configured ones.

``keys_init`` makes a development trust root ("SCO Secretariat Development Root") and a
signing certificate it issued, as PEM certificates and a PKCS#12 file with its passphrase
beside it. Production keys come from elsewhere (the Secretariat's own CA, a hardware token);
``configured_signer`` and ``configured_trust_roots`` load whatever the settings name.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.general import SigningError as PdfSigningError
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from secretariat.signing.errors import (
    SigningKeyExpiredError,
    SigningKeyMissingError,
    SigningKeysIncompleteError,
    SigningKeyUnreadableError,
    SigningTokenUnavailableError,
    TrustRootsUnavailableError,
)

ROOT_CERT = "root.pem"
SIGNER_CERT = "signer.pem"
SIGNER_PKCS12 = "signer.p12"
SIGNER_PASSPHRASE = "signer.passphrase"  # noqa: S105  # a file name, not a passphrase

ROOT_NAME = "SCO Secretariat Development Root"
SIGNER_NAME = "SCO Secretariat Depositary (development)"
ORGANISATION = "Shanghai Cooperation Organisation Secretariat"
#: The development root outlives every signing certificate it issues.
ROOT_YEARS = 10
SIGNER_YEARS = 3
#: RSA is what every PDF reader verifies (poppler, Acrobat, pyHanko); 3072 bits is NIST's
#: floor for keys used beyond 2030.
RSA_BITS = 3072


@dataclass(frozen=True, slots=True)
class KeyFiles:
    """Where the development keys are, and whether this call made them."""

    directory: Path
    root_cert: Path
    signer_cert: Path
    pkcs12: Path
    passphrase: Path
    #: False when the files were already there and nothing was changed.
    created: bool

    def paths(self) -> tuple[Path, ...]:
        return (self.root_cert, self.signer_cert, self.pkcs12, self.passphrase)


def key_files(directory: Path, *, created: bool = False) -> KeyFiles:
    """The files ``keys_init`` writes in ``directory`` (they may not exist yet)."""
    return KeyFiles(
        directory=directory,
        root_cert=directory / ROOT_CERT,
        signer_cert=directory / SIGNER_CERT,
        pkcs12=directory / SIGNER_PKCS12,
        passphrase=directory / SIGNER_PASSPHRASE,
        created=created,
    )


def keys_init(directory: Path, *, force: bool = False) -> KeyFiles:
    """Make a development root and a signing certificate it issued, unless they exist."""
    files = key_files(directory)
    present = [p for p in files.paths() if p.exists()]
    if not force and len(present) == len(files.paths()):
        return files
    if not force and present:
        raise SigningKeysIncompleteError(path=present[0])

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    root = _root_certificate(root_key, now)
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    signer = _signer_certificate(signer_key, root, root_key, now)
    passphrase = secrets.token_urlsafe(32)
    bundle = pkcs12.serialize_key_and_certificates(
        name=SIGNER_NAME.encode(),
        key=signer_key,
        cert=signer,
        cas=[root],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The root's private key is not kept: a development root that can never issue another
    # certificate cannot be misused to mint one. A new signer means a new root (--force).
    _write(files.root_cert, root.public_bytes(serialization.Encoding.PEM), private=False)
    _write(files.signer_cert, signer.public_bytes(serialization.Encoding.PEM), private=False)
    _write(files.pkcs12, bundle, private=True)
    _write(files.passphrase, passphrase.encode() + b"\n", private=True)
    return key_files(directory, created=True)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        ]
    )


def _years_after(moment: dt.datetime, years: int) -> dt.datetime:
    # 365 days a year is close enough for a validity period, and never hits 29 February.
    return moment + dt.timedelta(days=365 * years)


def _root_certificate(key: rsa.RSAPrivateKey, now: dt.datetime) -> x509.Certificate:
    name = _name(ROOT_NAME)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(_years_after(now, ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signer_certificate(
    key: rsa.RSAPrivateKey,
    root: x509.Certificate,
    root_key: rsa.RSAPrivateKey,
    now: dt.datetime,
) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_NAME))
        .issuer_name(root.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        # A few minutes' grace, so a copy signed right after ``keys init`` on a machine
        # whose clock is slightly behind the verifier's is not "not yet valid".
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(_years_after(now, SIGNER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation: pyHanko's validator requires it
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Write ``data`` to ``path``; a private file is created readable by its owner only."""
    mode = 0o600 if private else 0o644
    # os.open with the mode, not write-then-chmod: the secret is never readable by others,
    # not even for an instant.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    path.chmod(mode)  # an existing file (--force) keeps its old mode through os.open


def load_pkcs12_signer(
    pkcs12_file: Path,
    passphrase: str | bytes | None,
    *,
    now: dt.datetime | None = None,
) -> Signer:
    """A pyHanko signer from a PKCS#12 file, refusing a certificate outside its validity."""
    try:
        data = pkcs12_file.read_bytes()
    except FileNotFoundError:
        raise SigningKeyMissingError(path=pkcs12_file) from None
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, secret or None)
    except ValueError:
        # cryptography says "invalid password or PKCS12 data" for both: one code for both.
        raise SigningKeyUnreadableError(path=pkcs12_file) from None
    if key is None or cert is None:
        raise SigningKeyUnreadableError(path=pkcs12_file)
    _check_validity(cert, now=now, path=pkcs12_file)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningKeyUnreadableError(path=pkcs12_file)
    return LoadedKeySigner(key, _asn1(cert), [_asn1(c) for c in others])


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The certificate in pyHanko's (asn1crypto) type."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class LoadedKeySigner(Signer):
    """A pyHanko signer holding its private key parsed once, for RSA and EC keys.

    pyHanko's own ``SimpleSigner`` parses its key again for every signature, and for RSA
    cryptography then re-checks the key: 120 ms of a 3072-bit key's time, twice per
    signed PDF (a trial signature sizes the slot for the real one).
    """

    def __init__(
        self,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
        cert: asn1_x509.Certificate,
        others: Sequence[asn1_x509.Certificate] = (),
    ) -> None:
        # pyhanko-certvalidator leaves this constructor unannotated.
        registry = SimpleCertificateStore.from_certs([cert, *others])  # type: ignore[no-untyped-call]
        super().__init__(signing_cert=cert, cert_registry=registry)
        self._key = key

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        """Sign ``data`` with the key: RSA PKCS#1 v1.5, or ECDSA."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey) and mechanism == "rsassa_pkcs1v15":
            return self._key.sign(data, padding.PKCS1v15(), digest)
        if isinstance(self._key, ec.EllipticCurvePrivateKey) and mechanism == "ecdsa":
            return self._key.sign(data, ec.ECDSA(digest))
        raise PdfSigningError(f"signature mechanism {mechanism} is not supported here")


def _check_validity(
    cert: x509.Certificate, *, now: dt.datetime | None, path: Path | str | None
) -> None:
    moment = now or dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
        raise SigningKeyExpiredError(path=path)


def configured_signer(*, now: dt.datetime | None = None) -> Signer:
    """The Secretariat's signer as the settings configure it: a PKCS#12 file or a token."""
    from django.conf import settings

    module = getattr(settings, "SIGNING_PKCS11_MODULE", "") or ""
    if module:
        return _pkcs11_signer(
            module=module,
            token_label=getattr(settings, "SIGNING_PKCS11_TOKEN_LABEL", "") or None,
            key_label=getattr(settings, "SIGNING_PKCS11_KEY_LABEL", "") or None,
            pin=getattr(settings, "SIGNING_PKCS11_PIN", "") or None,
            now=now,
        )
    pkcs12_file = Path(settings.SIGNING_PKCS12)
    passphrase: str | None = settings.SIGNING_PASSPHRASE or None
    if passphrase is None:
        # Read when needed, not when the settings load: ``keys init`` may have just written
        # it in this very process.
        passphrase_file = Path(settings.SIGNING_PASSPHRASE_FILE)
        try:
            passphrase = passphrase_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise SigningKeyMissingError(path=passphrase_file) from None
    return load_pkcs12_signer(pkcs12_file, passphrase, now=now)


#: One PKCS#11 signer per token and key in a process: a token accepts one login per
#: application, so a second session would be refused ("user already logged in").
_PKCS11_SIGNERS: dict[tuple[str, str | None, str | None], Signer] = {}


def _pkcs11_signer(
    *,
    module: str,
    token_label: str | None,
    key_label: str | None,
    pin: str | None,
    now: dt.datetime | None,
) -> Signer:
    """A signer whose key stays on a PKCS#11 token (an HSM, a smart card, SoftHSM)."""
    try:
        from pkcs11 import exceptions as token_errors  # type: ignore[import-not-found,unused-ignore]
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError:
        # python-pkcs11 is pyHanko's "pkcs11" extra, not a dependency of this project.
        raise SigningTokenUnavailableError(path=module) from None
    if not Path(module).exists():
        raise SigningKeyMissingError(path=module)
    key = (module, token_label, key_label)
    signer = _PKCS11_SIGNERS.get(key)
    if signer is None:
        try:
            session = open_pkcs11_session(
                module, token_criteria=TokenCriteria(label=token_label), user_pin=pin
            )
        except (token_errors.PinIncorrect, token_errors.PinLenRange, token_errors.PinLocked):
            raise SigningKeyUnreadableError(path=module) from None
        except token_errors.PKCS11Error:
            # pyHanko says so with this base class when no token has the label.
            raise SigningKeyMissingError(path=module) from None
        signer = PKCS11Signer(session, key_label=key_label, cert_label=key_label)
        try:
            cert: Any = signer.signing_cert  # read from the token now, not at the first copy
        except token_errors.PKCS11Error:
            session.close()
            raise SigningKeyMissingError(path=module) from None
        _PKCS11_SIGNERS[key] = signer
    cert = signer.signing_cert
    _check_validity(x509.load_der_x509_certificate(cert.dump()), now=now, path=module)
    return signer


def configured_trust_roots() -> list[asn1_x509.Certificate]:
    """The certificates a certified copy's signature must chain to, from the settings."""
    from django.conf import settings

    paths: Sequence[str | Path] = settings.SIGNING_TRUST_ROOTS
    if not paths:
        raise TrustRootsUnavailableError()
    return list(load_trust_roots(Path(p) for p in paths))


def load_trust_roots(paths: Iterator[Path] | Sequence[Path]) -> Iterator[asn1_x509.Certificate]:
    """Every certificate in the given PEM (or DER) files, in pyHanko's certificate type."""
    for path in paths:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise TrustRootsUnavailableError(path=path) from None
        try:
            certs = (
                x509.load_pem_x509_certificates(data)
                if b"-----BEGIN" in data
                else [x509.load_der_x509_certificate(data)]
            )
        except ValueError:
            raise TrustRootsUnavailableError(path=path) from None
        yield from (_asn1(cert) for cert in certs)
