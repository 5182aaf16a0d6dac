"""The budget of the Organisation and of the Secretariat (SEC-BUDGET): articles, the member
states' assessed contributions and their payments, spending per article; and experts recruited
on single-term contracts with the member states' consent, within the budget (SEC-EXPERTS).

Money is ``Decimal`` to the cent with a currency code; never float.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.consent import MemberConsent
from secretariat.core.in_languages import shown_text, text_columns
from secretariat.core.lang import current_lang
from secretariat.registry.models import State

#: Every amount: DecimalField(max_digits=15, decimal_places=2), below 10^13 units, to the cent.
#: 15 digits, not more: SQLite keeps a decimal as a double, which holds 15 exactly (see
#: core/columns.py, which refuses more before the database sees it).
CENT = Decimal("0.01")
AMOUNT_DIGITS = 15
#: The largest amount a column keeps; the CHECK constraints hold every amount to it.
AMOUNT_MAX = Decimal("9999999999999.99")


def _within(field: str, name: str, *, positive: bool = False) -> models.CheckConstraint:
    """The database's own rule that an amount is in range: not negative (more than 0 if
    ``positive``) and at most AMOUNT_MAX."""
    low = models.Q(**{f"{field}__gt" if positive else f"{field}__gte": 0})
    return models.CheckConstraint(
        condition=low & models.Q(**{f"{field}__lte": AMOUNT_MAX}), name=name
    )


def _trilingual(row: models.Model, prefix: str) -> str:
    lang = current_lang()
    return str(getattr(row, f"{prefix}_{lang}") or getattr(row, f"{prefix}_en"))


class Holder(models.TextChoices):
    ORGANISATION = "organisation", _("the Organisation")
    SECRETARIAT = "secretariat", _("the Secretariat")


class Budget(models.Model):
    """One year's budget of one holder (the Organisation or the Secretariat), in one currency."""

    year = models.PositiveSmallIntegerField(_("Year"))
    holder = models.CharField(max_length=12, choices=Holder.choices)
    #: ISO 4217 code; every article, payment and fee of this budget is in it.
    currency = models.CharField(max_length=3)
    #: The day by which the year's assessed contributions are due (data per year).
    contributions_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "holder"]
        constraints = [
            models.UniqueConstraint(fields=["year", "holder"], name="budget_once_per_year_holder"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="budget_year_kept"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.holder}"


class Article(models.Model):
    """A line of the budget: what it is for and how much is planned."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="articles")
    #: The article's code in the budget ("1.2", "STAFF").
    code = models.CharField(max_length=20)
    name_en = models.CharField(max_length=300)
    name_ru = models.CharField(max_length=300, blank=True)
    name_zh = models.CharField(max_length=300, blank=True)
    #: Planned amount, in the budget's currency.
    amount = models.DecimalField(_("Amount planned"), max_digits=AMOUNT_DIGITS, decimal_places=2)

    class Meta:
        ordering = ["budget", "code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="budget_article_code_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_article_not_negative"
            ),
            _within("amount", "budget_article_amount_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.code}"

    @property
    def name(self) -> str:
        return _trilingual(self, "name")


class ArticleAmendment(models.Model):
    """A change of an article's planned amount by a decision (of the Council of National
    Coordinators, say): the amount before and after, the decision, and who recorded it.

    The first amendment's ``amount_before`` is the amount approved; the article's ``amount``
    is the amount as last amended.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="amendments")
    amount_before = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=2)
    amount_after = models.DecimalField(
        _("Amount as amended"), max_digits=AMOUNT_DIGITS, decimal_places=2
    )
    #: The decision that amends the article ("CNC decision No. 12 of 2026-03-04").
    reason_en, reason_ru, reason_zh = text_columns(
        en=_("decision in English"),
        ru=_("decision in Russian"),
        zh=_("decision in Chinese"),
        max_length=None,
    )
    reason = shown_text("reason")
    #: The day of the decision (not in the future).
    decided_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_after__gte=0), name="budget_amendment_not_negative"
            ),
            _within("amount_before", "budget_amendment_before_in_range"),
            _within("amount_after", "budget_amendment_after_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.amount_before} -> {self.amount_after}"


class Contribution(models.Model):
    """A member state's assessed contribution to a year's budget: its share and what it owes."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="contributions")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="contributions")
    #: Percentage of the budget, as in the shares file (17.6 = 17.6 %).
    share = models.DecimalField(max_digits=7, decimal_places=4)
    #: Budget total × share, to the cent (ROUND_HALF_UP, remainder placed so the sum is exact).
    due = models.DecimalField(_("Due"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    #: Where the shares came from (the shares file's source, or "given").
    source = models.CharField(max_length=500, blank=True)
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["budget", "-share", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "state"], name="budget_contribution_once"),
            models.CheckConstraint(
                condition=models.Q(share__gte=0, share__lte=100),
                name="budget_contribution_share_percent",
            ),
            _within("due", "budget_contribution_due_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.state_id} {self.due}"


class Payment(models.Model):
    """A payment received from a member state towards its contribution."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="payments"
    )
    received_on = models.DateField()
    amount = models.DecimalField(_("Amount received"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    currency = models.CharField(max_length=3)
    #: The bank's or the treasury's reference; one payment per reference and budget.
    reference = models.CharField(max_length=100)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="budget_payment_positive"
            ),
            _within("amount", "budget_payment_amount_in_range", positive=True),
        ]

    def __str__(self) -> str:
        return f"{self.contribution} {self.received_on} {self.amount} {self.currency}"


class Expert(models.Model):
    """A person the Secretariat recruits for research on an issue of concern to the SCO."""

    full_name = models.CharField(max_length=200)
    #: The state whose citizen the expert is, when known.
    citizenship = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name


class ContractStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("awaiting the member states' consent")
    CONCLUDED = "concluded", _("concluded")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ExpertContract(models.Model):
    """A single-term contract: one expert, one piece of research, one term, one fee."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="contracts")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="contracts")
    #: The research the contract is for.
    subject_en, subject_ru, subject_zh = text_columns(
        en=_("research in English"),
        ru=_("research in Russian"),
        zh=_("research in Chinese"),
        max_length=500,
    )
    subject = shown_text("subject")
    starts_on = models.DateField()
    ends_on = models.DateField()
    fee = models.DecimalField(_("Fee"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=ContractStatus.choices, default=ContractStatus.AWAITING_CONSENT
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="budget_contract_term_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(fee__gt=0), name="budget_contract_fee_positive"
            ),
            _within("fee", "budget_contract_fee_in_range", positive=True),
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.starts_on}..{self.ends_on}"


class Consent(MemberConsent):
    """One member state's answer on a contract: given, withheld, or not yet (``given`` None).

    A row is made for every member state when the contract is proposed.
    """

    answer_field = "given"

    contract = models.ForeignKey(ExpertContract, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField(null=True)

    class Meta:
        ordering = ["contract", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "state"], name="budget_consent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.state_id} {self.given}"


class Spending(models.Model):
    """Money spent under an article (an expert's fee paid names the contract)."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="spendings")
    contract = models.ForeignKey(
        ExpertContract, null=True, blank=True, on_delete=models.PROTECT, related_name="spendings"
    )
    spent_on = models.DateField()
    amount = models.DecimalField(_("Amount spent"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    #: Always the budget's currency (the service refuses another).
    currency = models.CharField(max_length=3)
    description_en, description_ru, description_zh = text_columns(
        en=_("what for in English"),
        ru=_("what for in Russian"),
        zh=_("what for in Chinese"),
        max_length=500,
    )
    description = shown_text("description")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="budget_spending_positive"
            ),
            _within("amount", "budget_spending_amount_in_range", positive=True),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.spent_on} {self.amount}"
