"""Small reads other apps need: attendance (R-FINE FAKE-LEAD), campaigns (R-DAY-1)."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Client, Deal, DealStatus, Lead, LeadStatus, Visit


def lead_exists(lead_id: int) -> bool:
    return Lead.objects.filter(pk=lead_id).exists()


def signed_deal_ids(lead_id: int) -> list[int]:
    signed = Deal.objects.filter(lead_id=lead_id, status=DealStatus.SIGNED)
    return list(signed.values_list("pk", flat=True))


def field_counts(staff_id: int, day: date) -> dict[str, int]:
    """R-DAY-1: what the system already knows of a canvasser's day: leads they registered
    and visits confirmed that day on leads credited to them."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    return {
        "leads_registered": Lead.objects.filter(
            registered_by_id=staff_id, registered_at__gte=start, registered_at__lt=end
        ).count(),
        "visits_brought": Visit.objects.filter(
            credited_staff_id=staff_id, confirmed_at__gte=start, confirmed_at__lt=end
        ).count(),
    }


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
