"""Payroll reads: the policy in force for a month, targets."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from outreach.dates import month_start, next_month_start
from outreach.guard import can, in_scope_or_404
from outreach.models import Staff
from outreach.selectors import staff_of, visible_staff

from .models import (
    CommissionTrigger,
    PayPolicy,
    PayrollExport,
    PayrollRun,
    Payslip,
    PayslipLine,
    RunStatus,
    Target,
)


def pay_policy_for_month(month: date) -> PayPolicy:
    """R-PAY-CALC: the policy version in force on the month's 1st."""
    first = month_start(month)
    policy = PayPolicy.objects.filter(effective_from__lte=first).first()
    if policy is None:
        raise ValidationError(
            _("No pay policy is in force on %(day)s; add one first.") % {"day": first}
        )
    return policy


def pay_policy_list() -> QuerySet[PayPolicy]:
    """Every pay policy version, the newest first (the model's ordering)."""
    return PayPolicy.objects.all()


def targets_for_month(month: date) -> QuerySet[Target]:
    return Target.objects.filter(month=month_start(month)).select_related("staff", "group")


def person_targets(month: date, staff_ids=None) -> dict[int, Target]:
    """Each person's own targets for the month, by staff id (R-PAY-3: pay uses them)."""
    targets = targets_for_month(month).filter(staff__isnull=False)
    if staff_ids is not None:
        targets = targets.filter(staff_id__in=staff_ids)
    return {t.staff_id: t for t in targets}


def payroll_run_list() -> QuerySet[PayrollRun]:
    return PayrollRun.objects.annotate(
        people=Count("payslips"), total_gross=Sum("payslips__gross"), total_net=Sum("payslips__net")
    )


def payroll_run_get(*, pk: int) -> PayrollRun:
    """One run, for those who see every payslip (the pages guard that); else 404."""
    return in_scope_or_404(PayrollRun.objects.all(), pk=pk)


def payroll_run_for_month(month: date) -> PayrollRun | None:
    return PayrollRun.objects.filter(month=month).first()


def target_board_members(*, group, month: date) -> QuerySet[Staff]:
    """People in the group on at least one day of the month, by employee number."""
    first = month_start(month)
    end = next_month_start(first)
    return (
        Staff.objects.filter(
            memberships__group=group,
            memberships__valid_from__lt=end,
        )
        .exclude(memberships__valid_to__lt=first, memberships__group=group)
        .distinct()
        .order_by("employee_no")
    )


def payslips_visible_to(user: User) -> QuerySet[Payslip]:
    """R-ROLE-1: HR and managers see every payslip, a leader their groups', others their
    own. The sales manager sees what managers see except staff pay."""
    payslips = Payslip.objects.select_related("run")
    if can(user, "payroll.view_all_payslips"):
        return payslips
    if can(user, "outreach.view_group_staff"):
        return payslips.filter(staff__in=visible_staff(user))
    me = staff_of(user)
    return payslips.filter(staff=me) if me else payslips.none()


def payslip_get(*, user: User, pk: int) -> Payslip:
    return get_object_or_404(payslips_visible_to(user), pk=pk)


def payslip_lines(payslip: Payslip) -> QuerySet[PayslipLine]:
    return payslip.lines.order_by("position")


def run_group_subtotals(run: PayrollRun) -> QuerySet:
    return (
        run.payslips.values("group_code")
        .annotate(
            people=Count("id"), gross=Sum("gross"), fines=Sum("fines_applied"), net=Sum("net")
        )
        .order_by("group_code")
    )


def run_totals(run: PayrollRun) -> dict:
    return run.payslips.aggregate(
        people=Count("id"),
        gross=Sum("gross"),
        fines=Sum("fines_applied"),
        held_back=Sum("held_back"),
        net=Sum("net"),
    )


COMMISSION_KINDS = ("commission", "override", "clawback", "team_award")
CENT = Decimal("0.01")


def run_commissions_by_group(run: PayrollRun) -> list[dict]:
    """Issue 6 §6: commissions, overrides, clawbacks and team awards per group and person,
    in one query: [{group, totals{kind: amount}, people[{employee_no, name, kinds}]}]."""
    rows = (
        PayslipLine.objects.filter(payslip__run=run, kind__in=COMMISSION_KINDS)
        .values("payslip__group_code", "payslip__employee_no", "payslip__name", "kind")
        .annotate(total=Sum("amount"))
        .order_by("payslip__group_code", "payslip__employee_no")
    )
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(
            row["payslip__group_code"],
            {"group": row["payslip__group_code"], "totals": {}, "people": {}},
        )
        person = group["people"].setdefault(
            row["payslip__employee_no"],
            {"employee_no": row["payslip__employee_no"], "name": row["payslip__name"], "kinds": {}},
        )
        total = Decimal(row["total"]).quantize(CENT)  # SQLite sums decimals as floats
        person["kinds"][row["kind"]] = total
        group["totals"][row["kind"]] = group["totals"].get(row["kind"], Decimal(0)) + total
    return [{**g, "people": list(g["people"].values())} for g in groups.values()]


def group_targets_between(first_month: date, last_month: date) -> QuerySet[Target]:
    """R-PAY-3 group targets for the months from `first_month` to `last_month` (their
    1sts, inclusive), for R-APR-2's share of the group's target met. One query."""
    return Target.objects.filter(
        group__isnull=False, month__gte=month_start(first_month), month__lte=last_month
    ).order_by("group_id", "month")


def payroll_export_get(*, user: User, pk: int) -> PayrollExport:
    """An export of a month's pay: only for those who run payroll (404 for anyone else,
    issue 17), like its page."""
    if not can(user, "payroll.run_payroll"):
        raise Http404
    return get_object_or_404(PayrollExport.objects.select_related("run"), pk=pk)


def payroll_export_recent(*, limit: int = 5) -> QuerySet[PayrollExport]:
    """R-DASH-3: the latest payroll spreadsheets, for HR's home."""
    return PayrollExport.objects.select_related("run").order_by("-created_at", "-pk")[:limit]


# --- the quarterly review (R-PLAN-6) ------------------------------------------------------

PAID_COMMISSION_KINDS = ("commission", "override", "clawback")


def commissions_paid_by_month(first_month: date, end: date) -> dict[date, Decimal]:
    """R-PLAN-6 "commissions paid": for each month in [first_month, end) whose run is
    locked, the run's commission, leader-override and clawback-applied lines summed
    (R-PAY-5; a clawback line is negative); 0 for a locked run without any. Team awards
    are not commissions. A month without a locked run is absent. One query."""
    runs = (
        PayrollRun.objects.filter(status=RunStatus.LOCKED, month__gte=first_month, month__lt=end)
        .annotate(
            paid=Sum(
                "payslips__lines__amount",
                filter=Q(payslips__lines__kind__in=PAID_COMMISSION_KINDS),
            )
        )
        .values_list("month", "paid")
    )
    return {month: Decimal(paid or 0).quantize(CENT) for month, paid in runs}


def targets_between(first_month: date, end: date) -> QuerySet[Target]:
    """R-PAY-3 targets (people's and groups') of the months in [first_month, end), with
    the person and the group. One query."""
    return (
        Target.objects.filter(month__gte=first_month, month__lt=end)
        .select_related("staff", "group")
        .order_by("month", "pk")
    )


def accrual_on_signing_by_month(months) -> dict[date, bool]:
    """R-PAY-5: for each month, whether its policy (in force on its 1st) makes a deal
    accrue on signing rather than on first payment; no policy counts as first payment.
    One query."""
    policies = list(
        PayPolicy.objects.filter(effective_from__lte=max(months))
        .order_by("-effective_from")
        .values_list("effective_from", "commission_trigger")
    )
    result = {}
    for month in months:
        trigger = next((t for since, t in policies if since <= month), None)
        result[month] = trigger == CommissionTrigger.SIGNING
    return result
