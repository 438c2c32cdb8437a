"""Small reads other apps need: attendance (R-FINE FAKE-LEAD), campaigns (R-DAY-1)."""

from datetime import date, datetime, time, timedelta

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from outreach.models import Staff

from ..models import (
    Client,
    Deal,
    DealStatus,
    FollowUp,
    FollowUpKind,
    Lead,
    LeadStatus,
    Visit,
)


def lead_exists(lead_id: int) -> bool:
    return Lead.objects.filter(pk=lead_id).exists()


def signed_deal_ids(lead_id: int) -> list[int]:
    signed = Deal.objects.filter(lead_id=lead_id, status=DealStatus.SIGNED)
    return list(signed.values_list("pk", flat=True))


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` as a scalar subquery (no GROUP BY), to read several counts
    in one query."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def field_counts(staff_id: int, day: date) -> dict[str, int]:
    """R-DAY-1: what the system already knows of a person's local day (Asia/Shanghai),
    in one query:

    - `leads_registered`: leads they registered that day;
    - `visits_confirmed`: valid visits (R-PAY-CALC's definition: the first confirmed one
      of an ownership period, one per phone and month) confirmed that day and credited
      to them;
    - `visits_brought`: visits to the sales office they brought that day (confirmed or
      not);
    - `deals`: deals signed that day credited to them, not cancelled;
    - `calls`: calls they logged as follow-ups that day (answered or not).
    """
    from . import valid_visits

    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    # A phone's valid visit of the month is decided from the month's start, so the rank
    # is taken over the month so far and only then narrowed to the day and the person.
    valid_ids = valid_visits(day.replace(day=1), day + timedelta(days=1)).values("visit_id")
    counts = (
        Staff.objects.filter(pk=staff_id)
        .annotate(
            leads_registered=_count(
                Lead.objects.filter(
                    registered_by=OuterRef("pk"), registered_at__gte=start, registered_at__lt=end
                )
            ),
            visits_confirmed=_count(
                Visit.objects.filter(
                    pk__in=valid_ids,
                    credited_staff=OuterRef("pk"),
                    confirmed_at__gte=start,
                    confirmed_at__lt=end,
                )
            ),
            visits_brought=_count(
                Visit.objects.filter(
                    brought_by=OuterRef("pk"), arrived_at__gte=start, arrived_at__lt=end
                )
            ),
            deals=_count(
                Deal.objects.filter(
                    credited_staff=OuterRef("pk"), status=DealStatus.SIGNED, signed_on=day
                )
            ),
            calls=_count(
                FollowUp.objects.filter(
                    by=OuterRef("pk"), kind=FollowUpKind.CALL, at__gte=start, at__lt=end
                )
            ),
        )
        .values("leads_registered", "visits_confirmed", "visits_brought", "deals", "calls")
        .first()
    )
    return {name: n or 0 for name, n in (counts or FIELD_COUNTS_NONE).items()}


FIELD_COUNTS_NONE = dict.fromkeys(
    ("leads_registered", "visits_confirmed", "visits_brought", "deals", "calls"), 0
)


# --- campaigns (R-CAM-4, R-CAM-5) ----------------------------------------------------------


def live_lead_of_phone(phone: str) -> Lead | None:
    """The owned or pooled lead holding a (normalised) phone, with its owner's user."""
    return (
        Lead.objects.filter(phone=phone, status__in=["active", "pool"])
        .select_related("owner__user", "client")
        .first()
    )


def client_id_of_phone(phone: str) -> int | None:
    return Client.objects.filter(phone=phone).values_list("pk", flat=True).first()


def owned_client_ids(staff_id: int) -> QuerySet:
    """The clients whose current lead a person owns (a subquery, not evaluated)."""
    return Client.objects.filter(
        current_lead__owner_id=staff_id, current_lead__status=LeadStatus.ACTIVE
    ).values("pk")


def attendee_outcomes(client_ids, start: datetime, end: datetime) -> dict[str, int]:
    """R-CAM-5: confirmed visits (by arrival time) and signed, not cancelled deals (by
    signing day) of the given clients in [start, end], both ends included."""
    tz = timezone.get_current_timezone()
    visits = Visit.objects.filter(
        lead__client_id__in=client_ids,
        confirmed_at__isnull=False,
        arrived_at__gte=start,
        arrived_at__lte=end,
    ).count()
    deals = Deal.objects.filter(
        lead__client_id__in=client_ids,
        status=DealStatus.SIGNED,
        signed_on__gte=start.astimezone(tz).date(),
        signed_on__lte=end.astimezone(tz).date(),
    ).count()
    return {"visits": visits, "deals": deals}
