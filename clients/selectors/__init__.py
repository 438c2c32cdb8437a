"""Every read of the clients app, already scoped to the user (R-ROLE-1, R-ROLE-2), and
the facts payroll reads (R-PAY-CALC): valid visits, conversions, deals."""

from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Greatest, RowNumber, TruncMonth
from django.utils import timezone

from outreach.dates import today
from outreach.guard import can, in_scope_or_404
from outreach.selectors import staff_of, visible_staff

from ..models import (
    Client,
    Deal,
    DealStatus,
    FollowUp,
    Lead,
    LeadKind,
    LeadStatus,
    OwnershipEvent,
    OwnershipPeriod,
    RotationLog,
    RotationMember,
    Visit,
    VisitState,
)
from ..models.cooperation import COOPERATION_FLOW, CooperationStatus
from ..phones import phone_mask

COOPERATION_LABELS = dict(CooperationStatus.choices)

# --- visibility (R-ROLE-1) ------------------------------------------------------------


def can_view_clients(user: User) -> bool:
    return can(user, "clients.view_clients")


def lead_scope(user: User) -> QuerySet[Lead]:
    """Canvasser: own leads; leader: their groups'; consultant: the leads they serve or
    have in today's queue; managers and the sales manager: all; HR and admin: none."""
    if not can_view_clients(user):
        return Lead.objects.none()
    if can(user, "clients.view_all_clients"):
        return Lead.objects.all()
    me = staff_of(user)
    if me is None:
        return Lead.objects.none()
    todays_visit = Visit.objects.filter(
        lead=OuterRef("pk"), consultant=me, arrived_at__date=today()
    )
    return Lead.objects.filter(
        Q(owner__in=visible_staff(user))
        | Q(consultant=me)
        | Q(reception_by=me)
        | Q(Exists(todays_visit))
    )


def lead_list(*, user: User) -> QuerySet[Lead]:
    return lead_scope(user).select_related("client", "owner", "group", "consultant", "point")


def lead_get(*, user: User, pk: int) -> Lead:
    return in_scope_or_404(lead_list(user=user), pk=pk)


# --- masking (R-ROLE-2) -------------------------------------------------------------------


class PhoneVisibility:
    """Who sees a lead's full number: the owner, the owner's leader, a manager, the
    serving consultant. Built once per request (one query), then asked per row."""

    def __init__(self, user: User):
        self.everything = can(user, "clients.see_full_phone")
        self.me = staff_of(user)
        self.owner_ids: set[int] = set()
        if not self.everything and self.me is not None:
            self.owner_ids = set(visible_staff(user).values_list("pk", flat=True))

    def sees(self, lead: Lead | None) -> bool:
        if lead is None:
            return self.everything
        if self.everything:
            return True
        if self.me is None:
            return False
        if lead.status == LeadStatus.POOL:
            return False  # R-POOL-3: masked in the pool until claimed
        return (
            lead.owner_id in self.owner_ids
            or lead.consultant_id == self.me.pk
            or lead.reception_by_id == self.me.pk
        )

    def show(self, phone: str, lead: Lead | None) -> str:
        return phone if self.sees(lead) else phone_mask(phone)


# --- pool (R-POOL-1, R-POOL-3) -------------------------------------------------------


def pool_list(*, now: datetime | None = None) -> QuerySet[Lead]:
    """Pooled leads, and owned ones already past `protected_until` (in the pool for
    every rule even before the job has moved them)."""
    now = now or timezone.now()
    return (
        Lead.objects.filter(
            Q(status=LeadStatus.POOL) | Q(status=LeadStatus.ACTIVE, protected_until__lte=now)
        )
        .select_related("client", "point")
        .order_by("-pooled_at", "-protected_until", "-pk")
    )


# --- clients (R-CLI-1, R-CLI-2) ------------------------------------------------------


def client_list(*, user: User) -> QuerySet[Client]:
    if not can_view_clients(user):
        return Client.objects.none()
    clients = Client.objects.select_related(
        "current_lead__owner", "current_lead__group", "current_lead__consultant"
    )
    if can(user, "clients.view_all_clients"):
        return clients
    return clients.filter(current_lead__in=lead_scope(user))


def client_get(*, user: User, pk: int) -> Client:
    return in_scope_or_404(client_list(user=user), pk=pk)


def clients_for_export() -> QuerySet[Client]:
    """Every client, in key order: the operator's command-line export (R-CLI-6)."""
    return Client.objects.select_related("current_lead__owner").order_by("pk")


def client_timeline(client: Client) -> dict:
    """R-CLI-2: everything that happened to a client, in a fixed number of queries."""
    return {
        "leads": list(client.leads.select_related("owner", "consultant", "reception_by")),
        "follow_ups": list(client.follow_ups.select_related("by")),
        "visits": list(
            Visit.objects.filter(lead__client=client).select_related(
                "consultant", "credited_staff", "brought_by"
            )
        ),
        "deals": list(
            Deal.objects.filter(lead__client=client).select_related("consultant", "credited_staff")
        ),
        "feedback": list(client.feedback.select_related("by")),
        "complaints": list(client.complaints.all()),
        "cooperations": [
            (c, [(to, COOPERATION_LABELS[to]) for to in COOPERATION_FLOW[c.status]])
            for c in client.cooperations.all()
        ],
        "events": list(
            OwnershipEvent.objects.filter(lead__client=client).select_related(
                "from_staff", "to_staff", "actor"
            )
        ),
    }


# --- reception (R-LEAD-4) ----------------------------------------------------------------


def rotation_queue(day: date) -> QuerySet[RotationMember]:
    return (
        RotationMember.objects.filter(day=day)
        .select_related("consultant")
        .order_by("sat_out", "position")
    )


def rotation_log(day: date) -> QuerySet[RotationLog]:
    return RotationLog.objects.filter(day=day).select_related("consultant", "visit__lead__client")


def visits_of_day(day: date) -> QuerySet[Visit]:
    return Visit.objects.filter(arrived_at__date=day).select_related(
        "lead__client", "consultant", "brought_by"
    )


def visits_to_end(*, user: User) -> QuerySet[Visit]:
    """Receptions in progress a user may end (issue 17, R-ROLE-1): a consultant only
    their own; the front desk (reception without receiving visitors: the managers) any."""
    receiving = Visit.objects.filter(state=VisitState.RECEIVING)
    if not can(user, "clients.run_reception", "clients.confirm_visit"):
        return receiving.none()
    if can(user, "clients.confirm_visit"):
        me = staff_of(user)
        return receiving.filter(consultant=me) if me else receiving.none()
    return receiving


# --- facts for payroll (R-PAY-CALC) --------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


def valid_visits(month_start: date, month_end: date) -> QuerySet:
    """R-PAY-CALC: the rows of `valid_visits_of` (below) that payroll and the dashboard
    read: visit_id, credited_staff_id, is_conversion, confirmed_at. One query."""
    return (
        valid_visits_of(month_start, month_end)
        .values("confirmed_at", "credited_staff_id", "is_conversion", visit_id=F("pk"))
        .order_by("confirmed_at", "visit_id")
    )


def valid_visits_of(month_start: date, month_end: date) -> QuerySet[Visit]:
    """R-PAY-CALC: valid visits confirmed in [month_start, month_end) (Asia/Shanghai).

    A valid visit is the first confirmed visit of the ownership period in which it was
    confirmed, on a lead that is not invalid; a phone yields at most one per calendar
    month across all owners (the earliest). It is credited to `credited_staff` (the
    owner at confirmation if a canvasser or group leader, else nobody) and is a
    call-to-visit conversion when the lead is a phone lead — registered as one,
    assigned from an inbound call, or claimed from the pool (`is_conversion`). The
    visits as a queryset, so a reader may pick other columns (the quarterly review
    picks the lead's group, kind, channel and point, R-PLAN-6). Set-based: one query.
    """
    start, end = _bounds(month_start, month_end)
    earlier_in_period = Visit.objects.filter(
        period=OuterRef("period"), confirmed_at__isnull=False
    ).filter(
        Q(confirmed_at__lt=OuterRef("confirmed_at"))
        | Q(confirmed_at=OuterRef("confirmed_at"), pk__lt=OuterRef("pk"))
    )
    tz = timezone.get_current_timezone()
    return (
        Visit.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end, period__isnull=False)
        .exclude(lead__status=LeadStatus.INVALID)
        .filter(~Exists(earlier_in_period))
        .annotate(
            rank_in_phone_month=Window(
                RowNumber(),
                partition_by=[F("lead__phone"), TruncMonth("confirmed_at", tzinfo=tz)],
                order_by=[F("confirmed_at").asc(), F("pk").asc()],
            ),
            is_conversion=Case(
                When(
                    Q(lead__kind=LeadKind.PHONE)
                    | Q(
                        period__start_reason__in=[
                            OwnershipPeriod.Start.CLAIMED,
                            OwnershipPeriod.Start.INBOUND,
                        ]
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .filter(rank_in_phone_month=1)
    )


def _accrual(on_signing: bool):
    if on_signing:
        return F("signed_on")
    return Greatest("signed_on", "first_payment_on")


def deals_accruing(month_start: date, month_end: date, *, on_signing: bool = False) -> QuerySet:
    """R-PAY-5: signed (not cancelled) deals whose accrual date falls in
    [month_start, month_end): the later of signing and first payment (a deal without
    a first payment has not accrued), or signing when `on_signing`."""
    deals = Deal.objects.filter(status=DealStatus.SIGNED)
    if not on_signing:
        deals = deals.filter(first_payment_on__isnull=False)
    return (
        deals.annotate(accrual_date=_accrual(on_signing))
        .filter(accrual_date__gte=month_start, accrual_date__lt=month_end)
        .values("id", "credited_staff_id", "units", "amount", "accrual_date", "lead_id")
        .order_by("accrual_date", "id")
    )


def deals_cancelled(month_start: date, month_end: date) -> QuerySet:
    """R-PAY-5: deals cancelled in the month, with their dates (payroll derives the
    accrual month under its own setting) and whether it was the canvasser's fault."""
    start, end = _bounds(month_start, month_end)
    deals = Deal.objects.filter(
        status=DealStatus.CANCELLED, cancelled_at__gte=start, cancelled_at__lt=end
    )
    return deals.values(
        "id",
        "credited_staff_id",
        "units",
        "signed_on",
        "first_payment_on",
        "cancelled_at",
        "canvasser_fault",
        "lead_id",
    ).order_by("cancelled_at", "id")


# --- fake registrations (R-LEAD-7) ----------------------------------------------------


def fake_registration_signals(
    *, now: datetime, min_owners: int = 3, unconfirmed_after_hours: int = 24, limit: int = 100
) -> dict:
    """Evidence for the manager: the same phone across many owners, numbers never
    reached (only ineffective follow-ups, no confirmed visit), visits never confirmed."""
    from datetime import timedelta

    from django.db.models import Count, Max

    many_owners = list(
        OwnershipPeriod.objects.values("lead__phone")
        .annotate(
            owners=Count("owner", distinct=True),
            lead_id=Max("lead_id"),
            registered_by=Max("lead__registered_by_id"),
        )
        .filter(owners__gte=min_owners)
        .order_by("-owners", "lead__phone")[:limit]
    )
    for row in many_owners:
        row["phone_masked"] = phone_mask(row["lead__phone"])
    ineffective = FollowUp.objects.filter(client=OuterRef("client"), effective=False)
    effective = FollowUp.objects.filter(client=OuterRef("client"), effective=True)
    never_reached = list(
        Lead.objects.filter(status=LeadStatus.ACTIVE, last_confirmed_visit_at__isnull=True)
        .filter(Exists(ineffective))
        .exclude(Exists(effective))
        .select_related("client", "owner")
        .order_by("owner", "registered_at")[:limit]
    )
    unconfirmed = list(
        Visit.objects.filter(
            confirmed_at__isnull=True,
            arrived_at__lte=now - timedelta(hours=unconfirmed_after_hours),
        )
        .values("brought_by", "brought_by__name")
        .annotate(visits=Count("id"))
        .order_by("-visits")[:limit]
    )
    return {"many_owners": many_owners, "never_reached": never_reached, "unconfirmed": unconfirmed}


# Re-exported: other apps import every clients read from `clients.selectors`.
from .appraisals import complaints_on_time_by_owner as complaints_on_time_by_owner  # noqa: E402
from .appraisals import deals_accruing_with_repeat as deals_accruing_with_repeat  # noqa: E402
from .appraisals import leads_registered_by_person as leads_registered_by_person  # noqa: E402
from .appraisals import satisfaction_by_owner as satisfaction_by_owner  # noqa: E402
from .lookups import attendee_outcomes as attendee_outcomes  # noqa: E402
from .lookups import client_id_of_phone as client_id_of_phone  # noqa: E402
from .lookups import field_counts as field_counts  # noqa: E402
from .lookups import lead_exists as lead_exists  # noqa: E402
from .lookups import live_lead_of_phone as live_lead_of_phone  # noqa: E402
from .lookups import owned_client_ids as owned_client_ids  # noqa: E402
from .lookups import signed_deal_ids as signed_deal_ids  # noqa: E402
from .reviews import funnel_deals as funnel_deals  # noqa: E402
from .reviews import funnel_leads as funnel_leads  # noqa: E402
from .reviews import funnel_valid_visits as funnel_valid_visits  # noqa: E402
