"""Reads of the campaigns app, already scoped to the user (R-ROLE-1)."""

from calendar import Calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from outreach.dates import month_bounds, month_start, today
from outreach.guard import can, in_scope_or_404
from outreach.models import Staff
from outreach.selectors import memberships_on, staff_of, visible_staff

from ..models import (
    BudgetLine,
    Campaign,
    CampaignAttachment,
    CampaignStatus,
    ClaimStatus,
    DailyReport,
    ExpenseClaim,
    LibraryItem,
    MarketNote,
    MaterialHandout,
    PrepTask,
    Receipt,
    ScreeningCriterion,
    TripPlan,
    TripStatus,
    WeeklyPlan,
)

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


# --- campaigns (R-CAM-1, R-CAM-2) -----------------------------------------------------


def with_budget_totals(queryset: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """R-CAM-2: planned and actual totals of the lines not cancelled."""
    live = Q(budget_lines__is_cancelled=False)
    return queryset.annotate(
        planned_total=Coalesce(
            Sum("budget_lines__planned", filter=live), Value(ZERO), output_field=MONEY_FIELD
        ),
        actual_total=Coalesce(
            Sum("budget_lines__actual", filter=live), Value(ZERO), output_field=MONEY_FIELD
        ),
    )


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    """Managers and the sales manager see every campaign; others the campaigns they own
    or take part in."""
    queryset = Campaign.objects.select_related("owner")
    if can(user, "campaigns.view_all_campaigns"):
        return queryset
    me = staff_of(user)
    if me is None:
        return queryset.none()
    mine = Campaign.participants.through.objects.filter(staff=me).values("campaign_id")
    return queryset.filter(Q(owner=me) | Q(pk__in=mine))


def campaign_get(*, user: User, pk: int) -> Campaign:
    return in_scope_or_404(campaign_list(user=user), pk=pk)


def campaign_staff_choices() -> QuerySet[Staff]:
    """Who may own or take part in a campaign: anyone employed."""
    return Staff.objects.filter(user__is_active=True).order_by("employee_no")


def campaign_owners(*, user: User) -> QuerySet[Staff]:
    """The owners of the campaigns a user sees (the list's owner filter)."""
    return Staff.objects.filter(pk__in=campaign_list(user=user).values("owner_id"))


def budget_line_get(*, user: User, pk: int) -> BudgetLine:
    visible = campaign_list(user=user).values("pk")
    return in_scope_or_404(
        BudgetLine.objects.select_related("campaign").filter(campaign__in=visible), pk=pk
    )


def prep_task_get(*, user: User, pk: int) -> PrepTask:
    """A task of a visible campaign, or one's own task on any campaign."""
    me = staff_of(user)
    visible = Q(campaign__in=campaign_list(user=user).values("pk"))
    if me is not None:
        visible |= Q(owner=me)
    return in_scope_or_404(PrepTask.objects.select_related("campaign").filter(visible), pk=pk)


@dataclass(frozen=True)
class BudgetSummary:
    lines: list[BudgetLine]
    planned: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        return self.actual - self.planned

    @property
    def is_overrun(self) -> bool:
        """R-CAM-2: the campaign has spent more than planned, or any line has."""
        return self.actual > self.planned or any(line.is_overrun for line in self.lines)


def campaign_budget(campaign: Campaign) -> BudgetSummary:
    lines = list(campaign.budget_lines.all())
    live = [line for line in lines if not line.is_cancelled]
    return BudgetSummary(
        lines=lines,
        planned=sum((line.planned for line in live), ZERO),
        actual=sum((line.actual or ZERO for line in live), ZERO),
    )


def campaigns_over_budget(*, user: User) -> QuerySet[Campaign]:
    """R-CAM-2: campaigns whose actual spend exceeds the plan (for the dashboard)."""
    overrun_lines = BudgetLine.objects.filter(is_cancelled=False, actual__gt=F("planned")).values(
        "campaign_id"
    )
    return (
        with_budget_totals(campaign_list(user=user))
        .exclude(status=CampaignStatus.CANCELLED)
        .filter(Q(actual_total__gt=F("planned_total")) | Q(pk__in=overrun_lines))
    )


def campaign_calendar(*, user: User, month: date) -> list[list[dict]]:
    """The month as weeks of days, each with the visible campaigns starting that day."""
    start, end = month_bounds(month)
    campaigns = list(
        campaign_list(user=user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at")
    )
    by_day: dict[date, list[Campaign]] = {}
    for campaign in campaigns:
        by_day.setdefault(campaign.starts_at.astimezone(start.tzinfo).date(), []).append(campaign)
    first = month_start(month)
    return [
        [
            {"day": day, "in_month": day.month == first.month, "campaigns": by_day.get(day, [])}
            for day in week
        ]
        for week in Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]


def open_prep_tasks(staff: Staff) -> QuerySet[PrepTask]:
    """A person's preparation tasks not done yet, on campaigns still live."""
    return (
        PrepTask.objects.filter(owner=staff, done_at__isnull=True)
        .exclude(campaign__status__in=[CampaignStatus.CANCELLED, CampaignStatus.REVIEWED])
        .select_related("campaign")
        .order_by("due_date", "pk")
    )


def overdue_prep_tasks(staff: Staff, *, on: date | None = None) -> QuerySet[PrepTask]:
    """R-CAM-3: a person's open preparation tasks past their due date, on live campaigns
    (the home page shows them)."""
    return open_prep_tasks(staff).filter(due_date__lt=on or today())


# --- field plans and trips (R-PLAN-1) -------------------------------------------------


def plan_list(*, user: User) -> QuerySet[WeeklyPlan]:
    """Own plans and the plans of one's group; leaders their groups' and members'."""
    queryset = WeeklyPlan.objects.select_related("staff", "group", "created_by")
    if can(user, "campaigns.view_all_plans"):
        return queryset
    me = staff_of(user)
    if me is None or not can(user, "campaigns.use_field_plans"):
        return queryset.none()
    my_groups = memberships_on(today()).filter(staff=me).values("group_id")
    return queryset.filter(Q(staff__in=visible_staff(user)) | Q(group__in=my_groups))


def plan_get(*, user: User, pk: int) -> WeeklyPlan:
    return in_scope_or_404(plan_list(user=user), pk=pk)


def plan_with_reports(plan: WeeklyPlan) -> list[dict]:
    """R-PLAN-1: each planned slot beside what the person's daily report says was done
    that day (group plans have no single report to compare)."""
    entries = list(plan.entries.select_related("point"))
    reports = {}
    if plan.staff_id:
        reports = {
            r.day: r
            for r in DailyReport.objects.filter(
                staff_id=plan.staff_id,
                day__gte=plan.week_start,
                day__lt=plan.week_start + timedelta(days=7),
            )
        }
    return [{"entry": e, "report": reports.get(e.day)} for e in entries]


def trip_list(*, user: User) -> QuerySet[TripPlan]:
    queryset = TripPlan.objects.select_related("staff", "decided_by")
    if can(user, "campaigns.view_all_plans"):
        return queryset
    if not can(user, "campaigns.use_field_plans"):
        return queryset.none()
    return queryset.filter(staff__in=visible_staff(user))


def trip_get(*, user: User, pk: int) -> TripPlan:
    return in_scope_or_404(trip_list(user=user), pk=pk)


def trip_approved_on(staff: Staff, day: date) -> bool:
    """Whether a person had an approved out-of-office trip that day (for attendance and
    the daily report: being away from the rostered point was authorised)."""
    return TripPlan.objects.filter(staff=staff, day=day, status=TripStatus.APPROVED).exists()


# --- expense claims (R-PLAN-2) --------------------------------------------------------


def claim_list(*, user: User) -> QuerySet[ExpenseClaim]:
    """Own claims; a leader's group's; managers and HR all (HR pays them)."""
    queryset = ExpenseClaim.objects.select_related("staff", "campaign", "trip_plan")
    if can(user, "campaigns.view_all_claims"):
        return queryset
    if not can(user, "campaigns.use_field_plans"):
        return queryset.none()
    return queryset.filter(staff__in=visible_staff(user))


def claim_get(*, user: User, pk: int) -> ExpenseClaim:
    return in_scope_or_404(claim_list(user=user).prefetch_related("receipts"), pk=pk)


def receipt_get(*, user: User, pk: int) -> Receipt:
    """A receipt photo, by the scope of its claim's page."""
    return in_scope_or_404(
        Receipt.objects.filter(claim__in=claim_list(user=user).values("pk")), pk=pk
    )


def attachment_get(*, user: User, pk: int) -> CampaignAttachment:
    """A campaign's photo or file, by the scope of the campaign's page."""
    return in_scope_or_404(
        CampaignAttachment.objects.filter(campaign__in=campaign_list(user=user).values("pk")), pk=pk
    )


class ApprovedClaim(NamedTuple):
    claim_id: int
    staff_id: int
    amount: Decimal


def approved_claims_for_month(month: date) -> list[ApprovedClaim]:
    """R-PLAN-2 / R-PAY-CALC: approved claims reimbursed with a month's pay, by approval
    time in the month [m-01 00:00, next m-01 00:00) Asia/Shanghai (the project's zone)."""
    start, end = month_bounds(month)
    rows = (
        ExpenseClaim.objects.filter(
            status=ClaimStatus.APPROVED, decided_at__gte=start, decided_at__lt=end
        )
        .order_by("decided_at", "pk")
        .values_list("pk", "staff_id", "amount")
    )
    return [ApprovedClaim(*row) for row in rows]


# --- market intelligence and the library (R-PLAN-3, R-PLAN-4) -------------------------


def market_note_list(*, user: User) -> QuerySet[MarketNote]:
    if not can(user, "campaigns.manage_market"):
        return MarketNote.objects.none()
    return MarketNote.objects.select_related("author")


def market_note_get(*, user: User, pk: int) -> MarketNote:
    return in_scope_or_404(
        market_note_list(user=user).prefetch_related("campaigns", "plans"), pk=pk
    )


def screening_criteria(*, user: User) -> QuerySet[ScreeningCriterion]:
    if not can(user, "campaigns.manage_market"):
        return ScreeningCriterion.objects.none()
    return ScreeningCriterion.objects.filter(is_active=True)


def library_list(*, user: User) -> QuerySet[LibraryItem]:
    if not can(user, "campaigns.view_library"):
        return LibraryItem.objects.none()
    items = LibraryItem.objects.all()
    return items if can(user, "campaigns.manage_library") else items.filter(is_active=True)


def library_get(*, user: User, pk: int) -> LibraryItem:
    return in_scope_or_404(library_list(user=user), pk=pk)


def handout_list(*, user: User) -> QuerySet[MaterialHandout]:
    if not can(user, "campaigns.use_field_plans"):
        return MaterialHandout.objects.none()
    return MaterialHandout.objects.filter(staff__in=visible_staff(user)).select_related(
        "staff", "item"
    )


def handouts_for(staff: Staff, day: date) -> QuerySet[MaterialHandout]:
    """R-PLAN-4: a person's materials of a day, for the daily report."""
    return MaterialHandout.objects.filter(staff=staff, day=day).order_by("material")


# --- daily reports (R-DAY-1) ------------------------------------------------------------


def daily_report_list(*, user: User) -> QuerySet[DailyReport]:
    """Own reports; a leader's group's; managers all."""
    queryset = DailyReport.objects.select_related("staff", "point", "reviewed_by")
    if can(user, "campaigns.view_all_plans"):
        return queryset
    if not can(user, "campaigns.use_field_plans"):
        return queryset.none()
    return queryset.filter(staff__in=visible_staff(user))


def daily_report_get(*, user: User, pk: int) -> DailyReport:
    return in_scope_or_404(daily_report_list(user=user), pk=pk)


def daily_report_of(staff: Staff, day: date) -> DailyReport | None:
    return DailyReport.objects.filter(staff=staff, day=day).first()


from .daily import SYSTEM_FIELDS as SYSTEM_FIELDS  # noqa: E402
from .daily import ReportPrefill as ReportPrefill  # noqa: E402
from .daily import daily_report_known as daily_report_known  # noqa: E402
from .daily import daily_report_prefill as daily_report_prefill  # noqa: E402
from .daily import daily_reports_missing as daily_reports_missing  # noqa: E402

# --- invitations, check-in and results (R-CAM-4, R-CAM-5) ---------------------------------
from .invitations import (  # noqa: E402
    CampaignResults as CampaignResults,
)
from .invitations import (  # noqa: E402
    campaign_results as campaign_results,
)
from .invitations import (  # noqa: E402
    check_in_counts as check_in_counts,
)
from .invitations import (  # noqa: E402
    check_in_search as check_in_search,
)
from .invitations import (  # noqa: E402
    clients_to_invite as clients_to_invite,
)
from .invitations import (  # noqa: E402
    event_results_by_owner as event_results_by_owner,
)
from .invitations import (  # noqa: E402
    invitation_by_code as invitation_by_code,
)
from .invitations import (  # noqa: E402
    invitation_by_code_get as invitation_by_code_get,
)
from .invitations import (  # noqa: E402
    invitation_get as invitation_get,
)
from .invitations import (  # noqa: E402
    invitation_list as invitation_list,
)
from .invitations import (  # noqa: E402
    invitations_visible as invitations_visible,
)
from .invitations import (  # noqa: E402
    pending_invitations_for_owner as pending_invitations_for_owner,
)
from .reviews import claims_approved_total as claims_approved_total  # noqa: E402
from .reviews import events_between as events_between  # noqa: E402
