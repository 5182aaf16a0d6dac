"""The depositary on the object store: the original's scan and every certified copy go to the
bucket, a copy comes back only to its addressee and the depositary and verifies (our verifier
and poppler's pdfsig), and the signing key stays where the hosts mount it, never in the bucket."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from secretariat.depositary import services
from secretariat.depositary.models import CertifiedCopy, Original, RegisterEntry
from secretariat.signing.keys import keys_init
from tests.depositary.test_depositary import scan_pdf
from tests.factories.accounts import user_get_or_create as user
from tests.factories.decisions import adopted_document
from tests.factories.registry import registry_with_delegations
from tests.signing.conftest import use_keys
from tests.storage.conftest import Store

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(scope="module")
def mounted_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The signing key as each host sees it: a secret folder mounted read-only (mode 0500,
    files 0400), apart from the file store (docs/storage.md, "Signing keys")."""
    directory = tmp_path_factory.mktemp("mounted-keys") / "keys"
    files = keys_init(directory)
    for path in files.paths():
        path.chmod(0o400)
    directory.chmod(0o500)
    return directory


@pytest.fixture(autouse=True)
def signing(settings: Any, mounted_keys: Path) -> None:
    use_keys(settings, keys_init(mounted_keys))


def _fingerprint(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_mode, p.read_bytes())
        for p in sorted(directory.iterdir())
    }


def _registered() -> Original:
    return services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate() - dt.timedelta(days=1),
        scan=scan_pdf(),
        scan_name="original.pdf",
        storage_location="Strongroom A, shelf 3",
    )


def test_certified_copies_are_signed_into_the_bucket_and_verify_after_the_access_check(
    store: Store, mounted_keys: Path, tmp_path: Path
) -> None:
    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.fail("poppler's pdfsig is missing: run .ci/ensure-packages (make test does)")
    keys_before = _fingerprint(mounted_keys)

    original = _registered()
    copies = services.copies_make(original=original)

    # The scan and every copy are objects of the bucket; nothing is on disk.
    names = store.objects()
    assert str(original.scan.name) in names
    assert {str(c.pdf.name) for c in copies} <= set(names)
    assert len(names) == len(copies) + 1
    assert all(n.startswith("depositary/") for n in names)
    assert store.files_on_disk() == []
    # Its addressee takes its copy through the API: the bucket's bytes, which verify.
    copy = next(c for c in copies if c.addressee.code == "kz")
    addressee = Client()
    addressee.force_login(user("coordinator-kz", "national_coordinator", "kz"))
    answer = addressee.get(f"/api/depositary/copies/{copy.pk}/pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content == store.get(str(copy.pdf.name))
    result = services.copy_verify(answer.content)
    assert result.valid, result.reasons
    assert result.copy is not None
    assert result.copy.pk == copy.pk
    downloaded = tmp_path / "copy.pdf"
    downloaded.write_bytes(answer.content)
    checked = subprocess.run(  # noqa: S603  # a fixed tool on a file we wrote
        [pdfsig, "-nocert", str(downloaded)], capture_output=True, text=True, check=False
    )
    assert "Signature is Valid" in checked.stdout, checked.stdout + checked.stderr
    # Another member state's coordinator does not get it, from the bucket or elsewhere.
    other = Client()
    other.force_login(user("coordinator-ru", "national_coordinator", "ru"))
    assert other.get(f"/api/depositary/copies/{copy.pk}/pdf").status_code == 404
    # The key was read where it is mounted, untouched, and none of it went to the bucket.
    assert _fingerprint(mounted_keys) == keys_before
    secrets = [p.read_bytes().strip() for p in mounted_keys.iterdir()]
    for name in names:
        data = store.get(name)
        assert not any(secret in data for secret in secrets), name
        assert not name.endswith((".p12", ".pem", ".passphrase", ".key"))


def test_an_unreachable_store_leaves_no_copy_and_no_register_line(
    store: Store, settings: Any
) -> None:
    original = _registered()
    lines = RegisterEntry.objects.count()
    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "endpoint_url": "http://127.0.0.1:9", "max_attempts": 1},
        },
    }
    officer = user("depositary", "secretariat_depositary", "sco-secretariat")
    officer.language = "ru"
    officer.save(update_fields=["language"])
    client = Client()
    client.force_login(officer)

    page = client.post(f"/ru/depositary/{original.pk}/copies/")

    assert page.status_code == 503
    text = page.content.decode()
    assert "Хранилище файлов недоступно" in text
    assert "Traceback" not in text
    assert not CertifiedCopy.objects.filter(original=original).exists()
    assert RegisterEntry.objects.count() == lines
