"""The data version: what public pages and feeds are cached and validated under.

Every statement that writes (INSERT, UPDATE, DELETE, TRUNCATE, DDL) through any of Django's
database connections is seen by an execute wrapper installed on the connection
(``install``). After the transaction that wrote commits (at once in autocommit), the one row of
``core.DataVersion`` is raised by one, with the time: every application host reads that row
before it answers a public page or feed from its own cache (``current``), so a write through
any host makes every host's cached copies unreachable. Bulk writes, ``update()`` and raw SQL
through Django are seen too, not only ``save()``.

Two more guards, for this process: a write also raises ``local_generation()`` at once (before
its commit), and so does a rollback (of a savepoint or a transaction), so this process never
reuses a page cached before one of its own writes or rollbacks (the test suite's transactions
roll back, and never commit, between tests).

Not counted as writes: the version row itself, sessions, login attempts (django-axes), a
token's ``last_used`` stamp alone, and the bookkeeping tables the project names in
``settings.DATA_VERSION_IGNORES`` (the workers' heartbeats, the search indexes' positions,
reminders and e-mails being sent, a user's visits to their start page): none changes what a
public page or a feed shows. Under the load test they were written several times a second
and made every cached public page unreachable (docs/bench-load.md).

If a process dies between a commit and its bump, the cached copies stay reachable until the
next write or until they expire (``public_cache.TIMEOUT``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F
from django.utils import timezone

log = logging.getLogger(__name__)

#: The first word of a statement that changes data (or the schema).
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "ALTER", "DROP"})
_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
#: ``UPDATE "x" SET "last_used" = %s WHERE ...``: a token's use stamped, nothing else.
_LAST_USED_ONLY = re.compile(
    r'^\s*UPDATE\s+"?[\w.]+"?\s+SET\s+"?last_used"?\s*=\s*(?:%s|\?)\s+WHERE', re.IGNORECASE
)
#: Tables whose writes change nothing the public sees.
IGNORED_TABLES = frozenset({"core_dataversion", "django_session"})
IGNORED_PREFIXES = ("axes_",)


_generation = 0


def local_generation() -> int:
    """Raised in this process by every write and every rolled-back savepoint it sees."""
    return _generation


def _raise_local() -> None:
    global _generation  # one counter per process, by design
    _generation += 1


def settings_changed(**kwargs: Any) -> None:
    """``setting_changed`` receiver: nothing cached before a change of settings is reused."""
    _raise_local()


def _first_word(sql: str) -> str:
    return sql.lstrip()[:9].split(None, 1)[0].upper() if sql.strip() else ""


def changes_data(sql: str) -> bool:
    """True when ``sql`` writes something the public may see."""
    word = _first_word(sql)
    if word == "WITH":
        upper = sql.upper()
        return any(f" {w} " in upper for w in ("INSERT", "UPDATE", "DELETE"))
    if word not in _WRITES:
        return False
    if _LAST_USED_ONLY.match(sql):
        return False
    table = _TABLE.match(sql)
    if table is not None:
        name = table.group(1).lower()
        if (
            name in IGNORED_TABLES
            or name in settings.DATA_VERSION_IGNORES
            or name.startswith(IGNORED_PREFIXES)
        ):
            return False
    return True


def bump(using: str = "default") -> None:
    """Raise the data version by one (the row is made again if a flush removed it)."""
    from secretariat.core.models import DATA_VERSION_PK, DataVersion

    now = timezone.now()
    try:
        rows = (
            DataVersion.objects.using(using)
            .filter(pk=DATA_VERSION_PK)
            .update(number=F("number") + 1, changed_at=now)
        )
        if not rows:
            DataVersion.objects.using(using).get_or_create(
                pk=DATA_VERSION_PK, defaults={"number": 1, "changed_at": now}
            )
    except DatabaseError:  # before the migration that makes the table (migrate itself)
        log.debug("data version not raised: no table yet", exc_info=True)


def _pending(connection: BaseDatabaseWrapper) -> bool:
    """The last callback waiting for this transaction's commit is already a bump that has not
    run: one more write needs no other. (Only the last, and one that ran does not count: the
    tests' captureOnCommitCallbacks runs the callbacks registered inside its block and keeps
    them listed; a test makes its writes inside such a block to see the version rise.)"""
    if not connection.run_on_commit:
        return False
    last = connection.run_on_commit[-1][1]
    return bool(getattr(last, "data_version_bump", False)) and not getattr(last, "ran", True)


def _after_commit(connection: BaseDatabaseWrapper) -> None:
    if connection.alias not in connections.settings:
        return  # a temporary connection of the backend (creating or dropping a database)

    def callback() -> None:
        callback.ran = True  # type: ignore[attr-defined]
        bump(connection.alias)

    callback.data_version_bump = True  # type: ignore[attr-defined]
    callback.ran = False  # type: ignore[attr-defined]
    if connection.in_atomic_block:
        if not _pending(connection):
            transaction.on_commit(callback, using=connection.alias)
    else:
        callback()


def _watch(
    connection: BaseDatabaseWrapper,
) -> Callable[[Callable[..., Any], str, Any, bool, dict[str, Any]], Any]:
    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        result = execute(sql, params, many, context)
        if isinstance(sql, str):
            if changes_data(sql):
                _raise_local()
                _after_commit(connection)
            elif sql.lstrip()[:8].upper() == "ROLLBACK":
                _raise_local()
        return result

    wrapper.data_version_watch = True  # type: ignore[attr-defined]
    return wrapper


def _watch_rollback(connection: BaseDatabaseWrapper) -> None:
    """A whole transaction rolled back (``connection.rollback()``, not a statement): this
    process may have cached what it had written, so its generation rises too."""
    if getattr(connection.rollback, "data_version_watch", False):
        return
    original = connection.rollback

    def rollback() -> None:
        _raise_local()
        original()

    rollback.data_version_watch = True  # type: ignore[attr-defined]
    connection.rollback = rollback  # type: ignore[method-assign]


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch the connection's writes (once per connection)."""
    if not any(getattr(w, "data_version_watch", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_watch(connection))
    _watch_rollback(connection)


def install_on_open_connections() -> None:
    """Watch the connections already open when the app became ready."""
    for connection in connections.all(initialized_only=True):
        install(None, connection)


def current(using: str = "default") -> tuple[int, dt.datetime | None]:
    """The data version and when it was last raised (one primary-key read)."""
    from secretariat.core.models import DATA_VERSION_PK, DataVersion

    row = (
        DataVersion.objects.using(using)
        .filter(pk=DATA_VERSION_PK)
        .values_list("number", "changed_at")
        .first()
    )
    return row if row is not None else (-1, None)
