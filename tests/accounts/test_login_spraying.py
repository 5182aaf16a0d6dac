"""Password spraying: one password tried over many usernames from one address is slowed
too, not only many passwords on one username (issue 16)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.support import PASSWORD, a_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lockouts_left_behind")]
LOGIN = "/accounts/login/"
SPRAYER = "10.6.6.6"


def spray(client: Client, count: int, prefix: str = "/") -> list[int]:
    """One common password over ``count`` usernames, each tried once."""
    return [
        client.post(
            f"{prefix}accounts/login/".replace("//", "/"),
            {"username": f"someone-{n}", "password": "Summer-2026-password"},
        ).status_code
        for n in range(count)
    ]


def test_spraying_one_password_over_30_usernames_from_one_address_is_locked() -> None:
    victim = a_user()
    sprayer = Client(REMOTE_ADDR=SPRAYER)

    statuses = spray(sprayer, 30)
    # The right password of a real user, from the same address, is refused as well.
    after = sprayer.post(LOGIN, {"username": victim.username, "password": PASSWORD})

    limit = settings.SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert limit < 30
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit:]) == {429}
    assert after.status_code == 429
    assert "_auth_user_id" not in sprayer.session


def test_a_user_from_another_address_is_unaffected_by_a_sprayer() -> None:
    victim = a_user()
    spray(Client(REMOTE_ADDR=SPRAYER), 30)
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")

    response = elsewhere.post(LOGIN, {"username": victim.username, "password": PASSWORD})

    assert response.status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(victim.pk)


def test_a_few_mistakes_over_several_usernames_are_not_locked() -> None:
    victim = a_user()
    client = Client(REMOTE_ADDR="10.0.0.3")
    spray(client, settings.AXES_FAILURE_LIMIT)  # more usernames than one username's limit

    response = client.post(LOGIN, {"username": victim.username, "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("prefix", "lang", "wording"),
    [
        ("/", "en", "from your address"),
        ("/ru/", "ru", "с вашего адреса"),
        ("/zh-hans/", "zh-hans", "您的地址"),
    ],
)
def test_the_address_lockout_page_is_in_the_users_language(
    prefix: str, lang: str, wording: str
) -> None:
    client = Client(REMOTE_ADDR=SPRAYER)

    spray(client, 30, prefix)
    response = client.post(
        f"{prefix}accounts/login/", {"username": "yet-another", "password": "x-password-1"}
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{lang}">' in page
    assert wording in page
    # Not the per-username wording: the lock is on the address, whatever the username.
    assert "yet-another" not in page
