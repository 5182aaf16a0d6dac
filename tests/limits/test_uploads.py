"""Upload sizes: the public check of a certified copy refuses a large body before reading it.

Before the limit, a 200 MB upload to /api/depositary/verify was read whole (113 s of a
server thread, without logging in).
"""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secretariat.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "limitsboundary"


class CountingBody:
    """A request body of ``size`` bytes made up as it is read, which counts what was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()
        self.head = head

    def _take(self, size: int) -> bytes:
        size = self.size - self.read_bytes if size is None or size < 0 else size
        size = min(size, self.size - self.read_bytes)
        start = self.read_bytes
        self.read_bytes += size
        chunk = bytearray(b"0" * size)
        overlap = self.head[start : start + size]
        chunk[: len(overlap)] = overlap
        return bytes(chunk)

    def read(self, size: int = -1) -> bytes:
        return self._take(size)

    def readline(self, size: int = -1) -> bytes:
        return self._take(min(size if size and size > 0 else 65536, 65536))


def _post_huge(client: Client, path: str, size: int, **headers: Any) -> tuple[Any, CountingBody]:
    body = CountingBody(size)
    response = client.generic(
        "POST",
        path,
        b"",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
        **headers,
    )
    return response, body


def test_a_200_mb_body_to_the_public_check_is_refused_unread_in_the_api(client: Client) -> None:
    response, body = _post_huge(
        client, "/api/depositary/verify", 200 * MB, HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert "200,0\xa0МБ" in response.json()["message"]  # the size, in Russian
    assert body.read_bytes == 0  # not even the limit's worth: nothing at all


def test_a_200_mb_body_to_the_public_check_page_is_refused_on_the_sites_error_page(
    client: Client,
) -> None:
    response, body = _post_huge(client, "/zh-hans/depositary/verify/", 200 * MB)

    assert response.status_code == 413
    page = response.content.decode()
    assert "upload_too_large" in page
    assert "200.0" in page
    assert "<nav" in page
    assert body.read_bytes == 0


def test_a_body_past_the_general_limit_is_refused_anywhere(client: Client, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1 * MB

    response, body = _post_huge(client, "/api/documents/", 3 * MB)

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert body.read_bytes == 0


def test_a_copy_just_past_the_verify_limit_is_refused_with_its_name(
    client: Client, settings: Any
) -> None:
    settings.VERIFY_UPLOAD_MAX_BYTES = 100 * 1024
    settings.UPLOAD_MAX_BYTES_BY_VIEW = {"api:depositary_verify": 100 * 1024}
    file = SimpleUploadedFile("copy.pdf", b"%PDF-1.7\n" + b"0" * 120 * 1024, "application/pdf")

    response = client.post("/api/depositary/verify", {"file": file})

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert "copy.pdf" in response.json()["message"]


def test_an_anonymous_large_upload_leaves_no_audit_entry(client: Client) -> None:
    before = AuditEntry.objects.count()

    response, _ = _post_huge(client, "/api/depositary/verify", 50 * MB)

    assert response.status_code == 413
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_a_live_server_answers_a_200_mb_upload_at_once(live_server: Any) -> None:
    """A real HTTP request: the headers and the first 64 KB are sent, and the refusal comes
    back without the server waiting for the other 199.9 MB."""
    host, port = live_server.url.removeprefix("http://").split(":")
    head = (
        f"POST /api/depositary/verify HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {200 * MB}\r\nAccept-Language: en\r\n\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + CountingBody(65536).read(65536))
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    elapsed = time.monotonic() - started

    assert answer.startswith(b"HTTP/1.1 413")
    assert b'"code": "upload_too_large"' in answer
    assert elapsed < 5, f"the refusal took {elapsed:.2f} s"  # milliseconds when idle
