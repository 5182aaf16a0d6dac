"""A form refused by the CSRF check: the site's page in the reader's language, not Django's
developer page (which told a Russian user to set DEBUG=True)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("/ru", "Форма устарела"), ("/zh-hans", "表单已失效"), ("", "The form has expired")],
)
def test_a_form_without_its_token_gets_the_sites_page_in_the_readers_language(
    prefix: str, expected: str
) -> None:
    client = Client(enforce_csrf_checks=True)

    answer = client.post(f"{prefix}/depositary/verify/", {})

    assert answer.status_code == 403
    page = answer.content.decode()
    assert expected in page
    assert "csrf_failed" in page
    assert "DEBUG" not in page
    assert "<nav" in page or "<header" in page  # the site's layout
