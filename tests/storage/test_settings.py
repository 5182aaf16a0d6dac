"""SECRETARIAT_STORAGE and the SECRETARIAT_S3_* variables become STORAGES["default"]: the
local folder unless told otherwise, a bucket with no ACL and secrets read from *_FILE."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as config

S3_VARIABLES = (
    "SECRETARIAT_S3_BUCKET",
    "SECRETARIAT_S3_ENDPOINT_URL",
    "SECRETARIAT_S3_REGION",
    "SECRETARIAT_S3_ACCESS_KEY_ID",
    "SECRETARIAT_S3_ACCESS_KEY_ID_FILE",
    "SECRETARIAT_S3_SECRET_ACCESS_KEY",
    "SECRETARIAT_S3_SECRET_ACCESS_KEY_FILE",
    "SECRETARIAT_S3_PREFIX",
    "SECRETARIAT_S3_ADDRESSING_STYLE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_the_local_folder_is_the_default() -> None:
    assert config._default_storage("local") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert config.SECRETARIAT_STORAGE == "local"


def test_the_object_store_takes_its_bucket_endpoint_and_secrets_from_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "s3-secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("SECRETARIAT_S3_BUCKET", "sco-files")
    monkeypatch.setenv("SECRETARIAT_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("SECRETARIAT_S3_REGION", "cn-east-1")
    monkeypatch.setenv("SECRETARIAT_S3_ACCESS_KEY_ID", "AKID")
    monkeypatch.setenv("SECRETARIAT_S3_SECRET_ACCESS_KEY", "ignored: the file wins")
    monkeypatch.setenv("SECRETARIAT_S3_SECRET_ACCESS_KEY_FILE", str(secret))
    monkeypatch.setenv("SECRETARIAT_S3_PREFIX", "/secretariat/")

    storage = config._default_storage("s3")

    assert storage["BACKEND"] == "secretariat.core.object_storage.ObjectStorage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "sco-files"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "cn-east-1"
    assert options["access_key"] == "AKID"
    assert options["secret_key"] == "s3cr3t"  # noqa: S105  # the test's own file
    assert options["location"] == "secretariat"
    assert options["addressing_style"] == "path"
    # The backend builds from exactly these options, and never sets an ACL or overwrites.
    from secretariat.core.object_storage import ObjectStorage

    backend = ObjectStorage(**options)
    assert backend.default_acl is None
    assert backend.file_overwrite is False
    assert backend.client_config.retries == {"max_attempts": 3, "mode": "standard"}


@pytest.mark.parametrize(("kind", "needs"), [("s3", "SECRETARIAT_S3_BUCKET"), ("nfs", "local")])
def test_an_incomplete_or_unknown_choice_stops_the_start(kind: str, needs: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=needs):
        config._default_storage(kind)
