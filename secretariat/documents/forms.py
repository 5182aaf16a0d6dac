"""Forms of the documents pages; each step's form parses, the service decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import SecretariatError
from secretariat.core.lang import current_lang, names_of
from secretariat.core.widgets import DateInput
from secretariat.documents.models import (
    AssessmentKind,
    Conclusion,
    DocLang,
    DocumentType,
    Resolution,
)
from secretariat.documents.services import may_draft, upload_read
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import Body


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def area_choices() -> list[tuple[str, str]]:
    rule = rulebook().rule("STRAT-AREAS")
    lang = current_lang()
    names = {a["code"]: a["name"][lang] for a in rule.extra.get("areas", [])}
    return [(code, names.get(code, code)) for code in rule.param("areas")]


class BodyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    """Bodies by their name in the reader's language, never by code or in English only."""

    def label_from_instance(self, obj: Any) -> str:
        return names_of(obj)[current_lang()]


class DocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=DocumentType.choices)
    body = BodyChoiceField(
        label=_("Body that considers it"),
        queryset=Body.objects.order_by("position", "code"),
        to_field_name="code",
    )
    # Side by side in the order the texts are: the authentic Russian and Chinese, then English.
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=500, required=False)
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=500, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=500, required=False)
    areas = forms.MultipleChoiceField(
        label=_("Areas of cooperation"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, drafter: str | None = None, **kwargs: object) -> None:
        """``drafter``: the kind of the user's delegation, to offer only the bodies it
        drafts for (the drafting data); the service decides again on submission."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]
        if drafter is not None:
            codes = [b.code for b in Body.objects.all() if may_draft(drafter, b)]
            self.fields["body"].queryset = Body.objects.filter(code__in=codes).order_by("code")  # type: ignore[attr-defined]  # a ModelChoiceField


#: The languages as the reader names them (DocLang's labels are each language's own name).
LANGUAGE_NAMES = [
    (DocLang.RU.value, _("Russian")),
    (DocLang.ZH.value, _("Chinese")),
    (DocLang.EN.value, _("English")),
]


class TextForm(VersionForm):
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_NAMES)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    file = forms.FileField(
        label=_("Or a file (docx, odt, pdf, txt)"), required=False, allow_empty_file=True
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        """Read the file here, before the step's transaction opens (see ``upload_read``): a
        file refused (too large, too complex, damaged) is a field error, in the user's
        language, with its stable code."""
        data = super().clean() or {}
        file = data.get("file")
        data["upload"] = None
        if file is not None:
            try:
                data["upload"] = upload_read(file.read(), file.name or "upload")
            except SecretariatError as error:
                self.add_error("file", forms.ValidationError(error.render(), code=error.code))
        return data


class ParagraphCheckForm(VersionForm):
    lang = forms.ChoiceField(choices=DocLang.choices)
    key = forms.CharField(max_length=64)


class ConsultationForm(VersionForm):
    cnc_agreed_on = forms.DateField(label=_("Agreed with the CNC on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Comments until"), widget=DateInput())


class CommentForm(forms.Form):
    reference = forms.CharField(label=_("Article or paragraph"), max_length=200, required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea)


class ResolutionForm(VersionForm):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[c for c in Resolution.choices if c[0] != Resolution.OPEN],
    )
    note = forms.CharField(label=_("Why"), max_length=2000, required=False)


class AssessmentForm(VersionForm):
    kind = forms.ChoiceField(label=_("Assessment"), choices=AssessmentKind.choices)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    text = forms.CharField(label=_("Findings"), widget=forms.Textarea)


class CirculationForm(VersionForm):
    cnc_consent_on = forms.DateField(
        label=_("The CNC consented on"),
        required=False,
        widget=DateInput(),
    )
    circulated_on = forms.DateField(label=_("Circulated on"), required=False, widget=DateInput())
