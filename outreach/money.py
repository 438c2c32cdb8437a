"""Issue 18 (point 6): the one place that decides how money reads.

Every amount is CNY. Pages and exports show it to the cent, rounded half up
(ROUND_HALF_UP: 0.005 → 0.01, as people round money by hand, not the banker's
half-even that Python's format() uses), with thousands separators and the yuan
sign: ``¥29,786.93``; a negative amount reads ``-¥1,200.00``. Templates use the
``money`` filter of ``outreach_tags``; workbooks write the same rounded number as a
numeric cell (``outreach.xlsx.money_cells``) in the format ``¥#,##0.00``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
SYMBOL = "¥"


def money_round(amount) -> Decimal | None:
    """The amount to the cent, half up; None (or anything that is not a number) stays None."""
    if amount is None or amount == "" or isinstance(amount, bool):
        return None
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None


def money_text(amount, *, symbol: bool = True) -> str:
    """``¥29,786.93`` (or ``29,786.93`` with symbol=False); "" when there is no amount."""
    value = money_round(amount)
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}{SYMBOL if symbol else ''}{abs(value):,.2f}"
