"""Quarters (R-PLAN-6): a quarter is named by its first day."""

from datetime import date


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_next(first: date) -> date:
    return date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)


def quarter_previous(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 4) % 12 + 1, 1)


def quarter_months(first: date) -> list[date]:
    return [date(first.year, first.month + i, 1) for i in range(3)]


def quarter_label(first: date) -> str:
    return f"{first.year}Q{(first.month - 1) // 3 + 1}"


def quarter_closed_on(day: date) -> date | None:
    """The quarter that closed the day before `day` when `day` is a quarter's first day
    (the drafting job runs then), else None."""
    if day.day != 1 or day.month not in (1, 4, 7, 10):
        return None
    return quarter_previous(day)
