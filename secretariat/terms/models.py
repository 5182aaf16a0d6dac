"""The SCO term base (issue 17): concepts, each named by terms in English, Russian and
Chinese, each term with the source it is taken from.

A concept is what is named (the depositary, a quorum, the Council of National Coordinators);
its terms are the words for it in each language: one preferred term per language and any
number of admitted synonyms and variants (保存机构 and 保存人, «заверенная копия» and
«заверенная копия подлинника»). The shipped base is ``termbase.yaml``, loaded by
``secretariat terms load``; the Secretariat edits it on the term-base pages.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

#: The languages of the term base, in the order pages list them.
LANGS = ("en", "ru", "zh")


class Domain(models.TextChoices):
    BODY = "body", pgettext_lazy("term base domain", "body")
    POST = "post", pgettext_lazy("term base domain", "post")
    PROCEDURE = "procedure", pgettext_lazy("term base domain", "procedure")
    DOCUMENT_TYPE = "document_type", pgettext_lazy("term base domain", "document type")
    LEGAL = "legal", pgettext_lazy("term base domain", "legal term")
    STATUS = "status", pgettext_lazy("term base domain", "status")
    PARTNERSHIP = "partnership", pgettext_lazy("term base domain", "membership and partnership")
    COOPERATION = "cooperation", pgettext_lazy("term base domain", "area of cooperation")


class Source(models.Model):
    """A document terms are taken from: a seed text, the SCO Charter, the reference data."""

    #: Stable name used by the data file ("seed-004", "charter").
    key = models.SlugField(max_length=40, unique=True)
    title_en = models.CharField(max_length=300)
    title_ru = models.CharField(max_length=300)
    title_zh = models.CharField(max_length=300)
    #: Where to read it: a path of the project's shared sources or an address.
    location = models.CharField(max_length=300, blank=True)
    #: Names of places in it per language ({"Art. 16": {"en": ..., "ru": "ст. 16", ...}}), so
    #: a reader is shown a place in their own language (``termbase_file.citation``).
    places = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Concept(models.Model):
    """One thing the Organisation names, in every language."""

    #: Stable name used by the data file, the API and the other apps ("depositary").
    key = models.SlugField(max_length=80, unique=True)
    domain = models.CharField(max_length=20, choices=Domain.choices)
    definition_en = models.TextField(blank=True)
    definition_ru = models.TextField(blank=True)
    definition_zh = models.TextField(blank=True)
    note_en = models.TextField(blank=True)
    note_ru = models.TextField(blank=True)
    note_zh = models.TextField(blank=True)
    #: Whether the wording test holds every message to this concept's terms: a message whose
    #: English names it must use one of its admitted terms in Russian and in Chinese.
    enforce = models.BooleanField(default=False)
    #: Bumped by every change through the services: an edit form sent on an older version
    #: is refused instead of silently undoing someone else's change.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["domain", "key"]

    def __str__(self) -> str:
        return self.key


class Term(models.Model):
    """One word or phrase for a concept in one language."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="terms")
    lang = models.CharField(max_length=2)
    text = models.CharField(max_length=300)
    #: The term to use; the others of the language are admitted synonyms or variants.
    preferred = models.BooleanField(default=False)
    #: Order within the language: the preferred term first, then the variants as listed.
    position = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="terms")
    #: Where in the source: article, paragraph or section ("§13", "Art. 16", "bodies.bcb").
    source_ref = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["concept", "lang", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["concept", "lang", "text"], name="terms_term_unique"),
            models.UniqueConstraint(
                fields=["concept", "lang"],
                condition=models.Q(preferred=True),
                name="terms_one_preferred_per_language",
            ),
            models.CheckConstraint(
                condition=models.Q(lang__in=LANGS), name="terms_term_lang_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lang}: {self.text}"
