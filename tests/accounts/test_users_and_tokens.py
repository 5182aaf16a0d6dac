"""Creating users and API tokens: what is refused, with which code, and that nothing is written."""

from __future__ import annotations

import pytest

from secretariat.accounts.models import ApiToken, DelegationKind, User
from secretariat.accounts.services import (
    api_token_create,
    api_token_revoke,
    user_create,
    user_set_language,
)
from secretariat.core.errors import ConflictError, InvalidInputError, NotFoundError
from secretariat.core.tokens import digest_of
from tests.accounts.support import PASSWORD, a_secretariat_officer, a_user, delegation

pytestmark = pytest.mark.django_db
WEAK_PASSWORD = "12345"  # noqa: S105  # refused on purpose


def test_a_user_is_created_in_a_delegation_that_fits_the_role() -> None:
    user = a_user("national_coordinator", language="ru")

    assert User.objects.values_list("delegation__kind", flat=True).get(pk=user.pk) == "member_state"
    assert user.check_password(PASSWORD)
    assert user.language == "ru"
    assert not user.is_staff


def test_a_role_with_admin_access_makes_the_user_staff() -> None:
    assert a_secretariat_officer().is_staff


def test_a_role_that_does_not_fit_the_delegation_is_refused_and_nothing_is_written() -> None:
    partner = delegation(DelegationKind.PARTNER_STATE)
    users_before = User.objects.count()

    with pytest.raises(InvalidInputError) as refused:
        user_create(
            username="intruder",
            password=PASSWORD,
            delegation=partner,
            role="secretary_general",
            language="en",
        )

    assert refused.value.code == "role_not_in_delegation"
    assert "Secretary-General" in refused.value.render()
    assert User.objects.count() == users_before


def test_an_unknown_role_or_delegation_is_refused_with_its_own_code() -> None:
    kz = delegation(DelegationKind.MEMBER_STATE)

    with pytest.raises(InvalidInputError) as unknown_role:
        user_create(username="x", password=PASSWORD, delegation=kz, role="king", language="en")
    with pytest.raises(InvalidInputError) as unknown_delegation:
        user_create(
            username="x", password=PASSWORD, delegation="atlantis", role="expert", language="en"
        )

    assert unknown_role.value.code == "unknown_role"
    assert unknown_delegation.value.code == "unknown_delegation"
    assert not User.objects.filter(username="x").exists()


def test_a_weak_password_is_refused_with_the_validators_messages() -> None:
    with pytest.raises(InvalidInputError) as refused:
        user_create(
            username="weak",
            password=WEAK_PASSWORD,
            delegation=delegation(DelegationKind.MEMBER_STATE),
            role="expert",
            language="en",
        )

    message = refused.value.render()
    assert refused.value.code == "weak_password"
    assert "at least 12 characters" in message
    assert "too common" in message
    assert "entirely numeric" in message
    assert not User.objects.filter(username="weak").exists()


def test_a_taken_username_is_a_conflict_whatever_its_case() -> None:
    a_user("expert", username="expert")

    with pytest.raises(ConflictError) as refused:
        a_user("deputy", username="EXPERT")

    assert refused.value.code == "username_taken"


def test_an_unknown_language_is_refused() -> None:
    user = a_user()

    with pytest.raises(InvalidInputError) as refused:
        user_set_language(user=user, language="fr")

    assert refused.value.code == "unknown_language"
    user.refresh_from_db()
    assert user.language == "en"


def test_a_token_keeps_only_the_digest_of_its_key() -> None:
    token, key = api_token_create(user=a_user(), name="weekly report")

    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("sct_")
    assert stored.digest == digest_of(key)
    assert key not in {stored.digest, stored.prefix, stored.name}
    assert key.startswith(stored.prefix)


def test_a_token_needs_a_name() -> None:
    with pytest.raises(InvalidInputError) as refused:
        api_token_create(user=a_user(), name="   ")

    assert refused.value.code == "token_name_required"
    assert not ApiToken.objects.exists()


def test_a_token_of_another_user_cannot_be_revoked_and_looks_absent() -> None:
    owner, other = a_user(username="owner"), a_user(username="other")
    token, _key = api_token_create(user=owner, name="script")

    with pytest.raises(NotFoundError) as refused:
        api_token_revoke(user=other, token_id=token.pk)

    assert refused.value.status == 404
    token.refresh_from_db()
    assert token.revoked is None


def test_a_revoked_token_cannot_be_revoked_again() -> None:
    user = a_user()
    token, _key = api_token_create(user=user, name="script")
    api_token_revoke(user=user, token_id=token.pk)

    with pytest.raises(NotFoundError):
        api_token_revoke(user=user, token_id=token.pk)
