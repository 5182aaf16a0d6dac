"""The public check answers an anonymous caller in the language it asks for (Accept-Language):
the reason was English for a Russian caller (a live re-check of issue 16)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfWriter

from tests.depositary.test_depositary import keys, signing

__all__ = ["keys", "signing"]  # the fixtures: the Secretariat's keys and trust root

pytestmark = pytest.mark.django_db


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("accept", "word"), [("ru", "подпис"), ("zh-hans", "签名")])
def test_an_anonymous_callers_reason_is_in_the_language_it_asks_for(accept: str, word: str) -> None:
    upload = io.BytesIO(_blank_pdf())
    upload.name = "copy.pdf"

    answer = Client().post("/api/depositary/verify", {"file": upload}, HTTP_ACCEPT_LANGUAGE=accept)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["valid"] is False
    assert body["reason"] == body["reasons"][accept.split("-")[0]]
    assert word in body["reason"]
