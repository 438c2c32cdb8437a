"""For team meetings (R-PLAN-5): a group's results over a stretch of time, read without
importing the clients models. Each figure is one query whatever the group's size."""

from datetime import datetime

from django.db.models import Count

from outreach.dates import local_day, month_start, next_month_start

from ..models import Deal, DealStatus, Lead


def team_results_between(*, staff_ids, start: datetime, end: datetime) -> dict[str, int]:
    """R-PLAN-5 facts of the people `staff_ids` between two instants:

    - `leads`: leads they own registered in [start, end);
    - `visits`: valid visits (payroll's definition, R-PAY-CALC) confirmed in [start, end)
      and credited to them — ranked over whole months, as payroll ranks them;
    - `deals`: signed (not cancelled) deals credited to them, signed from the start's day
      up to the day before the end's day (a deal carries a day, not a time).
    Three queries."""
    from . import valid_visits

    ids = set(staff_ids)
    leads = Lead.objects.filter(
        owner_id__in=ids, registered_at__gte=start, registered_at__lt=end
    ).count()
    first, last = local_day(start), local_day(end)
    visits = sum(
        1
        for row in valid_visits(month_start(first), next_month_start(last))
        if row["credited_staff_id"] in ids and start <= row["confirmed_at"] < end
    )
    deals = Deal.objects.filter(
        status=DealStatus.SIGNED,
        credited_staff_id__in=ids,
        signed_on__gte=first,
        signed_on__lt=last,
    ).aggregate(n=Count("pk"))["n"]
    return {"leads": leads, "visits": visits, "deals": deals}
