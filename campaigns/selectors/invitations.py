"""Reads of invitations, check-in (R-CAM-4) and an event's measured results (R-CAM-5)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.selectors import attendee_outcomes, client_list, owned_client_ids
from outreach.guard import in_scope_or_404
from outreach.models import Staff

from ..models import Campaign, CampaignStatus, Invitation, InvitationReply

RESULTS_WINDOW = timedelta(days=30)
CENT = Decimal("0.01")
SEARCH_LIMIT = 20
CODE_NOISE = re.compile(r"[\s\-]")


def invitation_list(campaign: Campaign) -> QuerySet[Invitation]:
    return Invitation.objects.filter(campaign=campaign).select_related(
        "client__current_lead", "invited_by", "blocked_by_owner", "checked_in_by"
    )


def invitations_visible(*, user: User) -> QuerySet[Invitation]:
    """The invitations of every campaign the user sees (the guest lists they may open),
    with what a row shows loaded: the open API's list."""
    from . import campaign_list

    visible = campaign_list(user=user).values("pk")
    return Invitation.objects.filter(campaign__in=visible).select_related(
        "campaign", "client__current_lead", "invited_by", "blocked_by_owner", "checked_in_by"
    )


def invitation_get(*, user: User, pk: int) -> Invitation:
    """An invitation of a campaign the user sees; 404 otherwise (R-ROLE-1)."""
    from . import campaign_list

    visible = campaign_list(user=user).values("pk")
    return in_scope_or_404(
        Invitation.objects.select_related(
            "campaign__owner", "client__current_lead", "invited_by", "checked_in_by"
        ).filter(campaign__in=visible),
        pk=pk,
    )


def code_normalise(code: str) -> str:
    return CODE_NOISE.sub("", code or "").upper()


def invitation_by_code(code: str) -> Invitation | None:
    """Any campaign's invitation with this code (the caller checks the campaign)."""
    code = code_normalise(code)
    if not code:
        return None
    return Invitation.objects.select_related("campaign", "checked_in_by").filter(code=code).first()


def invitation_by_code_get(*, user: User, code: str) -> Invitation:
    """The invitation a scanned QR code points to, if its campaign is visible; else 404."""
    from . import campaign_list

    visible = campaign_list(user=user).values("pk")
    return in_scope_or_404(
        Invitation.objects.select_related("campaign__owner", "checked_in_by").filter(
            campaign__in=visible
        ),
        code=code_normalise(code),
    )


def check_in_search(campaign: Campaign, query: str) -> list[Invitation]:
    """R-CAM-4: this campaign's guests by name, or by phone (full or its last digits)."""
    query = (query or "").strip()
    if not query:
        return []
    digits = re.sub(r"\D", "", query)
    if digits and len(digits) == len(query.replace(" ", "")):
        if len(digits) < 4:
            return []
        match = Q(phone__endswith=digits) if len(digits) < 11 else Q(phone=digits)
    else:
        match = Q(guest_name__icontains=query)
    return list(
        Invitation.objects.filter(campaign=campaign)
        .filter(match)
        .select_related("checked_in_by")
        .order_by("guest_name", "pk")[:SEARCH_LIMIT]
    )


def check_in_counts(campaign: Campaign) -> dict[str, int]:
    return Invitation.objects.filter(campaign=campaign).aggregate(
        invited=Count("pk", filter=Q(is_walk_in=False)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(is_walk_in=True)),
    )


def clients_to_invite(*, user: User, query: str) -> list:
    """Clients of the archive the user may see, by name or phone, to pick as invitees."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    digits = re.sub(r"\D", "", query)
    match = Q(name__icontains=query) | Q(company_name__icontains=query)
    if len(digits) >= 4:
        match |= Q(phone__contains=digits)
    return list(client_list(user=user).filter(match).order_by("name", "pk")[:SEARCH_LIMIT])


def pending_invitations_for_owner(staff: Staff) -> QuerySet[Invitation]:
    """R-CAM-4: invitations to upcoming campaigns (not finished, reviewed or cancelled)
    whose client the person owns, not checked in and not declined — for their home page.
    One query."""
    return (
        Invitation.objects.filter(
            client__in=owned_client_ids(staff.pk),
            checked_in_at__isnull=True,
        )
        .exclude(reply=InvitationReply.DECLINED)
        .exclude(
            campaign__status__in=[
                CampaignStatus.FINISHED,
                CampaignStatus.REVIEWED,
                CampaignStatus.CANCELLED,
            ]
        )
        .select_related("campaign", "invited_by")
        .order_by("campaign__starts_at", "campaign_id", "guest_name", "pk")
    )


# --- results (R-CAM-5) -----------------------------------------------------------------


def _per(amount: Decimal, count: int) -> Decimal | None:
    """Money per head, rounded half up to the cent; None when there is nobody."""
    if not count:
        return None
    return (amount / count).quantize(CENT, ROUND_HALF_UP)


def _tenth(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class CampaignResults:
    invited: int
    accepted: int
    attended: int
    walk_ins: int
    new_leads: int
    visits: int
    deals: int
    planned: Decimal
    actual: Decimal
    satisfaction: Decimal | None
    rated: int
    window_start: datetime
    window_end: datetime
    funnel: dict = field(default_factory=dict)

    @property
    def variance(self) -> Decimal:
        return self.actual - self.planned

    @property
    def cost_per_attendee(self) -> Decimal | None:
        return _per(self.actual, self.attended)

    @property
    def cost_per_lead(self) -> Decimal | None:
        return _per(self.actual, self.new_leads)


def campaign_results(campaign: Campaign) -> CampaignResults:
    """R-CAM-5: the summary report the system fills in.

    invited = invitations sent (walk-ins excluded); accepted = of those, replied yes
    (a guest who came counts as accepted); attended = checked in, walk-ins included;
    new leads = leads registered through this campaign's invitations and walk-ins;
    visits and deals = confirmed visits (by arrival) and signed, not cancelled deals
    (by signing day) of attendees' clients in [start, start + 30 days]; cost = the
    actual spend of the budget lines not cancelled. Four queries.
    """
    from . import campaign_budget

    invitations = Invitation.objects.filter(campaign=campaign)
    counts = invitations.aggregate(
        invited=Count("pk", filter=Q(is_walk_in=False)),
        accepted=Count("pk", filter=Q(is_walk_in=False, reply=InvitationReply.ACCEPTED)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(is_walk_in=True)),
        new_leads=Count("pk", filter=Q(created_lead=True)),
        rated=Count("satisfaction"),
        satisfaction=Avg("satisfaction"),
    )
    start = campaign.starts_at
    end = start + RESULTS_WINDOW
    attendees = invitations.filter(checked_in_at__isnull=False).values("client_id")
    outcomes = attendee_outcomes(attendees, start, end)
    budget = campaign_budget(campaign)
    average = counts["satisfaction"]
    result = dict(
        invited=counts["invited"],
        accepted=counts["accepted"],
        attended=counts["attended"],
        walk_ins=counts["walk_ins"],
        new_leads=counts["new_leads"],
        visits=outcomes["visits"],
        deals=outcomes["deals"],
    )
    return CampaignResults(
        **result,
        planned=budget.planned,
        actual=budget.actual,
        satisfaction=None if average is None else _tenth(average),
        rated=counts["rated"],
        window_start=start,
        window_end=end,
        funnel={
            "labels": [
                _("Invited"),
                _("Accepted"),
                _("Attended"),
                _("New leads"),
                _("Visits"),
                _("Deals"),
            ],
            "values": [
                result["invited"],
                result["accepted"],
                result["attended"],
                result["new_leads"],
                result["visits"],
                result["deals"],
            ],
        },
    )


def event_results_by_owner(start: date, end: date) -> QuerySet:
    """R-APR-2: the events each person owned that started in [start, end) (local days)
    and were held (finished or reviewed; not cancelled, not still under way), with their
    measured results as `campaign_results` counts them: attended = guests checked in,
    walk-ins included; new_leads = leads registered through the events' invitations and
    walk-ins. Rows: staff_id, events, attended, new_leads. One query."""
    tz = timezone.get_current_timezone()
    return (
        Campaign.objects.filter(
            status__in=[CampaignStatus.FINISHED, CampaignStatus.REVIEWED],
            starts_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            starts_at__lt=datetime.combine(end, time.min, tzinfo=tz),
        )
        .values(staff_id=F("owner_id"))
        .annotate(
            events=Count("pk", distinct=True),
            attended=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False)),
            new_leads=Count("invitations", filter=Q(invitations__created_lead=True)),
        )
        .order_by()
    )
