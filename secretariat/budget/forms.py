"""The forms of the budget pages: a budget, an article and its amendment, spending, a
payment, an expert's contract and a member state's consent to it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from secretariat.budget.models import Budget, Holder
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
    name_en = forms.CharField(label=gettext_lazy("Name, in English"), max_length=300)
    name_ru = forms.CharField(label=gettext_lazy("in Russian"), max_length=300, required=False)
    name_zh = forms.CharField(label=gettext_lazy("in Chinese"), max_length=300, required=False)
    amount = forms.DecimalField(label=gettext_lazy("Amount planned"))


class AmendForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Amount as amended"))
    reason = forms.CharField(
        label=gettext_lazy("Decision"),
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": gettext_lazy("For example: CNC decision No. 12 of 2026-03-04"),
            }
        ),
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE)


class SpendingForm(forms.Form):
    article = forms.CharField(label=gettext_lazy("Article"), max_length=20)
    amount = forms.DecimalField(label=gettext_lazy("Amount spent"))
    spent_on = forms.DateField(label=gettext_lazy("Spent on"), widget=DATE)
    description = forms.CharField(label=gettext_lazy("What for"), max_length=500)


class PaymentForm(forms.Form):
    state = forms.ModelChoiceField(
        label=gettext_lazy("Member state"),
        queryset=State.objects.order_by("code"),
        to_field_name="code",
    )
    amount = forms.DecimalField(label=gettext_lazy("Amount received"))
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DATE)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=100)


class ContractForm(forms.Form):
    expert_name = forms.CharField(label=gettext_lazy("Expert's full name"), max_length=200)
    budget = forms.ModelChoiceField(label=gettext_lazy("Budget"), queryset=Budget.objects.all())
    article = forms.CharField(label=gettext_lazy("Article"), max_length=20)
    subject = forms.CharField(label=gettext_lazy("Research"), max_length=500)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)
    fee = forms.DecimalField(label=gettext_lazy("Fee"))


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=gettext_lazy("Consent"),
        choices=[("yes", gettext_lazy("give")), ("no", gettext_lazy("withhold"))],
        coerce=lambda v: v == "yes",
    )
