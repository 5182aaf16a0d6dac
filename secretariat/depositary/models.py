"""The depositary (SEC-DEPOSITARY): the register of originals of adopted documents, the
certified copies made from them for each member state (and RATS), their dispatch and receipt,
and the register's own hash chain, which makes any later change to it evident.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import Delegation
from secretariat.core.in_languages import shown_text, text_columns
from secretariat.documents.models import DocLang, Document

#: The ``prev_hash`` of the register's first entry.
GENESIS_HASH = "0" * 64
HEAD_PK = 1


class Original(models.Model):
    """An original of an adopted document, as the Secretariat received it for safekeeping."""

    #: "SCO-DEP-<year>-<nnnn>", in the order received.
    register_number = models.CharField(max_length=40, unique=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="original")
    received_on = models.DateField()
    #: The languages of the original's texts (ru, zh, en).
    languages = models.JSONField(default=list)
    pages = models.PositiveIntegerField()
    #: SHA-256 of the original's scan as received.
    sha256 = models.CharField(max_length=64)
    scan = models.FileField(upload_to="depositary/originals/%Y/")
    scan_name = models.CharField(max_length=255)
    #: Where the paper original is kept (strongroom, shelf).
    #: Where the original is kept, in the languages given (at least one).
    storage_location_en, storage_location_ru, storage_location_zh = text_columns(
        en=_("kept at, in English"),
        ru=_("kept at, in Russian"),
        zh=_("kept at, in Chinese"),
        max_length=300,
    )
    storage_location = shown_text("storage_location")
    #: The document concerns RATS: it receives a certified copy too (SEC-DEPOSITARY).
    concerns_rats = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.register_number

    @property
    def language_names(self) -> list[str]:
        """The names of the languages of the original, never their codes."""
        return language_names(list(self.languages))


def language_names(codes: list[str]) -> list[str]:
    """The names of the languages ``codes`` in the reader's language, never their codes."""
    names = {
        DocLang.RU.value: _("Russian"),
        DocLang.ZH.value: _("Chinese"),
        DocLang.EN.value: _("English"),
    }
    return [str(names.get(code, code)) for code in codes]


class DispatchMethod(models.TextChoices):
    HANDED = "handed", _("handed to the Permanent Representative")
    COURIER = "courier", _("sent by diplomatic courier")
    ELECTRONIC = "electronic", _("sent electronically")


class CertifiedCopy(models.Model):
    """A certified copy of an original for one addressee, signed by the Secretariat."""

    original = models.ForeignKey(Original, on_delete=models.PROTECT, related_name="copies")
    addressee = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    #: "<register number>/<addressee code>", printed on the copy.
    copy_number = models.CharField(max_length=80, unique=True)
    #: The latest day of handing over (SEC-CERTIFIED-7D), counted from the original's receipt.
    due = models.DateField()
    pdf = models.FileField(upload_to="depositary/copies/%Y/")
    #: SHA-256 of the signed PDF: a copy shown for verification is found in the register by it.
    sha256 = models.CharField(max_length=64, unique=True)
    signer = models.CharField(max_length=300)
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_on = models.DateField(null=True, blank=True)
    dispatch_method = models.CharField(max_length=10, choices=DispatchMethod.choices, blank=True)
    late = models.BooleanField(default=False)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_on = models.DateField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["original", "addressee__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["original", "addressee"], name="copy_once_per_addressee"
            )
        ]

    def __str__(self) -> str:
        return self.copy_number


class RegisterEntry(models.Model):
    """One line of the depositary register, chained to the one before by its hash.

    ``hash = sha256(prev_hash + canonical_json(seq, at, kind, register_number, payload,
    prev_hash))``: changing, removing or reordering a line breaks the chain, and the head
    (RegisterHead) seals its end. Lines are only ever appended (services.register_append).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    #: original_registered | copy_made | copy_dispatched | copy_received
    kind = models.CharField(max_length=30)
    register_number = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind} {self.register_number}"


class RegisterHead(models.Model):
    """The one row holding the register's last line: the lock for appending, and the seal."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_PK)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_PK), name="register_one_head")
        ]

    def __str__(self) -> str:
        return f"register head: line {self.last_seq}"
