"""Forms of the decisions pages: record a decision, add a task, report progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from secretariat.accounts.models import User
from secretariat.core.in_languages import InLanguagesForm, NamedChoice, in_three_languages
from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.core.widgets import DateInput
from secretariat.decisions.models import Responsible, TaskStatus
from secretariat.documents.forms import area_choices
from secretariat.documents.models import Document, DocumentStatus
from secretariat.documents.selectors import documents_visible
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.selectors import meetings_visible
from secretariat.registry.models import Body, State


class TaskForm(InLanguagesForm):
    one_language_required = ("title",)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_ru, title_zh, title_en = in_three_languages(
        ru=gettext_lazy("Task in Russian"),
        zh=gettext_lazy("Task in Chinese"),
        en=gettext_lazy("Task in English"),
        max_length=500,
    )
    responsible = forms.ChoiceField(
        label=gettext_lazy("Who answers for it"), choices=Responsible.choices
    )
    body = NamedChoice(
        label=gettext_lazy("Body"),
        queryset=Body.objects.all(),
        to_field_name="code",
        required=False,
    )
    state = NamedChoice(
        label=gettext_lazy("Member state"),
        queryset=State.objects.all(),
        to_field_name="code",
        required=False,
    )
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DateInput())


class ReportForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    task = forms.IntegerField(widget=forms.HiddenInput)
    percent = forms.IntegerField(label=gettext_lazy("Done (%)"), min_value=-1000, max_value=1000)
    status = forms.ChoiceField(
        label=gettext_lazy("Where it stands"),
        choices=[("", "—"), *[c for c in TaskStatus.choices if c[0] != TaskStatus.OPEN]],
        required=False,
    )
    text = forms.CharField(label=gettext_lazy("What was done"), widget=forms.Textarea)


class RecordForm(forms.Form):
    item = forms.ModelChoiceField(
        label=gettext_lazy("Item adopted at a meeting"), queryset=AgendaItem.objects.none()
    )
    document = forms.ModelChoiceField(
        label=gettext_lazy("Document it adopts"), queryset=Document.objects.none(), required=False
    )
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Areas of cooperation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(label=gettext_lazy("Public"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = meetings_visible(user).values("pk")
        item: Any = self.fields["item"]
        item.queryset = (
            AgendaItem.objects.filter(
                meeting__in=meetings, adopted=True, decision_record__isnull=True
            )
            .select_related("meeting")
            .order_by("-meeting__date_start", "number")
        )
        # The item's title in the reader's language, or the one given (the drop-down cannot
        # mark a stand-in; the pages do).
        item.label_from_instance = lambda i: (
            f"{i.meeting.title} — {i.number}. {translated(i, 'title', current_lang())}"
        )
        document: Any = self.fields["document"]
        document.queryset = documents_visible(user).filter(
            status__in=[
                DocumentStatus.DRAFT,
                DocumentStatus.CONSULTATION,
                DocumentStatus.CIRCULATED,
            ],
            decision__isnull=True,
        )
        document.label_from_instance = lambda d: d.title
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]
