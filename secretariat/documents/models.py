"""Draft and adopted documents: their language versions (one row each), the revisions of each
text, uploaded files, expert consultations, preliminary assessments and circulation.

A document moves draft -> (consultation) -> circulated -> adopted; services.py takes every
step and the rules (SEC-CONSULT, SEC-ASSESS, SEC-CIRCULATE-CNC, SEC-CIRCULATE-20D) guard it.
Who may see a document follows accounts.access.Visibility: its owner delegation and the
Secretariat always, every member once circulated, everyone once published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import Delegation
from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.meetings.models import AgendaItem, AgendaProposal, Meeting
from secretariat.registry.models import Body


class DocumentType(models.TextChoices):
    DECISION = "decision", _("decision")
    DECLARATION = "declaration", _("declaration")
    AGREEMENT = "agreement", _("agreement or treaty")
    REGULATION = "regulation", _("regulation")
    PLAN = "plan", _("plan")
    REPORT = "report", _("report")
    AGENDA = "agenda", _("agenda")
    MINUTES = "minutes", _("minutes")
    INFORMATION_NOTE = "information_note", _("information note")


#: Drafts that need the Secretariat's preliminary legal and financial assessment (SEC-ASSESS).
ASSESSED_TYPES = frozenset({DocumentType.AGREEMENT, DocumentType.REGULATION})


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("in expert consultation")
    CIRCULATED = "circulated", _("circulated to the member states")
    ADOPTED = "adopted", _("adopted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DocLang(models.TextChoices):
    RU = "ru", "Русский"
    ZH = "zh", "中文"
    EN = "en", "English"


#: Each language version as a page names it (never by its code).
TEXT_NAMES = {
    DocLang.RU.value: _("the Russian text"),
    DocLang.ZH.value: _("the Chinese text"),
    DocLang.EN.value: _("the English text"),
}

#: The order texts are shown and reproduced in: the working languages, then English.
LANG_ORDER = {DocLang.RU.value: 0, DocLang.ZH.value: 1, DocLang.EN.value: 2}


def authentic_first(lang: str, authentic: bool) -> tuple[bool, int]:
    """A sort key: authentic texts first, each group in LANG_ORDER."""
    return (not authentic, LANG_ORDER.get(lang, len(LANG_ORDER)))


class Document(models.Model):
    """A document of the Organisation, from its first draft to its adoption."""

    type = models.CharField(max_length=20, choices=DocumentType.choices)
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    #: The body that considers (and adopts) it.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    #: The member states' proposals it was prepared from.
    proposals = models.ManyToManyField(AgendaProposal, blank=True, related_name="documents")
    #: Codes of the Strategy's areas of cooperation (STRAT-AREAS).
    areas = models.JSONField(default=list, blank=True)
    #: Who prepared it: a member state's delegation or the Secretariat.
    owner_delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="documents"
    )
    is_public = models.BooleanField(default=False)
    circulated_to_members = models.BooleanField(default=False)
    circulated_to = models.ManyToManyField(Delegation, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Raised by every change, so a caller acting on an old view gets "stale_document".
    version = models.PositiveIntegerField(default=1)
    adopted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title_en or self.title_ru or self.title_zh

    @property
    def title(self) -> str:
        """The title in the reader's language, else in Russian, Chinese, English (plain
        text, for a page's <title>; pages mark a stand-in with ``{% translated %}``)."""
        shown = translated(self, "title", current_lang())
        return shown.text if shown is not None else ""


class LanguageVersion(models.Model):
    """The document in one language; Russian and Chinese are authentic, others translations
    unless the document says otherwise. One row per language: a second is refused."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="languages")
    lang = models.CharField(max_length=2, choices=DocLang.choices)
    authentic = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "lang"]
        constraints = [
            models.UniqueConstraint(fields=["document", "lang"], name="document_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.lang}"

    @property
    def current(self) -> Revision | None:
        return self.revisions.order_by("-number").first()


class Revision(models.Model):
    """One version of a language version's text, with who made it, when, and its file."""

    language_version = models.ForeignKey(
        LanguageVersion, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    #: The uploaded file (docx, odt, pdf) the text was extracted from, if any.
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    #: SHA-256 of the file, or of the text (UTF-8) when typed in.
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=500, blank=True)
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["language_version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["language_version", "number"], name="revision_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language_version} v{self.number}"


class Consultation(models.Model):
    """A round of expert consultations of the member states on a draft (SEC-CONSULT)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="consultations")
    #: The day the CNC agreed the consultation (it is arranged with the CNC).
    cnc_agreed_on = models.DateField()
    closes_on = models.DateField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "opened_at"]

    def __str__(self) -> str:
        return f"consultation on {self.document_id} until {self.closes_on}"


class Resolution(models.TextChoices):
    OPEN = "open", _("not resolved yet")
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("not accepted")


class Comment(models.Model):
    """A delegation's comment in a consultation, and how the Secretariat resolved it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    #: Where in the text (article, paragraph), as the delegation wrote it.
    reference = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    resolution_note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["consultation", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delegation_id} on {self.consultation_id}"


class AssessmentKind(models.TextChoices):
    LEGAL = "legal", _("legal")
    FINANCIAL = "financial", _("financial")


class Conclusion(models.TextChoices):
    FAVOURABLE = "favourable", _("no objection")
    REMARKS = "remarks", _("with remarks")
    UNFAVOURABLE = "unfavourable", _("objections")


class Assessment(models.Model):
    """The Secretariat's preliminary legal or financial assessment of a draft (SEC-ASSESS)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    conclusion = models.CharField(max_length=12, choices=Conclusion.choices)
    text = models.TextField()
    #: The revision numbers (per language) the assessment read.
    revisions = models.JSONField(default=dict, blank=True)
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} assessment of {self.document_id}"


class DocumentCirculation(models.Model):
    """The draft sent to the member states, with the CNC's consent (SEC-CIRCULATE-CNC)."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="circulation")
    #: The day the CNC consented to the circulation.
    cnc_consent_on = models.DateField()
    circulated_on = models.DateField()
    #: The latest day by SEC-CIRCULATE-20D, counted from the meeting; None without a meeting.
    due = models.DateField(null=True, blank=True)
    late = models.BooleanField(default=False)
    #: The revision numbers (per language) that were sent.
    revisions = models.JSONField(default=dict, blank=True)
    #: The verdict of the step, in en/ru/zh, citing its rules.
    verdict = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.document_id} circulated on {self.circulated_on}"


class ParagraphMark(models.Model):
    """What one language's text of an aligned paragraph was last revised against.

    Keyed by the hash of that text (procedure.currency.text_key): ``against`` holds, for each
    version it follows (the authentic ones, procedure.currency.FOLLOWS), the hash of that
    version's aligned text when this one was written or checked. Where a followed text's hash
    differs now, this paragraph's translation is out of date.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="marks")
    lang = models.CharField(max_length=2, choices=DocLang.choices)
    #: SHA-256 of the language's text of the aligned row.
    key = models.CharField(max_length=64)
    #: Followed language -> SHA-256 of its text of the row, as revised against.
    against = models.JSONField(default=dict, blank=True)
    #: The revision of this language that wrote the text, or that was current when checked.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    #: Set when a translator marked the paragraph checked against the texts it follows.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "lang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "lang", "key"], name="paragraph_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.lang}/{self.key[:12]}"
