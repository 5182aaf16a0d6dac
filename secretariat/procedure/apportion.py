"""Split an amount by percentage shares to the cent, so the parts add up exactly (no Django).

Each part is ``total × share / 100`` rounded to the cent with ROUND_HALF_UP. Rounding every
part can leave the sum a few cents off the total; those cents go, one each, to the parts that
rounding moved furthest from their exact value (the largest share first on a tie, then the
key), so the parts always add up to the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def shares_total(shares: Mapping[str, Decimal]) -> Decimal:
    return sum(shares.values(), Decimal(0))


def apportion(total: Decimal, shares: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each key's part of ``total`` (to the cent) by its percentage; the parts sum to ``total``.

    ``shares`` must add up to 100 and ``total`` be in cents; the caller checks both.
    """
    if not shares:
        return {}
    exact = {key: total * share / HUNDRED for key, share in shares.items()}
    parts = {key: value.quantize(CENT, rounding=ROUND_HALF_UP) for key, value in exact.items()}
    missing = int((total - sum(parts.values(), Decimal(0))) / CENT)
    if missing:
        gap = {key: exact[key] - parts[key] for key in parts}
        # Who rounding shortchanged most takes a cent first (or, when over, gives one back).
        sign = 1 if missing > 0 else -1
        order = sorted(parts, key=lambda key: (-sign * gap[key], -shares[key], key))
        for n in range(abs(missing)):
            parts[order[n % len(order)]] += sign * CENT
    return parts
