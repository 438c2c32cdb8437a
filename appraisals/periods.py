"""R-APR-1: cycle labels: `2026Q3` (a quarter) and `2026` (a year)."""

import re
from datetime import date, timedelta

from .models import CycleKind

LABEL = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


def period_of(label: str) -> tuple[str, date, date]:
    """'2026Q3' → (quarterly, 2026-07-01, 2026-09-30); '2026' → the year."""
    match = LABEL.match(label.strip().upper())
    if not match:
        raise ValueError(
            f"'{label}' is not a period; write 2026Q3 for a quarter or 2026 for a year."
        )
    year = int(match["year"])
    if match["quarter"] is None:
        return CycleKind.ANNUAL, date(year, 1, 1), date(year, 12, 31)
    first_month = 3 * (int(match["quarter"]) - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + (first_month == 10), (first_month + 3 - 1) % 12 + 1, 1) - timedelta(days=1)
    return CycleKind.QUARTERLY, start, end


def labels_closed_on(day: date) -> list[str]:
    """The periods that closed the day before `day` (the beat job runs on the 1st)."""
    if day.day != 1 or day.month not in (1, 4, 7, 10):
        return []
    previous = day - timedelta(days=1)
    labels = [f"{previous.year}Q{(previous.month - 1) // 3 + 1}"]
    if day.month == 1:
        labels.append(str(previous.year))
    return labels


def quarters_in(kind: str) -> int:
    return 4 if kind == CycleKind.ANNUAL else 1
