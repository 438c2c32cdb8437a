"""Calendar helpers in the project's time zone (Asia/Shanghai)."""

import re
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext


def today() -> date:
    return timezone.localdate()


def local_day(moment: datetime) -> date:
    """The team's day of an aware datetime (never `.date()` of a UTC value: 00:30 on
    the 1st in Shanghai is still the last day of the month in UTC)."""
    return timezone.localtime(moment).date()


def at_local(day: date, clock: time = time.min) -> datetime:
    """The aware instant of a team's day at a wall-clock time (midnight by default): the
    one place a local day becomes a moment to filter datetimes by."""
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


def local_clock(moment: datetime) -> str:
    """ "HH:MM" of an aware datetime on the team's clock, for messages."""
    return f"{timezone.localtime(moment):%H:%M}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month_start(day: date) -> date:
    first = day.replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def month_bounds(day: date) -> tuple[datetime, datetime]:
    """[m-01 00:00, next m-01 00:00) as aware datetimes in the current time zone."""
    return at_local(month_start(day)), at_local(next_month_start(day))


# --- days, weeks and months read from an address (issue 17, finding 9) -------------------

# Pages accept only days in this window: beyond it `next_month_start` and friends overflow
# past date.max, and nobody plans or looks back that far.
PARAM_FIRST = date(2000, 1, 1)
PARAM_LAST = date(2100, 12, 31)
_MONTH = re.compile(r"\A(\d{4})-(\d{1,2})\Z", re.ASCII)
_DAY = re.compile(r"\A(\d{4})-(\d{1,2})-(\d{1,2})\Z", re.ASCII)


def parse_param_day(text: object, *, month: bool = False) -> date | None:
    """'YYYY-MM-DD' (or 'YYYY-MM' with `month`) → a date in [PARAM_FIRST, PARAM_LAST],
    None for anything else (garbage, 0000-00, negative, huge, past date.max)."""
    if not isinstance(text, str):
        return None
    found = (_MONTH if month else _DAY).match(text.strip())
    if not found:
        return None
    parts = [int(part) for part in found.groups()]
    try:
        day = date(parts[0], parts[1], 1 if month else parts[2])
    except ValueError:
        return None
    return day if PARAM_FIRST <= day <= PARAM_LAST else None


def _param(request, name: str, *, month: bool, default: date | None, warning: str) -> date:
    """Fall back (with a message) rather than answer 400: these are pages people navigate
    by links; a hand-edited or stale address should still land on a usable page."""
    text = request.GET.get(name)
    day = parse_param_day(text, month=month)
    if day is not None:
        return day
    if text:
        messages.warning(request, warning)
    return default if default is not None else today()


def month_param(request, name: str = "month", default: date | None = None) -> date:
    """First day of the month in ?name=YYYY-MM, else of `default` (this month)."""
    warning = gettext("The month in the address is not valid; showing another month.")
    return month_start(_param(request, name, month=True, default=default, warning=warning))


def day_param(request, name: str = "day", default: date | None = None) -> date:
    """The day in ?name=YYYY-MM-DD, else `default` (today)."""
    warning = gettext("The day in the address is not valid; showing another day.")
    return _param(request, name, month=False, default=default, warning=warning)


def week_param(request, name: str = "week", default: date | None = None) -> date:
    """Monday of the week holding the day in ?name=YYYY-MM-DD, else of `default` (today)."""
    day = day_param(request, name, default)
    return day - timedelta(days=day.weekday())
