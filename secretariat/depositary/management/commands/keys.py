"""``secretariat keys init [--force] [--dir DIR]``: the development signing keys.

``init`` makes a development trust root and a signing certificate it issued, in
``SIGNING_KEYS_DIR`` (``var/keys/``) unless ``--dir`` names another folder, and prints what
it made. When the files are there it says so and changes nothing, so ``make run`` calls it
every time; ``--force`` makes a new set (copies signed with the old one then verify only
while the old root stays in ``SIGNING_TRUST_ROOTS``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.signing.errors import SigningError
from secretariat.signing.keys import KeyFiles, keys_init


class Command(BaseCommand):
    help = "Make the development signing keys (a trust root and a signer it issued)."
    requires_system_checks: list[str] = []  # keys need neither models nor a database

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        init = actions.add_parser(
            "init",
            help="Make a development root and signing certificate unless they exist.",
        )
        init.add_argument(
            "--force", action="store_true", help="Replace existing keys with a new set."
        )
        init.add_argument(
            "--dir",
            type=Path,
            default=None,
            dest="directory",
            help="Where to write them (default: SIGNING_KEYS_DIR, var/keys/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"] or settings.SIGNING_KEYS_DIR)
        try:
            files = keys_init(directory, force=options["force"])
        except SigningError as exc:
            where = f" ({exc.path})" if exc.path else ""
            raise CommandError(f"{exc.code}: {exc.message}{where}") from exc
        if not files.created:
            self.stdout.write(
                f"signing keys already in {directory}; nothing changed (--force makes a new set)."
            )
        else:
            self.stdout.write(f"made development signing keys in {directory}:")
        for line in _describe(files):
            self.stdout.write(f"  {line}")


def _describe(files: KeyFiles) -> list[str]:
    root = x509.load_pem_x509_certificate(files.root_cert.read_bytes())
    signer = x509.load_pem_x509_certificate(files.signer_cert.read_bytes())
    return [
        f"{files.root_cert.name}: trust root {_cn(root)}, valid until {_until(root)}",
        f"{files.signer_cert.name}: signer {_cn(signer)}, issued by the root, "
        f"valid until {_until(signer)}",
        f"{files.pkcs12.name}: the signer's key and certificate (PKCS#12, mode 0600)",
        f"{files.passphrase.name}: its passphrase (mode 0600)",
    ]


def _cn(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return f"“{names[0].value!s}”" if names else cert.subject.rfc4514_string()


def _until(cert: x509.Certificate) -> str:
    return cert.not_valid_after_utc.date().isoformat()
