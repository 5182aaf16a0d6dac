"""The production server (gunicorn, one sync worker) answers eight 200 MB uploads to the
public check at once, each refused before its body is read: before the limit, eight such
uploads occupied every worker for minutes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.real_time

MB = 1024 * 1024
#: The start of a well-formed multipart body: a PDF file follows (its first 64 KB are sent).
PART_HEAD = (
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="copy.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    env = {
        **os.environ,
        "SECRETARIAT_VAR_DIR": str(tmp_path),
        # The refusal reads no table: an empty database is enough.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "SECRETARIAT_RATELIMIT": "0",
    }
    server = subprocess.Popen(  # noqa: S603 - our own server, no shell
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--timeout",
            "120",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _upload(port: int) -> tuple[bytes, float]:
    head = (
        "POST /api/depositary/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {200 * MB}\r\nAccept-Language: ru\r\n\r\n"
    ).encode()
    started = time.monotonic()
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head + PART_HEAD + b"0" * 65536)
        while chunk := sock.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


def test_eight_200_mb_uploads_at_once_are_refused_fast_by_one_worker(gunicorn: int) -> None:
    _upload(gunicorn)  # the worker's first request loads the application
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: _upload(gunicorn), range(8)))
    elapsed = time.monotonic() - started

    for answer, _ in answers:
        assert answer.startswith(b"HTTP/1.1 413")
        assert b"upload_too_large" in answer
    assert elapsed < 5, f"eight refusals took {elapsed:.2f} s"
