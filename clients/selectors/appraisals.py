"""Facts the appraisals read (R-APR-2), per person over a period [start, end), each one
set-based query whatever the number of people.

"The person's clients" are the clients whose lead the person owned at the time of the
fact (a satisfaction survey, a complaint): the ownership period covering that instant.
"""

from datetime import date, datetime, time

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import Complaint, Deal, DealStatus, Feedback, LeadStatus, OwnershipEvent
from ..models.leads import OwnershipEventKind


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


def leads_registered_by_person(start: date, end: date) -> QuerySet:
    """New clients registered (R-LEAD-1) in [start, end) by each canvasser or leader:
    registrations of a new lead (not claims, not inbound calls assigned to them), leaving
    out leads since marked invalid (R-LEAD-3: no purchase need, not a client).
    Rows: staff_id, n."""
    since, until = _bounds(start, end)
    return (
        OwnershipEvent.objects.filter(
            kind=OwnershipEventKind.REGISTERED, at__gte=since, at__lt=until
        )
        .exclude(lead__status=LeadStatus.INVALID)
        .values(staff_id=F("to_staff_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )


def _owner_at(moment: str) -> Q:
    """The client's lead's ownership period covering the fact's instant `moment`."""
    periods = "client__leads__periods__"
    return Q(**{f"{periods}started_at__lte": F(moment)}) & (
        Q(**{f"{periods}ended_at__isnull": True}) | Q(**{f"{periods}ended_at__gt": F(moment)})
    )


def satisfaction_by_owner(start: date, end: date) -> QuerySet:
    """R-CLI-4 surveys answered in [start, end): the average score (1–5) per owner of the
    client's lead at the survey's time. Rows: staff_id, avg, n."""
    since, until = _bounds(start, end)
    return (
        Feedback.objects.filter(Q(at__gte=since, at__lt=until) & _owner_at("at"))
        .values(staff_id=F("client__leads__periods__owner_id"))
        .annotate(avg=Avg("score"), n=Count("pk"))
        .order_by()
    )


def complaints_on_time_by_owner(start: date, end: date) -> QuerySet:
    """R-CLI-4 complaints whose reply deadline fell in [start, end) (so every one is
    decided when the period has closed), per owner of the client's lead when the
    complaint was received: how many, and how many had a first reply by the deadline.
    Rows: staff_id, n, on_time."""
    since, until = _bounds(start, end)
    return (
        Complaint.objects.filter(
            Q(reply_due_at__gte=since, reply_due_at__lt=until) & _owner_at("received_at")
        )
        .values(staff_id=F("client__leads__periods__owner_id"))
        .annotate(
            n=Count("pk"),
            on_time=Count(
                "pk", filter=Q(replied_at__isnull=False, replied_at__lte=F("reply_due_at"))
            ),
        )
        .order_by()
    )


def deals_accruing_with_repeat(start: date, end: date, *, on_signing: bool = False) -> QuerySet:
    """`deals_accruing` (R-PAY-5 accrual, credit and cancellation rules), each row also
    saying whether it is a repeat deal: its client already had a signed, not cancelled
    deal signed before it (on any of the client's leads). One query."""
    from . import deals_accruing

    earlier = Deal.objects.filter(
        lead__client_id=OuterRef("lead__client_id"), status=DealStatus.SIGNED
    ).filter(
        Q(signed_on__lt=OuterRef("signed_on"))
        | Q(signed_on=OuterRef("signed_on"), pk__lt=OuterRef("pk"))
    )
    return deals_accruing(start, end, on_signing=on_signing).annotate(is_repeat=Exists(earlier))
