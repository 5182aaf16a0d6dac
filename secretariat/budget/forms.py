"""The forms of the budget pages: a budget, an article and its amendment, spending, a
payment, an expert's contract and a member state's consent to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from secretariat.budget.models import Budget, Holder
from secretariat.core.in_languages import InLanguagesForm, NamedChoice, in_three_languages
from secretariat.core.widgets import DateInput
from secretariat.registry.models import State

DATE = DateInput()
# Amounts carry no max_digits here: the services refuse an amount the columns cannot hold with
# the code the API gives (amount_out_of_range), so a page and the API answer alike.


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    holder = forms.ChoiceField(label=gettext_lazy("Budget of"), choices=Holder.choices)
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3, initial="USD")
    contributions_due_on = forms.DateField(
        label=gettext_lazy("Contributions due by"), widget=DATE, required=False
    )


class ArticleForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Article"), max_length=20)
    # Russian and Chinese first; the English name is the one the budget's exports key on.
    name_ru = forms.CharField(
        label=gettext_lazy("Name in Russian"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ru"}),
    )
    name_zh = forms.CharField(
        label=gettext_lazy("Name in Chinese"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "zh-Hans"}),
    )
    name_en = forms.CharField(
        label=gettext_lazy("Name in English"),
        max_length=300,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    amount = forms.DecimalField(label=gettext_lazy("Amount planned"))


class AmendForm(InLanguagesForm):
    one_language_required = gathered = ("reason",)
    amount = forms.DecimalField(label=gettext_lazy("Amount as amended"))
    reason_ru, reason_zh, reason_en = in_three_languages(
        ru=gettext_lazy("Decision in Russian"),
        zh=gettext_lazy("Decision in Chinese"),
        en=gettext_lazy("Decision in English"),
        textarea=True,
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE)


class SpendingForm(InLanguagesForm):
    one_language_required = gathered = ("description",)
    article = forms.ChoiceField(label=gettext_lazy("Article"))
    amount = forms.DecimalField(label=gettext_lazy("Amount spent"))
    spent_on = forms.DateField(label=gettext_lazy("Spent on"), widget=DATE)
    description_ru, description_zh, description_en = in_three_languages(
        ru=gettext_lazy("What for, in Russian"),
        zh=gettext_lazy("What for, in Chinese"),
        en=gettext_lazy("What for, in English"),
        max_length=500,
    )

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The budget's articles by their code and name in the reader's language.
        field: Any = self.fields["article"]
        field.choices = [(a.code, f"{a.code}. {a.name}") for a in budget.articles.all()]


class PaymentForm(forms.Form):
    state = NamedChoice(
        label=gettext_lazy("Member state"), queryset=State.objects.all(), to_field_name="code"
    )
    amount = forms.DecimalField(label=gettext_lazy("Amount received"))
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DATE)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=100)


class _BudgetChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    def label_from_instance(self, obj: Any) -> str:
        return str(
            gettext_lazy("%(year)s — %(holder)s")
            % {"year": obj.year, "holder": obj.get_holder_display()}
        )


class ContractForm(InLanguagesForm):
    one_language_required = gathered = ("subject",)
    expert_name = forms.CharField(label=gettext_lazy("Expert's full name"), max_length=200)
    budget = _BudgetChoice(label=gettext_lazy("Budget"), queryset=Budget.objects.all())
    article = forms.CharField(label=gettext_lazy("Article"), max_length=20)
    subject_ru, subject_zh, subject_en = in_three_languages(
        ru=gettext_lazy("Research in Russian"),
        zh=gettext_lazy("Research in Chinese"),
        en=gettext_lazy("Research in English"),
        max_length=500,
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)
    fee = forms.DecimalField(label=gettext_lazy("Fee"))


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=gettext_lazy("Consent"),
        choices=[("yes", gettext_lazy("give")), ("no", gettext_lazy("withhold"))],
        coerce=lambda v: v == "yes",
    )
