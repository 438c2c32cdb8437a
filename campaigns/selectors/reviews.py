"""The costs and events of a period, for the quarterly review (R-PLAN-6). Each function
runs one query whatever the number of campaigns, claims or guests."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from outreach.dates import at_local

from ..models import BudgetLine, Campaign, CampaignStatus, ClaimStatus, ExpenseClaim

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
HELD = (CampaignStatus.FINISHED, CampaignStatus.REVIEWED)


def events_between(first: date, end: date) -> list[dict]:
    """Campaigns starting in the local days [first, end), whatever their state, with
    the actual spend of their budget lines not cancelled (R-CAM-2, what `with_budget_totals`
    calls actual_total), the guests checked in (walk-ins included) and the new leads of
    their invitations (as `campaign_results` counts them), and whether they were held
    (finished or reviewed). Rows: id, theme, starts_at, status, held, actual, attended,
    new_leads. One query (the spend is a subquery, so guests do not multiply it)."""
    spent = (
        BudgetLine.objects.filter(campaign=OuterRef("pk"), is_cancelled=False)
        .values("campaign")
        .annotate(total=Sum("actual"))
        .values("total")
    )
    rows = (
        Campaign.objects.filter(starts_at__gte=at_local(first), starts_at__lt=at_local(end))
        .annotate(
            actual=Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO), output_field=MONEY),
            attended=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False)),
            new_leads=Count("invitations", filter=Q(invitations__created_lead=True)),
        )
        .values("id", "theme", "starts_at", "status", "actual", "attended", "new_leads")
        .order_by("starts_at", "id")
    )
    return [
        {**row, "held": row["status"] in HELD, "actual": Decimal(row["actual"]).quantize(ZERO)}
        for row in rows
    ]


def claims_approved_total(first: date, end: date) -> Decimal:
    """R-PLAN-2 / R-PAY-CALC: the approved expense claims of the period by approval time
    (the month payroll reimburses them in, `approved_claims_for_month`). One query."""
    total = ExpenseClaim.objects.filter(
        status=ClaimStatus.APPROVED, decided_at__gte=at_local(first), decided_at__lt=at_local(end)
    ).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0).quantize(ZERO)
