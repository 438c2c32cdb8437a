"""Calendar helpers in the project's time zone (Asia/Shanghai)."""

from datetime import date, datetime, timedelta

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def local_day(moment: datetime) -> date:
    """The team's day of an aware datetime (never `.date()` of a UTC value: 00:30 on
    the 1st in Shanghai is still the last day of the month in UTC)."""
    return timezone.localtime(moment).date()


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
    tz = timezone.get_current_timezone()
    start = datetime.combine(month_start(day), datetime.min.time(), tzinfo=tz)
    end = datetime.combine(next_month_start(day), datetime.min.time(), tzinfo=tz)
    return start, end
