"""Small reads other apps need: attendance (R-FINE FAKE-LEAD), campaigns (R-DAY-1)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ..models import Deal, DealStatus, Lead, Visit


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
