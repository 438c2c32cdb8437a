"""R-PAY-8: a month's run goes draft → calculated → approved → locked."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.services import discipline_case_open
from outreach.dates import month_start
from outreach.decisions import decision_refuse_own
from outreach.history import history_actor
from outreach.jobs import enqueue
from outreach.models import ClosedPayMonth, Staff
from outreach.services import notification_create_many

from ..calc import PayPolicy as PolicyRates
from ..calc import Payslip as CalculatedSlip
from ..calc import calculate, targets_missed, team_awards
from ..facts import MonthFacts, gather_month
from ..models import Adjustment, PayrollRun, Payslip, PayslipLine, RunStatus
from ..selectors import pay_policy_for_month

SUMMARY_FIELDS = (
    "wage",
    "fixed",
    "performance",
    "bonuses",
    "commission",
    "clawback_applied",
    "clawback_carry_out",
    "awards",
    "gross",
    "reimbursements",
    "appraisal_bonuses",
    "adjustments",
    "fines",
    "fines_applied",
    "held_back",
    "net",
)


def _locked_run_for_update(month: date) -> PayrollRun:
    """The month's run, created if missing, locked against a concurrent calculation."""
    first = month_start(month)
    try:
        with transaction.atomic():
            PayrollRun.objects.get_or_create(month=first)
    except IntegrityError:
        pass  # created by a concurrent call; we lock it below
    return PayrollRun.objects.select_for_update().get(month=first)


def _refuse_if_locked(run: PayrollRun) -> None:
    if run.status == RunStatus.LOCKED:
        raise ValidationError(
            _(
                "The payroll run for %(month)s is locked and cannot change; correct it with an "
                "adjustment on an open run."
            )
            % {"month": f"{run.month:%Y-%m}"}
        )


def _payslip_rows(run: PayrollRun, facts: MonthFacts, rates: PolicyRates):
    awards, award_warnings = team_awards(facts.group_totals, facts.award_receivers, rates)
    facts.warnings.extend({"kind": "award_unpaid", **w} for w in award_warnings)
    for person in sorted(facts.people.values(), key=lambda p: p.staff.employee_no):
        person.month.awards = awards.get(person.staff.employee_no, [])
        slip: CalculatedSlip = calculate(person.month, rates)
        if not slip.lines:
            continue
        row = Payslip(
            run=run,
            staff=person.staff,
            employee_no=person.staff.employee_no,
            name=person.staff.name,
            group_code=person.group_code,
            bank_account=person.staff.bank_account,
            scheduled_days=person.month.days.scheduled,
            worked_days=person.month.days.worked,
            targets_missed=targets_missed(person.month),
            **{name: getattr(slip, name) for name in SUMMARY_FIELDS},
        )
        yield row, slip.lines


@transaction.atomic
def payroll_run_calculate(
    *,
    month: date,
    actor: User | None = None,
    gather: Callable[[date], MonthFacts] = gather_month,
) -> PayrollRun:
    """Calculate (or recalculate) a month: gather the facts, apply R-PAY-CALC to everyone,
    and replace the run's payslips in one transaction. The run row is locked meanwhile,
    so two concurrent calculations of one month run one after the other, never both
    writing at once; recalculating gives the same lines."""
    run = _locked_run_for_update(month)
    _refuse_if_locked(run)
    policy = pay_policy_for_month(run.month)
    facts = gather(run.month)
    _payslips_delete(run)
    rows = list(_payslip_rows(run, facts, policy.rates()))
    Payslip.objects.bulk_create([row for row, _lines in rows], batch_size=1000)
    PayslipLine.objects.bulk_create(
        (
            PayslipLine(
                payslip=row,
                position=position,
                kind=line.kind,
                amount=line.amount,
                params=line.params,
                source_id=line.source_id,
            )
            for row, lines in rows
            for position, line in enumerate(lines)
        ),
        batch_size=2000,
    )
    run.status = RunStatus.CALCULATED
    run.policy = policy
    run.calculated_at, run.calculated_by = timezone.now(), actor
    run.approved_at = run.approved_by = None
    run.warnings = facts.warnings
    # Issue 19: the history row names who started the job (a worker has no request).
    with history_actor(actor):
        run.save(
            update_fields=[
                "status",
                "policy",
                "calculated_at",
                "calculated_by",
                "approved_at",
                "approved_by",
                "warnings",
                "updated_at",
            ]
        )
    _open_target_miss_cases(run)
    return run


# Named, not imported: payroll.tasks imports these services (see exports.BUILD_TASK).
CALCULATE_TASK = "payroll.tasks.payroll_run_calculate_task"


def payroll_run_calculate_request(*, month: date, actor: User) -> bool:
    """Start a month's calculation in the background (R-PAY-8). Refuses now, rather than
    inside a worker, when no policy is in force; False when the broker is down and
    nothing was started (no row is written here, so nothing waits for a commit)."""
    pay_policy_for_month(month)
    return enqueue(import_string(CALCULATE_TASK), f"{month:%Y-%m}", actor.pk)


# The targets a payslip lists as missed, in words (issue 18: never the stored keys).
TARGET_NAMES = {
    "conversions": gettext_lazy("call-to-visit conversions"),
    "visits": gettext_lazy("valid visits"),
    "deals": gettext_lazy("deals"),
}


def _open_target_miss_cases(run: PayrollRun) -> None:
    """R-DISC-1: a case for the manager for each person below a target two months
    running (attendance keeps the cases, once per person and month)."""
    previous = month_start(run.month - timedelta(days=1))
    missed_before = set(
        Payslip.objects.filter(run__month=previous)
        .exclude(targets_missed=[])
        .values_list("staff_id", flat=True)
    )
    for slip in run.payslips.exclude(targets_missed=[]).select_related("staff"):
        if slip.staff_id in missed_before:
            discipline_case_open(
                staff=slip.staff,
                trigger="target-miss",
                month=run.month,
                reason=_("below target two months running (%(what)s)")
                % {"what": _(", ").join(str(TARGET_NAMES.get(t, t)) for t in slip.targets_missed)},
            )


def _payslips_delete(run: PayrollRun) -> None:
    """Two set-based DELETEs. (QuerySet.delete() would first load every line to check the
    PROTECT of adjustments that correct lines; the database's foreign keys still refuse
    to delete a line an adjustment points at, and the locked-run triggers still apply.)"""
    lines, slips = PayslipLine._meta.db_table, Payslip._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {lines} WHERE payslip_id IN "  # noqa: S608 (table names, not input)
            f"(SELECT id FROM {slips} WHERE run_id = %s)",
            [run.pk],
        )
        cursor.execute(f"DELETE FROM {slips} WHERE run_id = %s", [run.pk])  # noqa: S608


def _payslips_touch(run: PayrollRun) -> None:
    """Issue 21: a payslip shows its run's status, so a change of status is a change of
    the payslip for a client syncing by `updated_since` (a bulk update skips auto_now).
    Called before the run itself changes: a locked run's payslips cannot change after."""
    run.payslips.update(updated_at=timezone.now())


def blocking_warnings(run: PayrollRun) -> list[dict]:
    return [w for w in run.warnings if w.get("blocking")]


@transaction.atomic
def payroll_run_approve(*, run: PayrollRun, actor: User) -> PayrollRun:
    """R-FINE-3: a run cannot be approved while a listed fine is unresolved."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.CALCULATED:
        raise ValidationError(_("Only a calculated run can be approved."))
    if blocking_warnings(run):
        raise ValidationError(
            _("Resolve the %(n)s listed fines first (confirm or waive each), then recalculate.")
            % {"n": len(blocking_warnings(run))}
        )
    _payslips_touch(run)
    run.status = RunStatus.APPROVED
    run.approved_at, run.approved_by = timezone.now(), actor
    run.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return run


@transaction.atomic
def payroll_run_lock(*, run: PayrollRun, actor: User) -> PayrollRun:
    """Lock an approved run for good and close its month in the core (R-ROLE-6)."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.APPROVED:
        raise ValidationError(_("Only an approved run can be locked."))
    _payslips_touch(run)
    run.status = RunStatus.LOCKED
    run.locked_at, run.locked_by = timezone.now(), actor
    run.save(update_fields=["status", "locked_at", "locked_by", "updated_at"])
    ClosedPayMonth.objects.get_or_create(month=run.month, defaults={"closed_by": actor})
    # Issue 20: everyone paid in the run hears their payslip is final (one insert).
    notification_create_many(
        recipients=list(run.payslips.values_list("staff__user_id", flat=True)),
        kind="payroll_run_locked",
        message=_("The payroll for %(month)s is locked: your payslip is final.")
        % {"month": f"{run.month:%Y-%m}"},
        target=run,
        link=reverse("payslip-list"),
    )
    return run


@transaction.atomic
def adjustment_add(
    *,
    run: PayrollRun,
    staff: Staff,
    amount: Decimal,
    reason: str,
    actor: User,
    corrects: PayslipLine | None = None,
) -> Adjustment:
    """R-PAY-8: HR's ± correction on an open run; recalculate to see it on the payslip.
    Nobody adjusts their own pay (issue 17): another HR officer or a manager does."""
    decision_refuse_own(actor=actor, requester=staff)
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _refuse_if_locked(run)
    if not amount:
        raise ValidationError({"amount": _("An adjustment cannot be zero.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the pay is adjusted.")})
    if corrects is not None and corrects.payslip.run.status != RunStatus.LOCKED:
        raise ValidationError(
            {"corrects": _("Only a line of a locked run is corrected by an adjustment.")}
        )
    adjustment = Adjustment.objects.create(
        run=run,
        staff=staff,
        amount=amount,
        reason=reason.strip(),
        corrects=corrects,
        created_by=actor,
    )
    if run.status != RunStatus.DRAFT:
        _payslips_touch(run)
        run.status = RunStatus.DRAFT  # its payslips no longer show every line
        run.save(update_fields=["status", "updated_at"])
    return adjustment
