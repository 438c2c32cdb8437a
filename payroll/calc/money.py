"""Exact money: fractions inside, Decimal cents out, half up (R-PAY-CALC)."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def exact(value: Decimal | int | Fraction) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def round_cents(value: Decimal | int | Fraction) -> Decimal:
    """Round half up to 0.01 CNY. A fraction is divided out with enough digits that a
    value not exactly on a half cent can never land on the wrong side."""
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 60
            value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_cents(amount: Decimal, receivers: list[str]) -> dict[str, Decimal]:
    """Split in whole cents: each gets the floor, leftover cents go one by one in the
    receivers' order (callers sort by code point: Python's `sorted`)."""
    if not receivers:
        return {}
    cents = int((amount / CENT).to_integral_value(rounding=ROUND_DOWN))
    share, leftover = divmod(cents, len(receivers))
    return {
        receiver: (Decimal(share + (1 if i < leftover else 0)) * CENT)
        for i, receiver in enumerate(receivers)
    }
