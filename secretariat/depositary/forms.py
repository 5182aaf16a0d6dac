"""Forms of the depositary pages: register an original, record a copy handed over or
received, verify a certified copy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from secretariat.core.in_languages import InLanguagesForm, in_three_languages
from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.core.widgets import DateInput
from secretariat.depositary.models import DispatchMethod
from secretariat.documents.models import Document, DocumentStatus
from secretariat.texts.extract import UploadTooLargeError, verify_max_bytes


class _DocumentChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    def label_from_instance(self, obj: Any) -> str:
        # The title in the reader's language (or the one given, unmarked: an option cannot
        # carry the mark; the register's pages do).
        return str(translated(obj, "title", current_lang()) or obj.pk)


class OriginalForm(InLanguagesForm):
    one_language_required = gathered = ("storage_location",)
    document = _DocumentChoice(
        label=gettext_lazy("Adopted document"),
        queryset=Document.objects.filter(status=DocumentStatus.ADOPTED, original__isnull=True),
    )
    received_on = forms.DateField(label=gettext_lazy("Original received on"), widget=DateInput())
    storage_location_ru, storage_location_zh, storage_location_en = in_three_languages(
        ru=gettext_lazy("Kept at, in Russian"),
        zh=gettext_lazy("Kept at, in Chinese"),
        en=gettext_lazy("Kept at, in English"),
        max_length=300,
    )
    scan = forms.FileField(label=gettext_lazy("Scan of the original (PDF)"), allow_empty_file=True)
    concerns_rats = forms.BooleanField(label=gettext_lazy("It concerns RATS"), required=False)


class DispatchForm(forms.Form):
    copy = forms.IntegerField(widget=forms.HiddenInput)
    dispatched_on = forms.DateField(label=gettext_lazy("Handed over on"), widget=DateInput())
    method = forms.ChoiceField(label=gettext_lazy("How"), choices=DispatchMethod.choices)


class ReceiptForm(forms.Form):
    copy = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The certified copy (PDF)"), allow_empty_file=True)


def verify_upload_read(file: UploadedFile[bytes]) -> bytes:
    """The bytes of a copy sent to the public check, refused (413) past its limit unread.

    The request's body was already held to that limit, before it was read, by
    ``secretariat.web.limits``; this catches the last bytes its allowance for the form's
    other fields lets through.
    """
    limit = verify_max_bytes()
    if (file.size or 0) > limit:
        raise UploadTooLargeError(filename=file.name or "", size=file.size or 0, limit=limit)
    return bytes(file.read(limit + 1))
