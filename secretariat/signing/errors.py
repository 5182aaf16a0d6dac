"""Why the Secretariat cannot sign (or trust) right now, each with a stable code.

All are the service's problems, not the user's: the status is 503 (an operator must provide
or renew a key) except where the configured key cannot be opened at all (500: a wrong
passphrase or a damaged file is a fault of the installation).
"""

from __future__ import annotations

from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import SecretariatError


class SigningError(SecretariatError):
    """The Secretariat's signing key or trust roots cannot be used."""

    status = 503
    code = "signing_unavailable"

    def __init__(self, message: str | Promise, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        #: The file concerned, for the operator (logs, the command line); never shown on pages.
        self.path = Path(path) if path is not None else None


class SigningKeyMissingError(SigningError):
    code = "signing_key_missing"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "The Secretariat's signing key is missing, so certified copies cannot be "
                "signed. An administrator must run “secretariat keys init” or configure the key."
            ),
            path=path,
        )


class SigningKeyExpiredError(SigningError):
    code = "signing_key_expired"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "The Secretariat's signing certificate has expired or is not yet valid, so "
                "certified copies cannot be signed. An administrator must renew it."
            ),
            path=path,
        )


class SigningKeyUnreadableError(SigningError):
    status = 500
    code = "signing_key_unreadable"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "The Secretariat's signing key cannot be opened: the passphrase is wrong or "
                "the key file is damaged."
            ),
            path=path,
        )


class SigningTokenUnavailableError(SigningError):
    code = "signing_token_unavailable"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "The signing key is configured on a hardware token (PKCS#11), but this "
                "installation lacks PKCS#11 support: install pyHanko's “pkcs11” extra."
            ),
            path=path,
        )


class SigningKeysIncompleteError(SigningError):
    code = "signing_keys_incomplete"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "Some of the development signing key files exist and others do not. "
                "Run “secretariat keys init --force” to make a new set."
            ),
            path=path,
        )


class TrustRootsUnavailableError(SigningError):
    code = "signing_trust_roots_unavailable"

    def __init__(self, *, path: Path | str | None = None) -> None:
        super().__init__(
            _(
                "The Secretariat's trust root certificates are missing or unreadable, so "
                "signatures cannot be verified."
            ),
            path=path,
        )
