"""Facts from the core and payroll itself: who is paid, groups, targets, adjustments."""

from datetime import date, timedelta

from django.db.models import Q

from outreach.dates import month_start, next_month_start
from outreach.models import GroupMembership, Staff, WageScheme
from outreach.selectors import monthly_paid_days

from ..calc import Money, PersonMonth
from ..models import Adjustment, Payslip, RunStatus
from ..selectors import person_targets
from . import MonthFacts, PersonFacts, Stint


def _employed_in(first: date, end: date) -> Q:
    return Q(hire_date__lt=end) & (Q(leave_date__isnull=True) | Q(leave_date__gte=first))


def wage_source(facts: MonthFacts) -> None:
    """R-ROLE-3: everyone with a wage scheme employed on ≥ 1 day; the scheme in force on
    the 1st (or the hire date when hired later in the month) applies to the whole month."""
    first, end = facts.month, next_month_start(facts.month)
    people = (
        Staff.objects.filter(_employed_in(first, end))
        .filter(facts.among())
        .select_related("work_city")
    )
    schemes: dict[int, list[WageScheme]] = {}
    for scheme in WageScheme.objects.filter(staff__in=people, effective_from__lt=end).order_by(
        "staff_id", "-effective_from"
    ):
        schemes.setdefault(scheme.staff_id, []).append(scheme)
    paid_days = monthly_paid_days(first)
    for staff in people:
        anchor = staff.hire_date if first < staff.hire_date < end else first
        scheme = next((s for s in schemes.get(staff.pk, []) if s.effective_from <= anchor), None)
        if scheme is None:
            continue
        last_day = end - timedelta(days=1)
        part = staff.hire_date > first or (
            staff.leave_date is not None and staff.leave_date < last_day
        )
        city = staff.work_city
        facts.people[staff.pk] = PersonFacts(
            staff,
            "",
            PersonMonth(
                wage_kind=scheme.kind,
                wage_amount=scheme.amount,
                paid_days=paid_days,
                part_month=part,
                monthly_minimum_wage=city.monthly_minimum_wage if city else None,
            ),
        )


def group_source(facts: MonthFacts) -> None:
    """R-ROLE-5: each person's group on the 1st (or first day in a group) for the
    summary, and every group's award receivers for the month (leaders included)."""
    first, end = facts.month, next_month_start(facts.month)
    memberships = (
        GroupMembership.objects.filter(valid_from__lt=end)
        .filter(facts.among("staff_id"))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("group", "staff")
        .order_by("valid_from")
    )
    receivers: dict[str, set[str]] = {}
    for m in memberships:
        staff = m.staff
        start = max(m.valid_from, first, staff.hire_date)
        stop = min(m.valid_to or end, end - timedelta(days=1))
        if staff.leave_date is not None:
            stop = min(stop, staff.leave_date)
        if start > stop:
            continue  # not a member on any day of the month while employed
        receivers.setdefault(m.group.code, set()).add(staff.employee_no)
        facts.stints.setdefault(staff.pk, []).append(Stint(m.group.code, start, stop, m.is_leader))
        person = facts.people.get(staff.pk)
        if person is not None and not person.group_code:
            person.group_code = m.group.code
    facts.award_receivers = {code: sorted(nos) for code, nos in receivers.items()}


def target_source(facts: MonthFacts) -> None:
    """R-PAY-3: pay always uses the person's own target."""
    for staff_id, target in person_targets(facts.month, facts.only).items():
        if staff_id in facts.people:
            person = facts.people[staff_id].month
            person.target_conversions = target.conversions
            person.target_visits = target.visits
            person.target_deals = target.deals


def adjustment_source(facts: MonthFacts) -> None:
    """R-PAY-8: HR's adjustments on this month's run."""
    adjustments = Adjustment.objects.filter(run__month=facts.month).filter(facts.among("staff_id"))
    for adjustment in adjustments.select_related("staff"):
        facts.person(adjustment.staff).month.adjustments.append(
            Money(adjustment.amount, adjustment.pk, adjustment.reason)
        )


def clawback_carry_source(facts: MonthFacts) -> None:
    """R-PAY-CALC: clawback not yet recovered last month carries into this one."""
    previous = month_start(facts.month - timedelta(days=1))
    carried = (
        Payslip.objects.filter(
            run__month=previous, run__status=RunStatus.LOCKED, clawback_carry_out__gt=0
        )
        .filter(facts.among("staff_id"))
        .select_related("staff")
    )
    for slip in carried:
        facts.person(slip.staff).month.clawback_carry = slip.clawback_carry_out
