"""Every page as a Russian and as a Chinese reader: no English, no codes (issue 17).

The scene is what `make run` shows: the registry, the seeds and every demo, made by the same
commands. Readers of every kind walk the site from its home page under /ru/ and /zh-hans/
(``tests/i18n/walk.py``: every link that answers a page, three pages of each route at most)
and the test fails on any Latin-script word that is not a proper name, a code-looking token,
or text marked as another language's (a version whose translation is pending).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from secretariat.accounts.models import User
from tests.i18n.walk import Walk, walk
from tests.make_run import make_run_steps

pytestmark = pytest.mark.django_db

#: A reader of each kind: anonymous, and one demo user of each family of roles.
READERS = [
    None,
    "officer",
    "sg",
    "legal",
    "finance",
    "depositary",
    "sysadmin",
    "kz-coordinator",
    "ru-permrep",
    "np-kz-chair",
    "np-kz-secretariat",
    "bc-officer",
    "rats-officer",
    "tr-liaison",
]

#: The demo of `make run`, in its order (read from the Makefile's target run), but migrate
#: (the test database is migrated) and collectstatic (pages are served by the test client).
DEMO = [step for step in make_run_steps() if step[0] not in {"migrate", "collectstatic"}]


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[frozenset[str], Path]]:
    """Load the demo outside the tests' transactions; empty the database afterwards.

    Yields the names the walk accepts as proper names: people's names and log-in names (a
    person writes their name as they write it; a log-in name is an identifier they chose).
    """
    folder = tmp_path_factory.mktemp("demo")
    keys = folder / "keys"
    with (
        override_settings(
            MEDIA_ROOT=folder / "files",
            SEARCH_INDEX_DIR=folder / "search",
            SIGNING_KEYS_DIR=keys,
            SIGNING_PKCS11_MODULE="",
            SIGNING_PKCS12=keys / "signer.p12",
            SIGNING_PASSPHRASE="",
            SIGNING_PASSPHRASE_FILE=keys / "signer.passphrase",
            SIGNING_TRUST_ROOTS=[str(keys / "root.pem")],
            SEARCH_MEANING=False,
        ),
        django_db_blocker.unblock(),
    ):
        try:
            for command in DEMO:
                call_command(*command, stdout=io.StringIO())
            names = set()
            for user in User.objects.all():
                names.add(user.username)
                names.update(re.findall(r"[A-Za-z'-]+", user.get_full_name()))
            yield frozenset(names), folder
        finally:
            call_command("flush", "--no-input", verbosity=0)


def _client(username: str | None) -> Client:
    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _walk_all(prefix: str, lang: str, names: frozenset[str]) -> list[Walk]:
    return [walk(_client(reader), prefix, lang, proper_names=names) for reader in READERS]


def _failure(walks: list[Walk]) -> str:
    parts = []
    for reader, walked in zip(READERS, walks, strict=True):
        if walked.faults or walked.broken:
            parts.append(
                f"== {reader or 'anonymous'} ({len(walked.pages)} pages)\n{walked.report()}"
            )
    return "\n".join(parts)


@pytest.mark.parametrize(("prefix", "lang"), [("/ru", "ru"), ("/zh-hans", "zh")])
def test_every_page_speaks_the_readers_language(
    demo: tuple[frozenset[str], Path], prefix: str, lang: str, settings: Any
) -> None:
    names, folder = demo
    # The demo's files and index, not the suite's (tests/conftest.py points every test there).
    settings.MEDIA_ROOT = folder / "files"
    settings.SEARCH_INDEX_DIR = folder / "search"

    walks = _walk_all(prefix, lang, names)

    # The walk reached the site, not just its home page.
    assert sum(len(w.pages) for w in walks) > 300
    report = _failure(walks)
    Path("var").mkdir(exist_ok=True)
    Path(f"var/i18n-walk-{lang}.txt").write_text(report, encoding="utf-8")
    assert report == ""
