"""The databank's public side (SEC-DATABANK): news, media briefings and the information
catalogue, each in up to three languages; and requests for materials to the member states
(SEC-REQUEST), one row per state asked, with the answers received.

Language versions of a press item are the ``*_en/_ru/_zh`` fields of one row (at least one
language filled in), so the databank's search indexes the row as it indexes decisions. Only
rows with ``is_public`` set (kept equal to ``state == published`` by the services) are shown
to the public.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secretariat.registry.models import State

#: The languages of the public side, in the order a missing one is replaced.
LANGS = ("en", "ru", "zh")


#: Each language named in the reader's language, in a list or a sentence («английский», 英文).
LANGUAGE_NAMES = {
    "ru": pgettext_lazy("language name in a sentence", "Russian"),
    "zh": pgettext_lazy("language name in a sentence", "Chinese"),
    "en": pgettext_lazy("language name in a sentence", "English"),
}


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PressKind(models.TextChoices):
    NEWS = "news", _("news item")
    BRIEFING = "briefing", _("media briefing")


class Published(models.Model):
    """What every item of the public side has: a state, and when it was first published."""

    state = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    #: Equal to ``state == published``: the one flag the public pages and the search read.
    is_public = models.BooleanField(default=False)
    #: The first publication; kept when the item is withdrawn and published again.
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True

    def languages(self) -> list[str]:
        """The languages this item is written in, in LANGS order."""
        return [lang for lang in LANGS if getattr(self, f"title_{lang}", "")]

    def language_names(self) -> list[str]:
        """The languages this item is written in, named in the reader's language, never by
        code."""
        return [str(LANGUAGE_NAMES[lang]) for lang in self.languages()]


class PressItem(Published):
    """A news item or a media briefing, with its title and text in en, ru and/or zh."""

    kind = models.CharField(max_length=10, choices=PressKind.choices)
    #: The item's address on the public pages (/press/news/<slug>/), unique across kinds.
    slug = models.SlugField(max_length=120, unique=True)
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    #: Plain text; paragraphs are separated by blank lines.
    body_en = models.TextField(blank=True)
    body_ru = models.TextField(blank=True)
    body_zh = models.TextField(blank=True)
    #: A briefing's day (for a news item: empty).
    held_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "is_public", "-published_at"], name="press_item_public")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.slug}"


class CatalogueKind(models.TextChoices):
    DOCUMENT = "document", _("document")
    REFERENCE = "reference", _("reference material")
    PUBLICATION = "publication", _("publication")
    DATASET = "dataset", _("data set")
    PAGE = "page", _("page")


class CatalogueEntry(Published):
    """An entry of the Secretariat's information catalogue: what it is and where to find it."""

    kind = models.CharField(max_length=12, choices=CatalogueKind.choices)
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    description_en = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    #: A page of Secretariat (/rules/SEC-REQUEST/) or of another site (https://...).
    url = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to="press/catalogue/%Y/", blank=True)
    #: Keeps the demo and imports idempotent: the source it describes ("databank:000_...").
    source_key = models.CharField(max_length=120, blank=True, db_index=True)

    class Meta:
        ordering = ["kind", "title_en", "pk"]
        verbose_name_plural = "catalogue entries"

    def __str__(self) -> str:
        return self.title_en or self.title_ru or self.title_zh


class MaterialsRequest(models.Model):
    """A request of the Secretariat to member states for reference books and other open
    materials (SEC-REQUEST): what is asked, of whom, by when."""

    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    text_en = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_zh = models.TextField(blank=True)
    due_on = models.DateField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title_en or self.title_ru or self.title_zh


class AddresseeStatus(models.TextChoices):
    AWAITING = "awaiting", _("awaiting an answer")
    ANSWERED = "answered", _("answered")


class RequestAddressee(models.Model):
    """One member state asked in a request, and whether it has answered.

    Overdue is not stored: an addressee still awaiting after the due date is overdue.
    """

    request = models.ForeignKey(
        MaterialsRequest, on_delete=models.CASCADE, related_name="addressees"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=AddresseeStatus.choices, default=AddresseeStatus.AWAITING
    )
    #: The first answer's moment.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["request", "state"], name="press_addressee_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.state_id} {self.status}"

    def standing(self, today: dt.date) -> str:
        """awaiting, answered or overdue."""
        if self.status == AddresseeStatus.ANSWERED:
            return "answered"
        return "overdue" if self.request.due_on < today else "awaiting"


class MaterialsAnswer(models.Model):
    """An answer of a member state to a request: a text and, optionally, a file."""

    addressee = models.ForeignKey(
        RequestAddressee, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField()
    file = models.FileField(upload_to="press/answers/%Y/", blank=True)
    answered_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Received after the due date: recorded all the same (SEC-REQUEST sets no sanction).
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.addressee} {self.answered_at:%Y-%m-%d}"
