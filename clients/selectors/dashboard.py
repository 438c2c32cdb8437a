"""Aggregates of the clients app for the dashboards (R-DASH-1, R-DASH-2): each function
runs one query whatever the data size. `owners` narrows to a set of staff (a queryset of
Staff, usually `outreach.selectors.visible_staff(user)`); None means everyone."""

from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from outreach.dates import at_local

from ..models import (
    Complaint,
    ComplaintStatus,
    Deal,
    DealStatus,
    Lead,
    LeadStatus,
    Visit,
)


def _owned(queryset: QuerySet, owners, field: str = "owner") -> QuerySet:
    return queryset if owners is None else queryset.filter(**{f"{field}__in": owners})


def leads_registered_in(*, owners, first: date, last: date) -> QuerySet[Lead]:
    """Leads registered in the local days [first, last]: the one definition of "leads"
    the dashboard's trend and the quarterly review (R-PLAN-6) both count."""
    return _owned(Lead.objects.all(), owners).filter(
        registered_at__gte=at_local(first), registered_at__lt=at_local(last + timedelta(1))
    )


def deals_signed_in(*, owners, first: date, last: date) -> QuerySet[Deal]:
    """Signed (not cancelled) deals by signing day in [first, last], credited to the
    owners: the one definition of "deals" of the dashboard and the review (R-PLAN-6)."""
    return _owned(Deal.objects.filter(status=DealStatus.SIGNED), owners, "credited_staff").filter(
        signed_on__gte=first, signed_on__lte=last
    )


def leads_registered_by_day(*, owners, first: date, last: date) -> dict[date, int]:
    """Leads registered per local day in [first, last]."""
    tz = timezone.get_current_timezone()
    rows = (
        leads_registered_in(owners=owners, first=first, last=last)
        .annotate(d=TruncDate("registered_at", tzinfo=tz))
        .values("d")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["d"]: row["n"] for row in rows}


def visits_by_day(*, owners, first: date, last: date) -> dict[date, int]:
    """Visits to the sales office (arrivals) per local day, of the owners' leads."""
    tz = timezone.get_current_timezone()
    rows = (
        _owned(Visit.objects.all(), owners, "lead__owner")
        .filter(arrived_at__gte=at_local(first), arrived_at__lt=at_local(last + timedelta(1)))
        .annotate(d=TruncDate("arrived_at", tzinfo=tz))
        .values("d")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["d"]: row["n"] for row in rows}


def deals_by_day(*, owners, first: date, last: date) -> dict[date, int]:
    """Deals signed (and not cancelled) per day, credited to the owners."""
    rows = (
        deals_signed_in(owners=owners, first=first, last=last)
        .values("signed_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["signed_on"]: row["n"] for row in rows}


def lead_funnel(*, owners, first: date, last: date) -> dict[str, int]:
    """R-DASH-1: leads registered in [first, last] → still valid → visited (a confirmed
    visit) → deal (a signed deal). One query."""
    leads = _owned(Lead.objects.all(), owners).filter(
        registered_at__gte=at_local(first), registered_at__lt=at_local(last + timedelta(1))
    )
    valid = ~Q(status=LeadStatus.INVALID)
    visited = valid & Q(visits__confirmed_at__isnull=False)
    dealt = valid & Q(deals__status=DealStatus.SIGNED)
    return leads.aggregate(
        registered=Count("pk", distinct=True),
        valid=Count("pk", distinct=True, filter=valid),
        visited=Count("pk", distinct=True, filter=visited),
        deals=Count("pk", distinct=True, filter=dealt),
    )


def pool_summary(*, owners, now: datetime, days: int = 3) -> dict[str, int]:
    """R-DASH-1: the shared pool's size (pooled, or past protection) and the owners'
    leads whose protection ends within `days`. One query."""
    soon = now + timedelta(days=days)
    pooled = Q(status=LeadStatus.POOL) | Q(status=LeadStatus.ACTIVE, protected_until__lte=now)
    expiring = Q(status=LeadStatus.ACTIVE, protected_until__gt=now, protected_until__lte=soon)
    if owners is not None:
        expiring &= Q(owner__in=owners)
    return Lead.objects.aggregate(
        pool=Count("pk", filter=pooled), expiring=Count("pk", filter=expiring)
    )


def complaint_deadlines(*, owners, now: datetime, hours: int = 24) -> dict[str, int]:
    """R-DASH-1: open complaints without a reply, past their deadline or due within
    `hours`. One query."""
    open_ = Complaint.objects.filter(status=ComplaintStatus.OPEN, replied_at__isnull=True)
    if owners is not None:
        open_ = open_.filter(client__current_lead__owner__in=owners)
    return open_.aggregate(
        past=Count("pk", filter=Q(reply_due_at__lte=now)),
        near=Count(
            "pk", filter=Q(reply_due_at__gt=now, reply_due_at__lte=now + timedelta(hours=hours))
        ),
    )


def conversion_medians(*, owners, first: date, last: date) -> dict[str, float | None]:
    """R-DASH-1 efficiency: median days from registration to the first confirmed visit
    and to the first signed deal, over leads registered in [first, last]. One query
    (the medians are taken in Python so it runs on SQLite and PostgreSQL alike)."""
    leads = (
        _owned(Lead.objects.all(), owners)
        .filter(registered_at__gte=at_local(first), registered_at__lt=at_local(last + timedelta(1)))
        .exclude(status=LeadStatus.INVALID)
        .annotate(
            first_visit=Min("visits__confirmed_at"),
            first_deal=Min("deals__signed_on", filter=Q(deals__status=DealStatus.SIGNED)),
        )
        .filter(Q(first_visit__isnull=False) | Q(first_deal__isnull=False))
        .values_list("registered_at", "first_visit", "first_deal")
    )
    tz = timezone.get_current_timezone()
    to_visit, to_deal = [], []
    for registered_at, first_visit, first_deal in leads:
        if first_visit is not None:
            to_visit.append((first_visit - registered_at).total_seconds() / 86400)
        if first_deal is not None:
            to_deal.append((first_deal - registered_at.astimezone(tz).date()).days)
    return {
        "to_visit": round(median(to_visit), 1) if to_visit else None,
        "to_deal": round(median(to_deal), 1) if to_deal else None,
        "visits_counted": len(to_visit),
        "deals_counted": len(to_deal),
    }


def my_leads_by_expiry(*, owner, limit: int = 8) -> QuerySet[Lead]:
    """R-DASH-2: a canvasser's owned leads, the protection that ends first at the top."""
    return (
        Lead.objects.filter(owner=owner, status=LeadStatus.ACTIVE)
        .select_related("client")
        .order_by("protected_until", "pk")[:limit]
    )


def visits_to_confirm(*, consultant) -> QuerySet[Visit]:
    """A consultant's receptions not confirmed yet (the consultant home)."""
    return (
        Visit.objects.filter(consultant=consultant, confirmed_at__isnull=True)
        .select_related("lead__client", "brought_by")
        .order_by("arrived_at", "pk")
    )


def month_results_by_person(*, first: date, next_first: date) -> dict[int, dict[str, int]]:
    """R-DASH-1 progress to target: valid visits (payroll's definition, R-PAY-CALC) and
    deal units signed in the month, by credited person. Two queries."""
    from . import valid_visits

    results: dict[int, dict[str, int]] = {}
    for row in valid_visits(first, next_first):
        if row["credited_staff_id"] is not None:
            person = results.setdefault(row["credited_staff_id"], {"visits": 0, "deals": 0})
            person["visits"] += 1
    deals = (
        Deal.objects.filter(
            status=DealStatus.SIGNED,
            signed_on__gte=first,
            signed_on__lt=next_first,
            credited_staff__isnull=False,
        )
        .values("credited_staff_id")
        .annotate(units=Sum("units"))
        .order_by()
    )
    for row in deals:
        person = results.setdefault(row["credited_staff_id"], {"visits": 0, "deals": 0})
        person["deals"] += row["units"] or 0
    return results


def return_visits_due(*, owner, on: date, limit: int = 8) -> QuerySet:
    """R-DASH-2 due list: the owner's clients whose latest follow-up asked for the next
    one on or before `on` (回访)."""
    from ..models import Client, FollowUp

    latest = FollowUp.objects.filter(client=OuterRef("pk")).order_by("-at", "-pk")
    return (
        Client.objects.filter(current_lead__owner=owner, current_lead__status=LeadStatus.ACTIVE)
        .annotate(next_on=Subquery(latest.values("next_follow_up_on")[:1]))
        .filter(next_on__isnull=False, next_on__lte=on)
        .order_by("next_on", "pk")[:limit]
    )
