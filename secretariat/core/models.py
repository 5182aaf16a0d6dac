"""The kernel's one table: the data version public pages and feeds are cached under."""

from __future__ import annotations

from django.db import models

#: The one row of DataVersion.
DATA_VERSION_PK = 1


class DataVersion(models.Model):
    """A counter raised after every committed write (``core.freshness``), and when.

    Every application host reads it (one primary-key lookup) before it answers a public page
    or feed from its own cache, so no host serves what another host's write made stale.
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"data version {self.number}"
