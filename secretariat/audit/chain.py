"""The hash chain of the audit log, as plain Python: how an entry is hashed, and the checker.

No Django here: the writer (``services.audit_record``) and the verifier
(``selectors.audit_verify``) both hash with ``entry_hash``, and the verifier feeds rows to
``ChainChecker`` one at a time, so the rules of the chain are tested without a database.

An entry's hash is ``sha256(prev_hash + canonical_json(fields))``, where ``fields`` are all
of the entry's fields but ``hash`` itself (``HASHED_FIELDS``). ``seq`` is among them, so
an entry moved to another position no longer matches its hash; ``prev_hash`` is among them,
so an entry cannot be taken out of the chain without breaking the next one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: The ``prev_hash`` of entry 1.
GENESIS_HASH = "0" * 64

#: Every field of an entry that its hash covers (all of them but ``hash``).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "origin",
    "action",
    "model_label",
    "object_id",
    "object_repr",
    "before",
    "after",
    "prev_hash",
)

#: How many altered entries the checker keeps to tell a moved entry from an edited one,
#: and how many positions it tries for each: enough for any real investigation, bounded
#: so that a log rewritten wholesale is still verified in linear time.
MAX_SUSPECTS = 200
MAX_CANDIDATE_POSITIONS = 1000


def _canonical(value: Any) -> Any:
    """``value`` with every number and date in the one form the hash uses.

    A float with an integral value becomes an int: PostgreSQL's ``jsonb`` stores 1e16 as
    ``10000000000000000`` and hands back an int, so the two forms must hash alike.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: audit times are timezone-aware")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"cannot hash a {type(value).__name__}: {value!r}")


def canonical_json(value: Any) -> str:
    """The one JSON text of ``value``: sorted keys, no spaces, UTF-8, UTC datetimes."""
    return json.dumps(
        _canonical(value),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def entry_hash(fields: Mapping[str, Any]) -> str:
    """The hash of an entry with these ``HASHED_FIELDS`` (hex SHA-256)."""
    missing = set(HASHED_FIELDS) - set(fields)
    if missing:
        raise ValueError(f"an audit entry needs {sorted(missing)} to be hashed")
    payload = {name: fields[name] for name in HASHED_FIELDS}
    text = str(fields["prev_hash"]) + canonical_json(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log: a stable ``kind``, the entries concerned, a sentence."""

    #: removed | altered | out_of_order | broken_link | head_missing | head_mismatch | beyond_head
    kind: str
    #: The first and last entry concerned (the same for one entry; None for the head itself).
    first: int | None
    last: int | None
    message: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What ``audit verify`` found: how many entries it checked, the last hash, the problems."""

    entries: int
    last_seq: int
    last_hash: str
    problems: tuple[Problem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line for an intact log, or one line per problem."""
        if self.intact:
            return [f"audit log intact: {self.entries} entries, last hash {self.last_hash}"]
        return [p.message for p in self.problems]


def _entries(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first}-{last}"


@dataclass
class ChainChecker:
    """Check entries fed in ``seq`` order, then the head; ``finish`` returns the report."""

    count: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    _last_at: dt.datetime | None = None
    _last_flagged: bool = False
    _gaps: list[tuple[int, int]] = field(default_factory=list)
    _flagged: dict[int, Problem] = field(default_factory=dict)
    #: Entries whose hash failed, kept (up to MAX_SUSPECTS) to see whether they were moved.
    _suspects: dict[int, tuple[dict[str, Any], str]] = field(default_factory=dict)
    _other: list[Problem] = field(default_factory=list)

    def feed(self, row: Mapping[str, Any]) -> None:
        """Check one entry (a mapping with ``HASHED_FIELDS`` and ``hash``)."""
        seq = int(row["seq"])
        if seq <= self.last_seq:
            raise ValueError(f"entries must be fed in seq order: {seq} after {self.last_seq}")
        self.count += 1
        after_gap = seq > self.last_seq + 1
        if after_gap:
            self._gaps.append((self.last_seq + 1, seq - 1))
        fields = {name: row[name] for name in HASHED_FIELDS}
        problem = self._check(seq, fields, str(row["hash"]), after_gap=after_gap)
        if problem is not None:
            self._flagged[seq] = problem
        self._last_flagged = problem is not None
        self.last_seq, self.last_hash, self._last_at = seq, str(row["hash"]), row["at"]

    def _check(
        self, seq: int, fields: dict[str, Any], stored: str, *, after_gap: bool
    ) -> Problem | None:
        if entry_hash(fields) != stored:
            if len(self._suspects) < MAX_SUSPECTS:
                self._suspects[seq] = (fields, stored)
            return Problem(
                "altered", seq, seq, f"entry {seq} altered: its hash does not match its content"
            )
        # A broken link right after a gap or an altered entry is that problem's echo.
        if not after_gap and not self._last_flagged and fields["prev_hash"] != self.last_hash:
            if seq == 1:
                message = (
                    "entry 1 does not start the chain: its previous hash is not the genesis hash"
                )
            else:
                message = (
                    f"entry {seq} does not follow entry {seq - 1}: its previous hash is not "
                    f"the hash of entry {seq - 1} (one of the two was rewritten)"
                )
            return Problem("broken_link", seq, seq, message)
        at = fields["at"]
        if self._last_at is not None and at < self._last_at and not self._last_flagged:
            return Problem(
                "out_of_order",
                seq,
                seq,
                f"entry {seq} out of order: recorded at {_canonical(at)}, "
                f"before entry {self.last_seq} ({_canonical(self._last_at)})",
            )
        return None

    def finish(
        self, *, head: tuple[int, str] | None, beyond_head: tuple[int, int] | None = None
    ) -> VerifyReport:
        """The report, given the head (last seq, last hash) and any entries beyond it."""
        self._find_moved_entries()
        problems = [Problem("removed", a, b, f"{_entries(a, b)} removed") for a, b in self._gaps]
        problems += self._flagged.values()
        problems.sort(key=lambda p: (p.first or 0, p.kind))
        problems += self._head_problems(head, beyond_head)
        return VerifyReport(
            entries=self.count,
            last_seq=self.last_seq,
            last_hash=self.last_hash,
            problems=tuple(problems),
        )

    def _find_moved_entries(self) -> None:
        """Re-label an altered entry that hashes right at another position: it was moved."""
        candidates = list(self._suspects)
        for first, last in self._gaps:
            candidates += range(first, min(last, first + MAX_CANDIDATE_POSITIONS) + 1)
        candidates = candidates[:MAX_CANDIDATE_POSITIONS]
        for seq, (fields, stored) in self._suspects.items():
            for position in _others(candidates, seq):
                if entry_hash({**fields, "seq": position}) == stored:
                    self._flagged[seq] = Problem(
                        "out_of_order",
                        seq,
                        seq,
                        f"entry {seq} out of order: its content was written as entry {position}",
                    )
                    break

    def _head_problems(
        self, head: tuple[int, str] | None, beyond_head: tuple[int, int] | None
    ) -> list[Problem]:
        problems = []
        if head is None:
            if self.count:
                problems.append(
                    Problem(
                        "head_missing",
                        None,
                        None,
                        f"the head is missing, but the log holds {self.count} entries",
                    )
                )
        elif head[0] > self.last_seq:
            end = f"ends at entry {self.last_seq}" if self.count else "is empty"
            problems.append(
                Problem(
                    "removed",
                    self.last_seq + 1,
                    head[0],
                    f"{_entries(self.last_seq + 1, head[0])} removed: the head records "
                    f"{head[0]} entries but the log {end}",
                )
            )
        elif head[1] != self.last_hash:
            problems.append(
                Problem(
                    "head_mismatch",
                    self.last_seq,
                    self.last_seq,
                    f"the head does not match entry {self.last_seq}: its hash differs "
                    "(the entry was rewritten or the head altered)",
                )
            )
        if beyond_head is not None:
            first, last = beyond_head
            problems.append(
                Problem(
                    "beyond_head",
                    first,
                    last,
                    f"{_entries(first, last)} beyond the head: not written by the application",
                )
            )
        return problems


def _others(candidates: Iterable[int], seq: int) -> Iterable[int]:
    return (c for c in candidates if c != seq)
