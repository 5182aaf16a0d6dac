"""The development keys, the configured signer and trust roots, and why they can fail."""

from __future__ import annotations

import datetime as dt
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import call_command

from secretariat.signing.errors import (
    SigningKeyExpiredError,
    SigningKeyMissingError,
    SigningKeysIncompleteError,
    SigningKeyUnreadableError,
    TrustRootsUnavailableError,
)
from secretariat.signing.keys import (
    KeyFiles,
    configured_signer,
    configured_trust_roots,
    keys_init,
    load_pkcs12_signer,
)
from secretariat.signing.sign import sign_pdf
from secretariat.signing.verify import verify_pdf
from tests.clock import FROZEN_AT
from tests.signing.conftest import use_keys, write_pkcs12

#: The suite's frozen instant: read at import, before the clock is frozen, the real one would
#: drift from the time the keys are checked at.
NOW = FROZEN_AT.astimezone(dt.UTC)


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_keys_init_makes_a_development_root_and_a_signer_it_issued(keys: KeyFiles) -> None:
    root = _cert(keys.root_cert)
    signer = _cert(keys.signer_cert)

    assert keys.created
    assert "SCO Secretariat Development Root" in root.subject.rfc4514_string()
    assert root.subject == root.issuer
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert signer.issuer == root.subject
    signer.verify_directly_issued_by(root)
    usage = signer.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment  # nonRepudiation
    assert not signer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    years = (signer.not_valid_after_utc - signer.not_valid_before_utc).days / 365
    assert 2 <= years <= 3.01


def test_the_pkcs12_file_and_its_passphrase_are_readable_by_their_owner_only(
    keys: KeyFiles,
) -> None:
    for secret in (keys.pkcs12, keys.passphrase):
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(keys.passphrase.read_text().strip()) >= 32


def test_keys_init_again_says_so_and_changes_nothing(keys: KeyFiles) -> None:
    before = {p: p.read_bytes() for p in keys.paths()}

    again = keys_init(keys.directory)

    assert not again.created
    assert {p: p.read_bytes() for p in again.paths()} == before


def test_keys_init_with_force_makes_a_new_set(tmp_path: Path) -> None:
    first = keys_init(tmp_path)
    old_root = first.root_cert.read_bytes()

    second = keys_init(tmp_path, force=True)

    assert second.created
    assert second.root_cert.read_bytes() != old_root
    assert stat.S_IMODE(second.passphrase.stat().st_mode) == 0o600


def test_keys_init_refuses_a_set_with_files_missing(tmp_path: Path) -> None:
    files = keys_init(tmp_path)
    files.root_cert.unlink()

    with pytest.raises(SigningKeysIncompleteError) as refused:
        keys_init(tmp_path)

    assert refused.value.code == "signing_keys_incomplete"
    assert not files.root_cert.exists()


def test_the_keys_command_prints_what_it_made_then_that_nothing_changed(tmp_path: Path) -> None:
    made, again = StringIO(), StringIO()

    call_command("keys", "init", "--dir", str(tmp_path), stdout=made)
    call_command("keys", "init", "--dir", str(tmp_path), stdout=again)

    assert f"made development signing keys in {tmp_path}" in made.getvalue()
    assert "SCO Secretariat Development Root" in made.getvalue()
    assert "signer.p12" in made.getvalue()
    assert "nothing changed" in again.getvalue()


def test_the_configured_signer_signs_what_the_configured_roots_verify(
    settings: Any, keys: KeyFiles, unsigned_copy: bytes
) -> None:
    use_keys(settings, keys)

    signed = sign_pdf(unsigned_copy, configured_signer())

    assert verify_pdf(signed, configured_trust_roots()).code == "valid"


def test_a_missing_key_file_is_signing_key_missing(settings: Any, keys: KeyFiles) -> None:
    use_keys(settings, keys)
    settings.SIGNING_PKCS12 = keys.directory / "nowhere.p12"

    with pytest.raises(SigningKeyMissingError) as refused:
        configured_signer()

    assert refused.value.code == "signing_key_missing"
    assert refused.value.status == 503
    assert refused.value.path == keys.directory / "nowhere.p12"


def test_a_missing_passphrase_file_is_signing_key_missing(settings: Any, keys: KeyFiles) -> None:
    use_keys(settings, keys)
    settings.SIGNING_PASSPHRASE_FILE = keys.directory / "nowhere.passphrase"

    with pytest.raises(SigningKeyMissingError):
        configured_signer()


def test_a_wrong_passphrase_is_signing_key_unreadable(settings: Any, keys: KeyFiles) -> None:
    use_keys(settings, keys)
    settings.SIGNING_PASSPHRASE = "not the passphrase"  # noqa: S105  # wrong on purpose

    with pytest.raises(SigningKeyUnreadableError) as refused:
        configured_signer()

    assert refused.value.code == "signing_key_unreadable"


def test_a_damaged_key_file_is_signing_key_unreadable(tmp_path: Path) -> None:
    damaged = tmp_path / "signer.p12"
    damaged.write_bytes(b"not a PKCS#12 file")

    with pytest.raises(SigningKeyUnreadableError):
        load_pkcs12_signer(damaged, "whatever")


def test_an_expired_certificate_is_signing_key_expired(tmp_path: Path) -> None:
    p12 = tmp_path / "expired.p12"
    _root, passphrase = write_pkcs12(
        p12, not_before=NOW - dt.timedelta(days=800), not_after=NOW - dt.timedelta(days=1)
    )

    with pytest.raises(SigningKeyExpiredError) as refused:
        load_pkcs12_signer(p12, passphrase)

    assert refused.value.code == "signing_key_expired"
    assert refused.value.status == 503


def test_a_certificate_not_yet_valid_is_signing_key_expired(tmp_path: Path) -> None:
    p12 = tmp_path / "future.p12"
    _root, passphrase = write_pkcs12(
        p12, not_before=NOW + dt.timedelta(days=3), not_after=NOW + dt.timedelta(days=800)
    )

    with pytest.raises(SigningKeyExpiredError):
        load_pkcs12_signer(p12, passphrase)


def test_configured_trust_roots_are_the_certificates_in_the_pem_files(
    settings: Any, keys: KeyFiles
) -> None:
    use_keys(settings, keys)

    roots = configured_trust_roots()

    assert [r.dump() for r in roots] == [_cert(keys.root_cert).public_bytes(Encoding.DER)]


def test_a_missing_trust_root_file_is_refused(settings: Any, keys: KeyFiles) -> None:
    settings.SIGNING_TRUST_ROOTS = [keys.directory / "nowhere.pem"]

    with pytest.raises(TrustRootsUnavailableError) as refused:
        configured_trust_roots()

    assert refused.value.code == "signing_trust_roots_unavailable"
