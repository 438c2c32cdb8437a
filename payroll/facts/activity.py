"""Facts from attendance and clients, read through their selectors (R-PAY-CALC "Which
facts, whose, which month"): days, fines, valid visits and conversions, deals and
clawbacks. Each source is a fixed number of queries whatever the number of people."""

from django.utils import timezone
from django.utils.translation import gettext as _

from appraisals.selectors import appraisal_bonuses_for_month
from attendance.selectors import attendance_days, violations_for_month
from attendance.selectors.pay_facts import violation_appeal_is_open, violation_rule_title
from campaigns.selectors import approved_claims_for_month
from clients.selectors import deals_accruing, deals_cancelled, valid_visits
from outreach.models import Role, Staff
from outreach.money import money_text

from ..calc import Clawback, DayCounts, DealCredit, Fine, GroupTotals, Kind, Money
from ..models import CommissionTrigger, FineConfirmation, PayslipLine, RunStatus
from ..selectors import pay_policy_for_month
from . import MonthFacts

EARNERS = (Role.CANVASSER, Role.LEADER)  # R-PAY-5: only they earn commission


def _count_for_group(facts: MonthFacts, code: str | None, **counts: int) -> None:
    if code is None:
        return
    totals = facts.group_totals.get(code, GroupTotals())
    facts.group_totals[code] = GroupTotals(
        conversions=totals.conversions + counts.get("conversions", 0),
        visits=totals.visits + counts.get("visits", 0),
        deals=totals.deals + counts.get("deals", 0),
    )


def days_source(facts: MonthFacts) -> None:
    """R-PAY-CALC "Days": scheduled, worked, paid / unpaid leave and absent days."""
    so_far = attendance_days(facts.month, until=facts.until, staff_ids=facts.only)
    whole_month = attendance_days(facts.month, staff_ids=facts.only) if facts.until else so_far
    for staff_id, days in so_far.items():
        if staff_id in facts.people:
            # An estimate (R-PAY-10) prorates over the whole month's scheduled days.
            scheduled = whole_month.get(staff_id, days)["scheduled"]
            facts.people[staff_id].month.days = DayCounts(**{**days, "scheduled": scheduled})


def visits_source(facts: MonthFacts) -> None:
    """c and v credited to each person; each counts for the group the credited person
    was in on the day of confirmation (team awards)."""
    tz = timezone.get_current_timezone()
    for row in valid_visits(facts.month, facts.end).filter(facts.among("credited_staff_id")):
        staff_id = row["credited_staff_id"]
        if staff_id is None:
            continue
        conversion = int(bool(row["is_conversion"]))
        if staff_id in facts.people:
            person = facts.people[staff_id].month
            person.visits += 1
            person.visit_ids.append(row["visit_id"])
            if conversion:
                person.conversions += 1
                person.conversion_ids.append(row["visit_id"])
        day = row["confirmed_at"].astimezone(tz).date()
        _count_for_group(facts, facts.group_on(staff_id, day), visits=1, conversions=conversion)


def deals_source(facts: MonthFacts) -> None:
    """R-PAY-5: 500 × units to the credited canvasser or leader, 100 × units to whoever
    led the credited person's group on the accrual date (unless it is the same person),
    and the group's deal units for the awards, before clawbacks."""
    policy = pay_policy_for_month(facts.month)
    on_signing = policy.commission_trigger == CommissionTrigger.SIGNING
    rows = list(
        deals_accruing(facts.month, facts.end, on_signing=on_signing).filter(
            facts.among("credited_staff_id")
        )
    )
    credits = []
    for row in rows:
        staff_id, day = row["credited_staff_id"], row["accrual_date"]
        if staff_id is None:
            continue
        code = facts.group_on(staff_id, day)
        leader_id = facts.leader_on(code, day) if code else None
        credits.append((row, staff_id, code, leader_id))
    wanted = {c[1] for c in credits} | {c[3] for c in credits if c[3]}
    staff = Staff.objects.in_bulk(wanted - set(facts.people))
    staff.update({pk: facts.people[pk].staff for pk in wanted & set(facts.people)})
    for row, staff_id, code, leader_id in credits:
        units = row["units"] or 0  # a deal with an amount but no units earns none
        _count_for_group(facts, code, deals=units)
        if not units:
            continue
        if staff[staff_id].role in EARNERS:
            facts.person(staff[staff_id]).month.deals.append(DealCredit(row["id"], units))
        if leader_id and leader_id != staff_id:
            facts.person(staff[leader_id]).month.overrides.append(DealCredit(row["id"], units))


def clawback_source(facts: MonthFacts) -> None:
    """R-PAY-5: a deal cancelled in m through the canvasser's fault claws back what was
    paid for it on locked runs, to the canvasser and to the leader."""
    faulty = [
        row["id"] for row in deals_cancelled(facts.month, facts.end) if row["canvasser_fault"]
    ]
    if not faulty:
        return
    paid = (
        PayslipLine.objects.filter(
            kind__in=[Kind.COMMISSION, Kind.OVERRIDE],
            source_id__in=faulty,
            payslip__run__status=RunStatus.LOCKED,
        )
        .filter(facts.among("payslip__staff_id"))
        .select_related("payslip__staff")
        .order_by("payslip__run__month", "pk")
    )
    for line in paid:
        facts.person(line.payslip.staff).month.clawbacks.append(
            Clawback(line.source_id, line.amount)
        )


def _listed(violation, side: str, acknowledged: bool, confirmed: set) -> dict | None:
    """R-FINE-3: what the manager must resolve before approval, or None."""
    if violation_appeal_is_open(violation) and side == FineConfirmation.Side.PERSON:
        return {"kind": "fine_appeal_open", "reason": _("appeal open")}
    if not acknowledged and (violation.pk, side) not in confirmed:
        return {"kind": "fine_unacknowledged", "reason": _("rulebook not acknowledged")}
    return None


def fines_source(facts: MonthFacts) -> None:
    """R-FINE-2/3: each person's own fines and the joint fines charged to them as
    leader, after waivers; a fine whose payer never acknowledged the rulebook counts 0
    until confirmed, and it and any fine under open appeal are listed on the run."""
    violations = violations_for_month(facts.month)
    if facts.until:
        violations = violations.filter(occurred_at__date__lt=facts.end)
    if facts.only is not None:
        violations = violations.filter(facts.among("staff_id") | facts.among("leader_id"))
    violations = list(violations)
    confirmed = set(
        FineConfirmation.objects.filter(violation__in=violations).values_list(
            "violation_id", "side"
        )
    )
    for v in violations:
        sides = [(FineConfirmation.Side.PERSON, v.staff_id, v.person_due, v.acknowledged)]
        if v.leader_id and v.leader_due:
            sides.append(
                (FineConfirmation.Side.LEADER, v.leader_id, v.leader_due, v.leader_acknowledged)
            )
        for side, payer_id, amount, acknowledged in sides:
            if payer_id not in facts.people:
                continue  # fines are deducted only from people this run pays
            counts = acknowledged or (v.pk, side) in confirmed
            joint = side == FineConfirmation.Side.LEADER
            facts.people[payer_id].month.fines.append(Fine(v.pk, v.code, amount, counts, joint))
            listed = _listed(v, side, acknowledged, confirmed)
            if listed:
                person = facts.people[payer_id].staff
                facts.warnings.append(
                    {
                        **listed,
                        "blocking": True,
                        "violation": v.pk,
                        "side": side,
                        "message": _("%(who)s: violation #%(id)s %(code)s %(amount)s — %(why)s")
                        % {
                            "who": person,
                            "id": v.pk,
                            "code": violation_rule_title(v.code),
                            "amount": money_text(amount),
                            "why": listed["reason"],
                        },
                    }
                )


def claims_source(facts: MonthFacts) -> None:
    """R-PLAN-2 / R-PAY-7: expense claims approved in the month are reimbursed with its
    pay, outside gross (a person paid nothing else gets a payslip with them only)."""
    claims = [
        c
        for c in approved_claims_for_month(facts.month)
        if facts.only is None or c.staff_id in facts.only
    ]
    missing = Staff.objects.in_bulk({c.staff_id for c in claims} - set(facts.people))
    for claim in claims:
        staff = facts.people[claim.staff_id].staff if claim.staff_id in facts.people else None
        person = facts.person(staff or missing[claim.staff_id])
        person.month.reimbursements.append(Money(claim.amount, claim.claim_id))


def appraisal_source(facts: MonthFacts) -> None:
    """R-APR-5 / R-PAY-7: appraisal bonuses of cycles archived last month, outside gross
    (an estimate leaves them out, R-PAY-10)."""
    if facts.until:
        return
    rows = appraisal_bonuses_for_month(facts.month)
    missing = Staff.objects.in_bulk({staff_id for _a, staff_id, _b in rows} - set(facts.people))
    for appraisal_id, staff_id, amount in rows:
        staff = facts.people[staff_id].staff if staff_id in facts.people else missing[staff_id]
        facts.person(staff).month.appraisal_bonuses.append(Money(amount, appraisal_id))
