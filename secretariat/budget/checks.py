"""Checks of the budget's plain values before a service works with them: a currency code, an
amount of money the columns can hold, a share, a day not in the future, a name in three
languages, a budget total that contributions can be assessed from. Each refuses with a stable
code and a catalogue sentence (``procedure/messages/budget.yaml``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db.models import Model
from django.utils import timezone

from secretariat.budget.models import AMOUNT_MAX, Budget
from secretariat.core.columns import amount_out_of_range
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.procedure.apportion import CENT
from secretariat.procedure.formatting import Money
from secretariat.registry.models import State

BUDGET = ("SEC-BUDGET",)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency(value: str) -> str:
    code = (value or "").strip().upper()
    if not _CURRENCY.match(code):
        raise refuse("budget_bad_currency", "budget.bad_currency", BUDGET, currency=value)
    return code


def amount(
    value: Decimal | str | int, field: tuple[type[Model], str], *, positive: bool = False
) -> Decimal:
    """An amount of money for ``field`` (model, name): a Decimal to the cent, not negative
    (more than 0 if ``positive``), that the column can hold.

    Text that is not a finite number ("12,50", "abc", "NaN") is refused, not raised as a
    decimal error; an amount above AMOUNT_MAX with the code the columns' backstop gives
    (``amount_out_of_range``), the same through the pages and the API.
    """
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise refuse(
            "budget_bad_amount", "budget.bad_amount", BUDGET, amount=_shown(value)
        ) from None
    if not amount.is_finite():
        raise refuse("budget_bad_amount", "budget.bad_amount", BUDGET, amount=_shown(value))
    if amount < 0:
        raise refuse("budget_negative_amount", "budget.negative_amount", BUDGET, amount=amount)
    if amount > AMOUNT_MAX:
        model, name = field
        raise amount_out_of_range(model._meta.get_field(name))  # type: ignore[arg-type]
    if positive and amount == 0:
        raise refuse(
            "budget_amount_not_positive", "budget.amount_not_positive", BUDGET, amount=amount
        )
    if amount != amount.quantize(CENT):
        raise refuse(
            "budget_amount_not_cents", "budget.amount_not_cents", BUDGET, amount=_shown(amount)
        )
    return amount.quantize(CENT)


def _shown(value: object) -> str:
    """A value as a refusal quotes it: cut after 40 characters (a megabyte of digits is not
    sent back)."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def share(code: str, value: Decimal | str) -> Decimal:
    """A state's share, a finite percentage ("17.6"); other text is refused, not raised."""
    try:
        share = Decimal(str(value).strip())
    except InvalidOperation:
        share = Decimal("NaN")
    if not share.is_finite():
        # The state by its name in the reader's language (a code it does not know as given).
        state = State.objects.filter(code=code.strip().upper()[:10]).first()
        who = names_of(state) if state is not None else code[:10]
        raise refuse("budget_bad_share", "budget.bad_share", BUDGET, code=who, share=_shown(value))
    return share


def not_future(day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise refuse("budget_date_in_future", "budget.date_in_future", BUDGET, day=day)
    return day


def trilingual(value: Mapping[str, str], required: str) -> dict[str, str]:
    text = {lang: (value.get(lang) or "").strip() for lang in ("en", "ru", "zh")}
    if not text["en"]:
        raise refuse(f"budget_{required}", "budget." + required, BUDGET)
    return text


def total_kept(budget: Budget, total: Decimal) -> None:
    """Refuse an article that would take the budget's total past what an amount can hold:
    the contributions (the total × each share) could not be written."""
    if total > AMOUNT_MAX:
        raise refuse(
            "amount_out_of_range",
            "budget.total_out_of_range",
            BUDGET,
            total=Money(total, budget.currency),
            maximum=Money(AMOUNT_MAX, budget.currency),
        )
