"""A message's link opens the page in the reader's language: from the inbox's "Open" button
and from the start page's "What changed" (the link is kept as the English pages have it)."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.notifications.models import InboxMessage
from tests.factories.notifications import a_person

pytestmark = pytest.mark.django_db


# Unprefixed too: the reader's profile says Russian, so the page is answered in Russian
# (web.language, issue 17) and the link opens there as well.
@pytest.mark.parametrize(("prefix", "expected"), [("/ru", "/ru/rules/"), ("", "/ru/rules/")])
def test_opening_a_message_goes_to_its_page_in_the_readers_language(
    prefix: str, expected: str
) -> None:
    reader = a_person("olga", language="ru")
    reader.role = "national_coordinator"
    reader.save()
    message = InboxMessage.objects.create(user=reader, subject="S", body="B", link="/rules/")
    client = Client()
    client.force_login(reader)

    response = client.post(f"{prefix}/inbox/{message.pk}/read/", {"open": "1"})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_start_page_links_a_message_in_the_readers_language() -> None:
    reader = a_person("wei", language="zh-hans")
    reader.role = "national_coordinator"
    reader.save()
    InboxMessage.objects.create(user=reader, subject="已分发", body="B", link="/rules/")
    client = Client()
    client.force_login(reader)

    page = client.get("/zh-hans/work/").content.decode()

    assert 'href="/zh-hans/rules/"' in page
