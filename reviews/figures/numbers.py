"""Money and ratios in the review's snapshot: Decimals stored as strings (JSON), rounded
half up to the cent; None where the divisor is 0."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value) -> str:
    return str(Decimal(value or 0).quantize(CENT, ROUND_HALF_UP))


def per(amount: Decimal, count: int) -> str | None:
    """amount ÷ count to the cent; None when count is 0."""
    if not count:
        return None
    return str((Decimal(amount) / count).quantize(CENT, ROUND_HALF_UP))


def ratio(part: int, whole: int) -> str | None:
    """part ÷ whole to two places (e.g. valid visits per lead); None when whole is 0."""
    if not whole:
        return None
    return str((Decimal(part) / whole).quantize(CENT, ROUND_HALF_UP))
