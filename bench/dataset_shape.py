"""The bench data set's shape (bench/dataset.py): the sizes, the anchor day and the
calendar every date is relative to (`calendar_of`), and `Dataset`, what a size and an
anchor describe. No database here."""

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")  # the team's time zone (settings.TIME_ZONE)
ANCHOR_ENV = "OUTREACH_ANCHOR_DAY"
PROTECTION = timedelta(days=30)  # the leads' protection runs this long past the anchor
PASSWORD = "bench-password-1"  # noqa: S105 - every bench user's password (load test logs in with it)
USER_PREFIX = "bs"
EMPLOYEE_PREFIX = "S"
BATCH = 5000

SIZES = {
    "full": {
        "staff": 10_000,
        "clients": 1_000_000,
        "months": 12,
        "visits_per_month": 100_000,
        "deals": 20_000,
        "violations": 20_000,
    },
    "quick": {
        "staff": 200,
        "clients": 20_000,
        "months": 2,
        "visits_per_month": 2_000,
        "deals": 400,
        "violations": 400,
    },
}


def anchor_day(text: str | None = None) -> date:
    """The day a data set is built around: `text` (a script's `--anchor`), else the
    OUTREACH_ANCHOR_DAY environment variable, else today in the team's time zone (the
    team's day starts at midnight in Shanghai, not in UTC)."""
    text = text or os.environ.get(ANCHOR_ENV)
    if not text:
        return datetime.now(SH).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day: write the anchor as YYYY-MM-DD") from None


def _month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Calendar:
    """The dates a data set is built around, all derived from its anchor day."""

    anchor: date
    month: date  # the payroll month (its first day): the last full month before the anchor
    month_end: date
    first_day: date  # the data set's first day: its `months` months end with the payroll month
    quarter: str  # the appraisal quarter, the last full one before the anchor: "2026Q3"
    quarter_start: date

    @property
    def protected_until(self) -> datetime:
        """Every lead's protection: none is due at the anchor (a test makes some due)."""
        return datetime.combine(self.anchor + PROTECTION, clock(0), tzinfo=SH)

    @property
    def hired(self) -> date:
        """Everyone's hire day: before the data set and the whole quarter, so that
        payroll and the roll-up see full months and full quarters at any anchor."""
        return min(self.first_day, self.quarter_start) - timedelta(days=30)


def calendar_of(anchor: date, months: int = 1) -> Calendar:
    """The one place that maps an anchor day to the periods a data set is about.

    The payroll month is the last *full* month before the anchor (2026-12-05 →
    November; 2027-03-31 → February: March is not over yet), and the quarter the last
    full quarter before it (2027-01-01 → 2026Q4, the label `appraisals.periods`
    reads). Both are over at the anchor, as they are when the team runs them for real.
    """
    month = _month_start(anchor, back=1)
    quarter_start = _month_start(anchor, back=(anchor.month - 1) % 3 + 3)
    return Calendar(
        anchor=anchor,
        month=month,
        month_end=_month_start(anchor) - timedelta(days=1),
        first_day=_month_start(month, back=months - 1),
        quarter=f"{quarter_start.year}Q{(quarter_start.month - 1) // 3 + 1}",
        quarter_start=quarter_start,
    )


@dataclass(frozen=True)
class Dataset:
    size: str
    staff: int
    clients: int
    months: int
    visits_per_month: int
    deals: int
    violations: int
    calendar: Calendar

    @property
    def month(self) -> date:
        return self.calendar.month

    @property
    def first_day(self) -> date:
        return self.calendar.first_day

    @property
    def marker(self) -> str:
        """The code of the group that says this data set is there: its size and anchor
        (a group code has at most 10 characters: BXq-261205)."""
        return f"BX{self.size[0]}-{self.calendar.anchor:%y%m%d}"


def dataset_of(size: str, anchor: date | None = None) -> Dataset:
    spec = SIZES[size]
    calendar = calendar_of(anchor or anchor_day(), spec["months"])
    return Dataset(size=size, calendar=calendar, **spec)


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, clock(hh, mm), tzinfo=SH)
