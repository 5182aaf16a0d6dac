"""Writes of the accounts app: delegations, users, API tokens and two-factor devices.

Each service runs in one transaction and refuses bad input with a ``SecretariatError``
(a stable code and a message in the user's language) before anything is written. The
audit app records every write through model signals; the actor is the request's user or,
in a command, the ``acting_as`` block around the call.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.accounts.demo import DEMO_USERS
from secretariat.accounts.models import ApiToken, Delegation, DelegationKind, Language, User
from secretariat.core.access import API_TOKEN_MARKER, require, second_factor_required
from secretariat.core.errors import ConflictError, InvalidInputError, NotFoundError
from secretariat.core.lang import current_lang
from secretariat.core.policy import PUBLIC, policy
from secretariat.core.tokens import new_secret, revoke_all
from secretariat.registry import selectors as registry
from secretariat.registry.models import Body, BodyKind, InternationalOrganisation, State

#: Registry bodies that are delegations of their own: (delegation code, kind, body code).
BODY_DELEGATIONS = (
    ("sco-secretariat", DelegationKind.SCO_SECRETARIAT, "secretariat"),
    ("bc-secretariat", DelegationKind.BC_SECRETARIAT, "bc_secretariat"),
    ("rats", DelegationKind.RATS, "rats"),
)
#: A user keeps at most this many API tokens that are not revoked; old ones must go first.
MAX_ACTIVE_TOKENS = 20
#: How many of its first characters an API token shows on the profile page.
API_TOKEN_PREFIX_LENGTH = 12
#: Actions a token reads with, besides every ``*.view``: the default scope of a new token.
READ_ACTIONS = frozenset(
    {"account.use", "audit.history", "audit.all", "confidential.all", "notifications.log"}
)
#: The name of the authenticator device a user enrols on the two-factor page.
TOTP_DEVICE_NAME = "Authenticator app"


# --- delegations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DelegationSpec:
    """What a delegation should look like, as derived from the registry."""

    code: str
    kind: str
    #: The registry row whose names (en, ru, zh) the delegation takes.
    named_after: State | Body | InternationalOrganisation
    state: State | None = None
    body: Body | None = None
    organisation: InternationalOrganisation | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name_en": self.named_after.name_en,
            "name_ru": self.named_after.name_ru,
            "name_zh": self.named_after.name_zh,
            "state": self.state,
            "body": self.body,
            "organisation": self.organisation,
        }


@dataclass(frozen=True, slots=True)
class DelegationSyncReport:
    """The codes of the delegations created and updated; how many were already right."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        """One line for the command line."""
        return (
            f"Delegations: {len(self.created)} created, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged."
        )


def _organisation_code(organisation: InternationalOrganisation) -> str:
    slug = slugify(organisation.abbreviation or organisation.name_en)
    return f"org-{slug}"[:40]


def _delegation_specs() -> list[DelegationSpec]:
    """Every delegation the registry calls for today, in a stable order."""
    day = registry.today()
    members = list(registry.member_states_on(day))
    bodies = {b.code: b for b in Body.objects.select_related("state")}
    missing = [code for _, _, code in BODY_DELEGATIONS if code not in bodies]
    if not members or missing:
        raise ConflictError(
            _(
                "The registry is not loaded, so there are no delegations to derive from it. "
                "Run “secretariat registry load” first."
            ),
            code="registry_not_loaded",
        )
    specs = [
        DelegationSpec(
            code=s.code.lower(), kind=DelegationKind.MEMBER_STATE, state=s, named_after=s
        )
        for s in members
    ]
    specs += [
        DelegationSpec(
            code="np-" + (b.state.code.lower() if b.state else slugify(b.code)),
            kind=DelegationKind.NATIONAL_PART,
            state=b.state,
            body=b,
            named_after=b,
        )
        for b in bodies.values()
        if b.kind == BodyKind.NATIONAL_PART
    ]
    specs += [
        DelegationSpec(code=code, kind=kind, body=bodies[body], named_after=bodies[body])
        for code, kind, body in BODY_DELEGATIONS
    ]
    specs += [
        DelegationSpec(
            code=f"partner-{s.code.lower()}",
            kind=DelegationKind.PARTNER_STATE,
            state=s,
            named_after=s,
        )
        for s in registry.partners_on(day)
    ]
    specs += [
        DelegationSpec(
            code=_organisation_code(o),
            kind=DelegationKind.PARTNER_ORGANISATION,
            organisation=o,
            named_after=o,
        )
        for o in InternationalOrganisation.objects.order_by("abbreviation", "name_en")
    ]
    return specs


def delegations_sync() -> DelegationSyncReport:
    """Create or update one delegation per member state, national part, body and partner.

    Delegations are never deleted here: a state that stops being a partner keeps its
    delegation (its users and their history refer to it); an administrator deactivates
    the users instead.
    """
    with transaction.atomic():
        specs = _delegation_specs()
        existing = {d.code: d for d in Delegation.objects.select_for_update()}
        created: list[str] = []
        updated: list[str] = []
        unchanged = 0
        for spec in specs:
            wanted = spec.fields()
            delegation = existing.get(spec.code)
            if delegation is None:
                Delegation.objects.create(code=spec.code, **wanted)
                created.append(spec.code)
                continue
            changed = [name for name, value in wanted.items() if getattr(delegation, name) != value]
            if not changed:
                unchanged += 1
                continue
            for name in changed:
                setattr(delegation, name, wanted[name])
            delegation.save(update_fields=changed)
            updated.append(spec.code)
    return DelegationSyncReport(created=created, updated=updated, unchanged=unchanged)


# --- users -------------------------------------------------------------------------------


def _delegation_of(delegation: Delegation | str) -> Delegation:
    if isinstance(delegation, Delegation):
        return delegation
    found = Delegation.objects.filter(code=delegation).first()
    if found is None:
        raise InvalidInputError(
            _("There is no delegation with the code “%(delegation)s”."),
            code="unknown_delegation",
            delegation=delegation,
        )
    return found


def role_fits_delegation(*, role: str, delegation: Delegation) -> None:
    """Refuse a role unknown to roles.yaml, or one a delegation of this kind cannot hold."""
    spec = policy().roles.get(role)
    if spec is None:
        raise InvalidInputError(_("There is no role “%(role)s”."), code="unknown_role", role=role)
    if delegation.kind not in spec.delegation_kinds:
        raise InvalidInputError(
            _("The role “%(role)s” cannot belong to the delegation “%(delegation)s”."),
            code="role_not_in_delegation",
            # Named in the language of the request or command that asked.
            role=spec.name[current_lang()],
            delegation=delegation.name,
        )


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise InvalidInputError(
            _("“%(language)s” is not a language of Secretariat: use en, ru or zh-hans."),
            code="unknown_language",
            language=language,
        )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise InvalidInputError(
            _("This password cannot be used: %(reasons)s"),
            code="weak_password",
            reasons=" ".join(str(m) for m in exc.messages),
        ) from exc


def _check_username(username: str) -> None:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise InvalidInputError(
            _("“%(username)s” cannot be a username: use letters, digits and @ . + - _ only."),
            code="invalid_username",
            username=username,
        ) from exc
    if User.objects.filter(username__iexact=username).exists():
        raise ConflictError(
            _("The username “%(username)s” is taken."), code="username_taken", username=username
        )


def user_create(
    *,
    username: str,
    password: str,
    delegation: Delegation | str,
    role: str,
    language: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a user of ``delegation`` with ``role`` (staff when the role has admin.access)."""
    username = User.normalize_username(username.strip())
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        found = _delegation_of(delegation)
        _check_username(username)
        role_fits_delegation(role=role, delegation=found)
        _check_language(language)
        if email:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise InvalidInputError(
                    _("“%(email)s” is not an e-mail address."), code="invalid_email", email=email
                ) from exc
        user = User(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            delegation=found,
            role=role,
            language=language,
            is_staff=policy().allows(role, "admin.access"),
            is_superuser=is_superuser,
        )
        _check_password(password, user)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # another request took the username meanwhile
            raise ConflictError(
                _("The username “%(username)s” is taken."),
                code="username_taken",
                username=username,
            ) from exc
    return user


def user_set_password(*, user: User, password: str) -> User:
    """Give ``user`` a new password that passes the password validators."""
    with transaction.atomic():
        _check_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Make ``language`` (en, ru or zh-hans) the one pages and messages use for ``user``."""
    _check_language(language)
    with transaction.atomic():
        if user.language != language:
            user.language = language
            user.save(update_fields=["language"])
    return user


# --- API tokens --------------------------------------------------------------------------


def token_actions_default(*, user: User) -> list[str]:
    """What a new token may do when nobody chose: the reading actions of ``user``'s role."""
    return [a for a in token_actions_allowed(user=user) if a in READ_ACTIONS or a.endswith(".view")]


def token_actions_allowed(*, user: User) -> list[str]:
    """The actions a token of ``user`` may be given: those the role allows (``public`` aside),
    and no more than the token of the request when one is made with a token."""
    rules = policy()
    return [a for a in rules.actions if a != PUBLIC and user.can(a)]


def _token_scope(user: User, actions: list[str] | None) -> list[str]:
    if actions is None:
        return token_actions_default(user=user)
    allowed = token_actions_allowed(user=user)
    if not actions:
        raise InvalidInputError(
            _("Choose at least one thing the token may do."), code="token_actions_required"
        )
    if wrong := sorted(set(actions) - set(allowed)):
        raise InvalidInputError(
            _("A token can only do what your role allows; not: %(actions)s."),
            code="token_action_not_allowed",
            actions=", ".join(wrong),
        )
    return [a for a in allowed if a in set(actions)]  # in the order of roles.yaml


def _token_expiry(days: int | None) -> dt.datetime:
    longest = int(settings.SECRETARIAT_API_TOKEN_MAX_DAYS)
    days = int(settings.SECRETARIAT_API_TOKEN_DAYS) if days is None else days
    if days < 1:
        raise InvalidInputError(_("A token lasts at least one day."), code="token_expiry_too_short")
    if days > longest:
        raise InvalidInputError(
            _("A token lasts at most %(limit)s days."), code="token_expiry_too_long", limit=longest
        )
    return timezone.now() + dt.timedelta(days=days)


def api_token_create(
    *,
    user: User,
    name: str,
    actions: list[str] | None = None,
    days: int | None = None,
    second_factor: bool = False,
) -> tuple[ApiToken, str]:
    """A new API token of ``user`` and its key; only the digest is kept, so show the key now.

    ``actions``: what it may do (a subset of the role's; by default the reading ones);
    ``days``: how long it lasts (settings.SECRETARIAT_API_TOKEN_DAYS by default, at most
    ..._MAX_DAYS); ``second_factor``: whether it is made in a session verified with one.
    """
    name = name.strip()
    if not name:
        raise InvalidInputError(
            _("Give the token a name, so you can tell it from your others."),
            code="token_name_required",
        )
    max_length = ApiToken._meta.get_field("name").max_length or 100
    if len(name) > max_length:
        raise InvalidInputError(
            _("A token name has at most %(limit)s characters."),
            code="token_name_too_long",
            limit=max_length,
        )
    scope = _token_scope(user, actions)
    expires = _token_expiry(days)
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user, revoked__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ConflictError(
                _("You have %(limit)s API tokens already: revoke one you no longer use first."),
                code="too_many_tokens",
                limit=MAX_ACTIVE_TOKENS,
            )
        key, stored = new_secret(API_TOKEN_MARKER, prefix_length=API_TOKEN_PREFIX_LENGTH)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            actions=scope,
            expires=expires,
            issued_with_second_factor=second_factor,
            **stored,
        )
    return token, key


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens; any other id is "not found", so ids do not leak."""
    with transaction.atomic():
        token = ApiToken.objects.filter(pk=token_id, user=user).first()
        # Revoked here (locked, through save()), or already revoked: not found either way.
        if token is None or not revoke_all(ApiToken.objects.filter(pk=token.pk)):
            raise NotFoundError(_("You have no API token with this number."))
        token.refresh_from_db(fields=["revoked"])
    return token


# --- two-factor login (TOTP) -------------------------------------------------------------


def _verified(device: TOTPDevice, code: str) -> bool:
    # verify_token counts failures on the device (its throttling) and saves them itself.
    return bool(device.verify_token(code.strip()))


def _wrong_code() -> InvalidInputError:
    return InvalidInputError(
        _("This code is wrong or has expired. Enter the code your app shows now."),
        code="two_factor_code_wrong",
    )


def totp_device_enrol(*, user: User) -> TOTPDevice:
    """Start two-factor login: a new unconfirmed authenticator device (replacing any other)."""
    require(user, "two_factor.use")
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user)
        if devices.select_for_update().filter(confirmed=True).exists():
            raise ConflictError(
                _("Two-factor login is already on. Turn it off first to set up a new app."),
                code="two_factor_already_on",
            )
        devices.filter(confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, user: User, code: str) -> TOTPDevice:
    """Turn two-factor login on once the user proves the app shows the right codes."""
    require(user, "two_factor.use")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ConflictError(
                _("There is no authenticator app waiting for confirmation. Set one up first."),
                code="two_factor_not_enrolled",
            )
        ok = _verified(device, code)
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    # Outside the transaction, so that the failure counted by verify_token stays counted.
    if not ok:
        raise _wrong_code()
    return device


def totp_device_disable(*, user: User, code: str | None) -> None:
    """Turn two-factor login off (a current code is needed), or drop an unfinished set-up.

    Refused to a role that requires it (settings.SECRETARIAT_TWO_FACTOR_ROLES): a lost
    authenticator of such a user is removed by a superuser."""
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user)
        confirmed = devices.select_for_update().filter(confirmed=True).first()
        if confirmed is not None and second_factor_required(user):
            raise ConflictError(
                _("Your role requires two-factor login: it cannot be turned off."),
                code="two_factor_mandatory",
            )
        ok = confirmed is None or (code is not None and _verified(confirmed, code))
        if ok:
            devices.delete()
    if not ok:
        raise _wrong_code()


# --- demo users --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoUserResult:
    username: str
    role: str
    delegation: str
    language: str
    #: The password set in this run; None when an existing user kept theirs.
    password: str | None
    #: For a role that requires two-factor login: the base32 key of the authenticator
    #: enrolled in this run (None when the user kept theirs, or needs none).
    two_factor_key: str | None = None


def _demo_authenticator(user: User, *, reset: bool) -> str | None:
    """Enrol a demo user of a two-factor role with a fresh confirmed authenticator (when it
    has none, or on ``reset``): its base32 key, to add to an app or compute codes from."""
    if not second_factor_required(user):
        return None
    devices = TOTPDevice.objects.filter(user=user)
    if not reset and devices.filter(confirmed=True).exists():
        return None
    devices.delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return base64.b32encode(device.bin_key).decode("ascii")


def demo_users_ensure(*, password: str | None = None, reset: bool = False) -> list[DemoUserResult]:
    """Sync the delegations and make sure every demo user exists (all or nothing).

    Existing users keep their password unless ``reset``. ``password`` is used for every
    user created or reset; without it each one gets a generated password.
    """
    results: list[DemoUserResult] = []
    with transaction.atomic():
        delegations_sync()
        for demo in DEMO_USERS:
            user = User.objects.select_related("delegation").filter(username=demo.username).first()
            chosen = password or secrets.token_urlsafe(16)
            changed = user is None or reset
            if user is None:
                user = user_create(
                    username=demo.username,
                    password=chosen,
                    delegation=demo.delegation,
                    role=demo.role,
                    language=demo.language,
                    first_name=demo.first_name,
                    last_name=demo.last_name,
                    is_superuser=demo.is_superuser,
                    email=demo.email,
                )
            elif reset:
                user_set_password(user=user, password=chosen)
            results.append(
                DemoUserResult(
                    username=user.username,
                    role=user.role,
                    delegation=user.delegation.code if user.delegation else "",
                    language=user.language,
                    password=chosen if changed else None,
                    two_factor_key=_demo_authenticator(user, reset=reset),
                )
            )
    return results
