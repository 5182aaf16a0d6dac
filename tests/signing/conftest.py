"""Keys, a copy and its signed bytes, made once per module with the real tools."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from secretariat.signing.copies import CopyContent, render_certified_copy
from secretariat.signing.keys import KeyFiles, keys_init, load_pkcs12_signer, load_trust_roots
from secretariat.signing.sign import sign_pdf

ADDRESSEE = {
    "en": "The Permanent Representative of the Republic of Kazakhstan to the SCO Secretariat",
    "ru": "Постоянному представителю Республики Казахстан при Секретариате ШОС",
    "zh": "哈萨克斯坦共和国常驻上海合作组织秘书处代表",
}


def copy_content(**changes: Any) -> CopyContent:
    """A certified copy of an agreement with its Russian, Chinese and English texts."""
    values: dict[str, Any] = {
        "register_number": "SCO-DEP-2026-0042",
        "copy_number": "3/9",
        "document_number": "DS-2026-07",
        "document_title": {
            "en": "Agreement on Cooperation in Education",
            "ru": "Соглашение о сотрудничестве в области образования",
            "zh": "教育合作协定",
        },
        "document_type": {"en": "Agreement", "ru": "соглашение", "zh": "协定"},
        "adopted_on": dt.date(2026, 6, 15),
        "body_name": {
            "en": "Council of Heads of State",
            "ru": "Совет глав государств-членов",
            "zh": "成员国元首理事会",
        },
        "addressee": ADDRESSEE,
        "certified_on": dt.date(2026, 6, 20),
        "original_sha256": hashlib.sha256(b"the original as deposited").hexdigest(),
        "texts": [
            ("ru", True, "Статья 1\n\nСтороны развивают сотрудничество в области образования."),
            ("zh", True, "第一条\n\n各方发展教育领域的合作。"),
            ("en", False, "Article 1\n\nThe Parties develop cooperation in education."),
        ],
    }
    values.update(changes)
    return CopyContent(**values)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeyFiles:
    return keys_init(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signer(keys: KeyFiles) -> Any:
    return load_pkcs12_signer(keys.pkcs12, keys.passphrase.read_text().strip())


@pytest.fixture(scope="module")
def roots(keys: KeyFiles) -> list[Any]:
    return list(load_trust_roots([keys.root_cert]))


@pytest.fixture(scope="module")
def unsigned_copy() -> bytes:
    return render_certified_copy(copy_content())


@pytest.fixture(scope="module")
def signed_copy(unsigned_copy: bytes, signer: Any) -> bytes:
    return sign_pdf(unsigned_copy, signer)


def name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def write_pkcs12(
    path: Path,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    passphrase: bytes = b"correct horse",
) -> tuple[Path, bytes]:
    """A root and a signer it issued for the given validity, as PEM root and PKCS#12 signer.

    Elliptic-curve keys: they are made in microseconds, and these certificates are only for
    a test's own checks, not for other PDF readers.
    """
    root_key = ec.generate_private_key(ec.SECP256R1())
    signer_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(name("Test Root"))
        .issuer_name(name("Test Root"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("Test Signer"))
        .issuer_name(root.subject)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
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
        .sign(root_key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=b"test",
            key=signer_key,
            cert=cert,
            cas=[root],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        )
    )
    root_pem = path.with_suffix(".root.pem")
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return root_pem, passphrase


def use_keys(settings: Any, files: KeyFiles) -> None:
    """Point the signing settings at the PKCS#12 key and root of ``files`` (no token)."""
    settings.SIGNING_PKCS11_MODULE = ""
    settings.SIGNING_PKCS12 = files.pkcs12
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_PASSPHRASE_FILE = files.passphrase
    settings.SIGNING_TRUST_ROOTS = [files.root_cert]
