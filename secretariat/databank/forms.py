"""The search form: the query and its filters, read from the page's address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.collation import by_names, sorted_by_name
from secretariat.core.widgets import DateInput
from secretariat.databank.search.service import MAX_QUERY
from secretariat.databank.search.shapes import Filters
from secretariat.documents.models import DocumentType
from secretariat.registry.models import Body

KIND_CHOICES = [
    ("document", _("Documents")),
    ("decision", _("Decisions")),
    ("meeting", _("Meetings and agendas")),
    ("minutes", _("Minutes")),
    ("organisation", _("Partner organisations")),
    ("source", _("Regulations and other texts")),
    ("news", _("News and briefings")),
    ("catalogue", _("The information catalogue")),
]
#: Languages named in the reader's language, never by code.
LANG_CHOICES = [("ru", _("Russian")), ("zh", _("Chinese")), ("en", _("English"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY * 4, required=False, strip=True)
    kind = forms.MultipleChoiceField(
        label=_("What"), choices=KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    lang = forms.MultipleChoiceField(
        label=_("Language"),
        choices=LANG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    body = forms.ChoiceField(label=_("Body"), required=False)
    type = forms.ChoiceField(label=_("Type of document"), required=False)
    area = forms.CharField(label=_("Area of cooperation (code)"), required=False, max_length=40)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = [(b.code, b.name) for b in sorted_by_name(Body.objects.all(), by_names)]
        self.fields["body"].choices = [("", _("Any")), *bodies]  # type: ignore[attr-defined]
        self.fields["type"].choices = [("", _("Any")), *DocumentType.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The first day comes after the last."), code="search_dates"
            )
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kinds=data.get("kind") or (),
            langs=data.get("lang") or (),
            bodies=[data["body"]] if data.get("body") else (),
            doc_types=[data["type"]] if data.get("type") else (),
            areas=[data["area"].strip().upper()] if data.get("area") else (),
            day_from=data.get("date_from"),
            day_to=data.get("date_to"),
        )
