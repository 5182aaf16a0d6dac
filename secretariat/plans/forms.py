"""Forms of the plans pages; they parse input only, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import User
from secretariat.core.in_languages import InLanguagesForm, NamedChoice, in_three_languages
from secretariat.core.widgets import DateInput
from secretariat.decisions.models import Decision
from secretariat.decisions.selectors import decisions_visible
from secretariat.documents.forms import area_choices
from secretariat.meetings.models import Meeting
from secretariat.meetings.selectors import meetings_visible
from secretariat.plans.models import Plan, PlanKind
from secretariat.procedure.planning import plan_kind
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import Body

DATE = DateInput()


def _meetings(user: User, field: Any, *, body: str | None = None) -> None:
    found = meetings_visible(user).select_related("body").order_by("-date_start")
    field.queryset = found.filter(body__code=body) if body else found
    field.label_from_instance = lambda m: f"{m.title} ({m.date_start:%Y-%m-%d})"


def _decisions(user: User, field: Any) -> None:
    field.queryset = decisions_visible(user)
    field.label_from_instance = lambda d: f"{d.number} {d.title}"


def _titles() -> tuple[forms.CharField, forms.CharField, forms.CharField]:
    return in_three_languages(
        ru=_("Title in Russian"), zh=_("Title in Chinese"), en=_("Title in English"), max_length=500
    )


class PlanForm(InLanguagesForm):
    one_language_required = ("title",)
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    title_ru, title_zh, title_en = _titles()
    start = forms.DateField(
        label=_("First day (general plan, body's plan)"), widget=DATE, required=False
    )
    end = forms.DateField(
        label=_("Last day (body's plan; Board's plan when its next meeting is not planned)"),
        widget=DATE,
        required=False,
    )
    body = NamedChoice(
        label=_("Body (body's plan)"),
        queryset=Body.objects.all(),
        to_field_name="code",
        required=False,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting of the Board that approves it (Board's plan)"),
        queryset=Meeting.objects.none(),
        required=False,
    )
    next_meeting = forms.ModelChoiceField(
        label=_("Next meeting of the Board (Board's plan)"),
        queryset=Meeting.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The Board's plan is approved at a meeting of its approving body, and ends the day
        # before that body's next meeting (workflows.yaml: plans).
        approver = plan_kind(rulebook(), PlanKind.BOARD).approver
        _meetings(user, self.fields["meeting"], body=approver)
        _meetings(user, self.fields["next_meeting"], body=approver)


class ItemForm(InLanguagesForm):
    one_language_required = ("title",)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_ru, title_zh, title_en = in_three_languages(
        ru=_("Item in Russian"), zh=_("Item in Chinese"), en=_("Item in English"), max_length=500
    )
    body = NamedChoice(
        label=_("Body responsible"), queryset=Body.objects.all(), to_field_name="code"
    )
    planned_on = forms.DateField(label=_("Planned for"), widget=DATE)
    month_only = forms.BooleanField(label=_("Only the month is planned"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Areas of cooperation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings"), queryset=Meeting.objects.none(), required=False
    )
    decisions = forms.ModelMultipleChoiceField(
        label=_("Decisions"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]
        _meetings(user, self.fields["meetings"])
        _decisions(user, self.fields["decisions"])


class RatsForm(InLanguagesForm):
    one_language_required = ("text",)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    participated_on = forms.DateField(label=_("RATS took part on"), widget=DATE)
    text_ru, text_zh, text_en = in_three_languages(
        ru=_("How RATS took part, in Russian"),
        zh=_("How RATS took part, in Chinese"),
        en=_("How RATS took part, in English"),
        textarea=True,
    )


class SubmitForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE, required=False)


class ApproveForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    meeting = forms.ModelChoiceField(
        label=_("At the meeting (the CNC's)"), queryset=Meeting.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("By the decision"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A body's work plan is approved at a meeting of its approving body (the CNC's).
        _meetings(user, self.fields["meeting"], body=plan_kind(rulebook(), PlanKind.BODY).approver)
        _decisions(user, self.fields["decision"])


class ReturnForm(InLanguagesForm):
    one_language_required = ("remarks",)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remarks_ru, remarks_zh, remarks_en = in_three_languages(
        ru=_("The Council's remarks in Russian"),
        zh=_("The Council's remarks in Chinese"),
        en=_("The Council's remarks in English"),
        textarea=True,
    )
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE, required=False)


class DoneForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    item = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    meeting = forms.ModelChoiceField(
        label=_("By the meeting"), queryset=Meeting.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("By the decision"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _meetings(user, self.fields["meeting"])
        _decisions(user, self.fields["decision"])


class CarryForm(InLanguagesForm):
    one_language_required = ("note",)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    item = forms.IntegerField(widget=forms.HiddenInput)
    note_ru, note_zh, note_en = in_three_languages(
        ru=_("Why it is carried over, in Russian"),
        zh=_("Why it is carried over, in Chinese"),
        en=_("Why it is carried over, in English"),
        textarea=True,
    )
    into = forms.ModelChoiceField(
        label=_("Into the plan"), queryset=Plan.objects.none(), required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["into"]
        field.queryset = Plan.objects.filter(
            kind=plan.kind, body=plan.body, start__gt=plan.end
        ).order_by("start")
        field.label_from_instance = lambda p: f"{p.title} ({p.start:%Y-%m-%d} – {p.end:%Y-%m-%d})"
