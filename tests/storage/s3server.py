"""A real S3-compatible server for the storage tests: moto's server mode (Flask over HTTP),
started as a separate process on a free port, talked to over the network by boto3 exactly as
a MinIO or AWS endpoint would be. Nothing in the application process is patched."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


#: Any key works with moto; a real store would have its own.
ACCESS_KEY = "secretariat-test"
SECRET_KEY = "secretariat-test-secret"  # noqa: S105  # a throwaway key of the local test server
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self) -> str:
        """A fresh, empty, private bucket (no ACL, no policy: nothing is public)."""
        name = f"secretariat-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def get(self, bucket: str, key: str) -> bytes:
        body: bytes = self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        return body


def storage_options(server_endpoint: str, bucket: str, **more: Any) -> dict[str, Any]:
    """settings.STORAGES["default"] for the object store, as config/settings.py builds it."""
    return {
        "BACKEND": "secretariat.core.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": server_endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            **more,
        },
    }


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """``python -m moto.server`` on a free port of 127.0.0.1, until the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    # Its log (a line per request) goes to a file: a pipe nobody reads would fill and stall it.
    log = tempfile.TemporaryFile()  # noqa: SIM115  # closed in the finally below
    process = subprocess.Popen(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                err = log.read().decode(errors="replace")
                raise RuntimeError(f"the S3 test server stopped at start: {err}")
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("the S3 test server did not answer in 30 s") from None
                time.sleep(0.1)
        yield S3Server(endpoint)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
