"""Signing with a key on a PKCS#11 token: SoftHSM standing in for the Secretariat's HSM.

pyHanko's "pkcs11" extra (python-pkcs11) is a dependency, and `make test` installs Debian's
softhsm2 (.ci/ensure-packages); without either these fail rather than skip.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)

from secretariat.signing import keys as signing_keys
from secretariat.signing.errors import SigningKeyMissingError, SigningKeyUnreadableError
from secretariat.signing.keys import KeyFiles, configured_signer
from secretariat.signing.sign import sign_pdf
from secretariat.signing.verify import verify_pdf

SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
SOFTHSM_UTIL = shutil.which("softhsm2-util")
PIN = "2468"
#: Labels of tokens, not secrets (ruff's S105 takes any "token" for one).
TOKEN = "SCO"  # noqa: S105
NO_SUCH_TOKEN = "nowhere"  # noqa: S105


@pytest.fixture(scope="module", autouse=True)
def softhsm_present() -> None:
    """SoftHSM stands in for the HSM; `make test` installs it (.ci/ensure-packages)."""
    if importlib.util.find_spec("pkcs11") is None:
        pytest.fail("python-pkcs11 is missing: `make install` (pyHanko's pkcs11 extra)")
    if SOFTHSM_UTIL is None or not SOFTHSM_MODULE.exists():
        pytest.fail("Debian's softhsm2 is missing: run .ci/ensure-packages (make test does)")


def _softhsm(*args: str) -> None:
    assert SOFTHSM_UTIL is not None
    subprocess.run([SOFTHSM_UTIL, *args], check=True, capture_output=True)  # noqa: S603


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, keys: KeyFiles) -> Iterator[None]:
    """A SoftHSM token "SCO" holding the development signer's key and certificate."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOFTHSM2_CONF", str(conf))
        _softhsm("--init-token", "--free", "--label", TOKEN, "--so-pin", "1357", "--pin", PIN)
        key, cert, _others = pkcs12.load_key_and_certificates(
            keys.pkcs12.read_bytes(), keys.passphrase.read_text().strip().encode()
        )
        assert key is not None
        assert cert is not None
        pem = folder / "key.pem"
        pem.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
        _softhsm(
            "--import",
            str(pem),
            "--token",
            TOKEN,
            "--label",
            "depositary",
            "--id",
            "01",
            "--pin",
            PIN,
        )
        pem.unlink()
        lib = pkcs11.lib(str(SOFTHSM_MODULE))
        with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: "depositary",
                    Attribute.ID: b"\x01",
                    Attribute.VALUE: cert.public_bytes(Encoding.DER),
                    # SoftHSM insists on the subject.
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                }
            )
        yield


@pytest.fixture
def on_token(settings: Any, keys: KeyFiles, token: None) -> Iterator[None]:
    settings.SIGNING_PKCS11_MODULE = str(SOFTHSM_MODULE)
    settings.SIGNING_PKCS11_TOKEN_LABEL = TOKEN
    settings.SIGNING_PKCS11_KEY_LABEL = "depositary"
    settings.SIGNING_PKCS11_PIN = PIN
    yield
    # Closing the session logs out, so the next test logs in afresh.
    for signer in signing_keys._PKCS11_SIGNERS.values():
        signer.pkcs11_session.close()  # type: ignore[attr-defined]
    signing_keys._PKCS11_SIGNERS.clear()


def test_a_key_on_a_pkcs11_token_signs_a_copy_the_root_verifies(
    on_token: None, unsigned_copy: bytes, roots: list[Any]
) -> None:
    signer = configured_signer()

    check = verify_pdf(sign_pdf(unsigned_copy, signer), roots)

    assert check.code == "valid"
    assert configured_signer() is signer  # one login per process


def test_a_wrong_token_pin_is_signing_key_unreadable(on_token: None, settings: Any) -> None:
    settings.SIGNING_PKCS11_PIN = "0000"

    with pytest.raises(SigningKeyUnreadableError):
        configured_signer()


def test_a_token_label_no_token_has_is_signing_key_missing(on_token: None, settings: Any) -> None:
    settings.SIGNING_PKCS11_TOKEN_LABEL = NO_SUCH_TOKEN

    with pytest.raises(SigningKeyMissingError):
        configured_signer()


def test_a_key_label_the_token_lacks_is_signing_key_missing(on_token: None, settings: Any) -> None:
    settings.SIGNING_PKCS11_KEY_LABEL = "nobody"

    with pytest.raises(SigningKeyMissingError):
        configured_signer()


def test_a_copy_signed_on_the_token_holds_each_certificate_once_and_stays_pdfa(
    on_token: None, unsigned_copy: bytes
) -> None:
    from io import BytesIO

    import pikepdf
    from asn1crypto import cms

    from tests.signing import pdfa

    signed = sign_pdf(unsigned_copy, configured_signer())
    with pikepdf.open(BytesIO(signed)) as doc:
        contents = bytes(doc.Root.AcroForm.Fields[0].V.Contents)  # load() ignores the padding
    certificates = [
        c.chosen.dump() for c in cms.ContentInfo.load(contents)["content"]["certificates"]
    ]

    assert len(certificates) == len(set(certificates))
    assert pdfa.problems(signed) == []
