"""The funnel facts of the quarterly review (R-PLAN-6): leads, valid visits and deals of
a period, with the lead's group, kind, source channel and point, and the month.

Each reuses the definition the dashboard counts (`leads_registered_in`,
`deals_signed_in`) and payroll counts (`valid_visits_of`), so the review, the dashboard
and the payroll runs cannot disagree. One query each, whatever the data size."""

from datetime import date, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .dashboard import deals_signed_in, leads_registered_in

DIMENSIONS = ("group_id", "group_name", "kind", "source", "point_id", "point_name")


FIELDS = ("group_id", "group__name", "kind", "source", "point_id", "point__name")


def _fields(prefix: str = "") -> list[str]:
    return [prefix + name for name in FIELDS]


def _renamed(row: dict, prefix: str = "") -> dict:
    """A row with the lead's columns under the names of DIMENSIONS."""
    out = {dim: row.pop(prefix + name) for dim, name in zip(DIMENSIONS, FIELDS, strict=True)}
    out.update(row)
    return out


def funnel_leads(first: date, end: date) -> list[dict]:
    """Leads registered in the local days [first, end), counted per month and lead
    dimension: rows of month, DIMENSIONS and n. One query."""
    tz = timezone.get_current_timezone()
    rows = (
        leads_registered_in(owners=None, first=first, last=end - timedelta(days=1))
        .annotate(month=TruncMonth("registered_at", tzinfo=tz))
        .values("month", *_fields())
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [{**_renamed(row), "month": _day(row["month"])} for row in rows]


def funnel_valid_visits(first: date, end: date) -> list[dict]:
    """R-PAY-CALC valid visits confirmed in [first, end), one row per visit with the
    lead's dimensions, the confirmation time and month, the credited person and whether
    it is a call-to-visit conversion. One query."""
    from . import valid_visits_of

    tz = timezone.get_current_timezone()
    rows = valid_visits_of(first, end).values(
        "confirmed_at", "credited_staff_id", "is_conversion", *_fields("lead__")
    )
    result = []
    for row in rows:
        day = timezone.localtime(row["confirmed_at"], tz).date()
        result.append({**_renamed(row, "lead__"), "day": day, "month": day.replace(day=1)})
    return result


def funnel_deals(first: date, end: date) -> list[dict]:
    """Signed (not cancelled) deals by signing day in [first, end), counted per month and
    lead dimension: rows of month, DIMENSIONS, n and units. One query."""
    rows = (
        deals_signed_in(owners=None, first=first, last=end - timedelta(days=1))
        .annotate(month=TruncMonth("signed_on"))
        .values("month", *_fields("lead__"))
        .annotate(n=Count("pk"), units=Sum("units"))
        .order_by()
    )
    return [
        {**_renamed(row, "lead__"), "month": _day(row["month"]), "units": row["units"] or 0}
        for row in rows
    ]


def _day(value) -> date:
    if hasattr(value, "date") and callable(value.date):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
