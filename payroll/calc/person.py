"""One person's payslip for one month (R-PAY-1…7, R-FINE-2, R-PAY-CALC)."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .money import ZERO, exact, round_cents

DAILY, MONTHLY = "daily", "monthly"


class Kind:
    """Payslip line kinds; `payroll.reasons` turns each into words."""

    FIXED = "fixed"
    PERFORMANCE = "performance"
    BONUS_CONVERSIONS = "bonus_conversions"
    BONUS_VISITS = "bonus_visits"
    COMMISSION = "commission"
    OVERRIDE = "override"
    CLAWBACK = "clawback"
    TEAM_AWARD = "team_award"
    FINE = "fine"
    HELD_BACK = "held_back"
    REIMBURSEMENT = "reimbursement"
    APPRAISAL_BONUS = "appraisal_bonus"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class PayPolicy:
    """The rates of R-PAY-1…7 (defaults are the spec's); versioned in the database."""

    performance_share: Decimal = Decimal("0.20")
    conversion_weight: Decimal = Decimal("0.30")
    visit_weight: Decimal = Decimal("0.70")
    conversion_bonus: Decimal = Decimal("10")
    visit_bonus: Decimal = Decimal("50")
    commission_per_unit: Decimal = Decimal("500")
    override_per_unit: Decimal = Decimal("100")
    award_conversions: Decimal = Decimal("300")
    award_visits: Decimal = Decimal("600")
    award_deals: Decimal = Decimal("1000")
    deduction_cap: Decimal = Decimal("0.20")


@dataclass(frozen=True)
class DayCounts:
    scheduled: int = 0
    worked: int = 0
    paid_leave: int = 0
    unpaid_leave: int = 0
    absent: int = 0


@dataclass(frozen=True)
class DealCredit:
    deal_id: int
    units: int


@dataclass(frozen=True)
class Fine:
    violation_id: int
    code: str
    amount: Decimal
    counts: bool = True  # False: unacknowledged rulebook and not confirmed (R-FINE-3)
    joint: bool = False  # charged to p as the offender's leader


@dataclass(frozen=True)
class Money:
    """A reimbursement, appraisal bonus or adjustment: amount with its source."""

    amount: Decimal
    source_id: int
    note: str = ""


@dataclass(frozen=True)
class Clawback:
    deal_id: int
    amount: Decimal  # what was paid for it on locked runs


@dataclass(frozen=True)
class AwardShare:
    metric: str  # "conversions" | "visits" | "deals"
    group_code: str
    amount: Decimal
    group_total: int
    receivers: int


@dataclass
class PersonMonth:
    """Every fact R-PAY-CALC needs for person p in month m."""

    wage_kind: str | None = None  # None: not paid a wage by this system
    wage_amount: Decimal = ZERO
    paid_days: Decimal = Decimal("21.75")
    days: DayCounts = field(default_factory=DayCounts)
    part_month: bool = False
    # R-PAY-10: an estimate of the month so far (monthly staff: base × days so far ÷ the
    # month's scheduled days, capped at the base).
    estimate: bool = False
    conversions: int = 0
    visits: int = 0
    # The visits counted above, so each line can show its sources (R-PAY-8).
    visit_ids: list[int] = field(default_factory=list)
    conversion_ids: list[int] = field(default_factory=list)
    target_conversions: int | None = None
    target_visits: int | None = None
    target_deals: int | None = None  # not paid on; R-DISC-1 watches it
    deals: list[DealCredit] = field(default_factory=list)
    overrides: list[DealCredit] = field(default_factory=list)
    clawback_carry: Decimal = ZERO
    clawbacks: list[Clawback] = field(default_factory=list)
    awards: list[AwardShare] = field(default_factory=list)
    fines: list[Fine] = field(default_factory=list)
    monthly_minimum_wage: Decimal | None = None
    reimbursements: list[Money] = field(default_factory=list)
    appraisal_bonuses: list[Money] = field(default_factory=list)
    adjustments: list[Money] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    kind: str
    amount: Decimal
    params: dict
    source_id: int | None = None


@dataclass
class Payslip:
    wage: Decimal = ZERO
    fixed: Decimal = ZERO
    performance: Decimal = ZERO
    bonuses: Decimal = ZERO
    commission: Decimal = ZERO
    clawback_applied: Decimal = ZERO
    clawback_carry_out: Decimal = ZERO
    awards: Decimal = ZERO
    gross: Decimal = ZERO
    fines: Decimal = ZERO
    floor: Decimal = ZERO
    fines_applied: Decimal = ZERO
    held_back: Decimal = ZERO
    reimbursements: Decimal = ZERO
    appraisal_bonuses: Decimal = ZERO
    adjustments: Decimal = ZERO
    net: Decimal = ZERO
    lines: list[Line] = field(default_factory=list)


def day_wage(p: PersonMonth) -> Fraction:
    """The daily rate, or monthly base ÷ monthly paid days (exact, not rounded)."""
    if p.wage_kind == MONTHLY:
        return exact(p.wage_amount) / exact(p.paid_days)
    return exact(p.wage_amount)


def wage(p: PersonMonth) -> Decimal:
    """W (R-PAY-1, R-PAY-CALC "Wage W"), rounded."""
    d = p.days
    if p.wage_kind == DAILY:
        return round_cents(exact(p.wage_amount) * (d.worked + d.paid_leave))
    if p.wage_kind == MONTHLY:
        base = exact(p.wage_amount)
        if p.estimate:
            if d.scheduled == 0:
                return ZERO
            return round_cents(min(base, base * (d.worked + d.paid_leave) / d.scheduled))
        if p.part_month:
            return round_cents(min(base, day_wage(p) * (d.worked + d.paid_leave)))
        return round_cents(max(Fraction(0), base - day_wage(p) * (d.absent + d.unpaid_leave)))
    return ZERO


def achievement(actual: int, target: int | None) -> Fraction:
    """min(actual / target, 1); a component without a target counts as achieved."""
    if target is None:
        return Fraction(1)
    return min(Fraction(actual, target), Fraction(1))


def _wage_lines(p: PersonMonth, policy: PayPolicy, slip: Payslip) -> None:
    w = slip.wage = wage(p)
    share = exact(policy.performance_share)
    slip.fixed = round_cents((1 - share) * exact(w))
    a_c = achievement(p.conversions, p.target_conversions)
    a_v = achievement(p.visits, p.target_visits)
    ratio = exact(policy.conversion_weight) * a_c + exact(policy.visit_weight) * a_v
    slip.performance = round_cents(share * exact(w) * ratio)
    d = p.days
    slip.lines.append(
        Line(
            Kind.FIXED,
            slip.fixed,
            {
                "wage": str(w),
                "share": str(1 - policy.performance_share),
                "kind": p.wage_kind,
                "rate": str(p.wage_amount),
                "scheduled": d.scheduled,
                "worked": d.worked,
                "paid_leave": d.paid_leave,
                "unpaid_leave": d.unpaid_leave,
                "absent": d.absent,
                "paid_days": str(p.paid_days),
                "part_month": p.part_month,
            },
        )
    )
    slip.lines.append(
        Line(
            Kind.PERFORMANCE,
            slip.performance,
            {
                "wage": str(w),
                "share": str(policy.performance_share),
                "conversions": p.conversions,
                "target_conversions": p.target_conversions,
                "visits": p.visits,
                "target_visits": p.target_visits,
                "a_c": str(round_cents(a_c * 100)),
                "a_v": str(round_cents(a_v * 100)),
                "conversion_weight": str(policy.conversion_weight),
                "visit_weight": str(policy.visit_weight),
                "visit_ids": p.visit_ids,
                "conversion_ids": p.conversion_ids,
            },
        )
    )


def _bonus_lines(p: PersonMonth, policy: PayPolicy, slip: Payslip) -> None:
    for kind, actual, target, rate, ids in (
        (
            Kind.BONUS_CONVERSIONS,
            p.conversions,
            p.target_conversions,
            policy.conversion_bonus,
            p.conversion_ids,
        ),
        (Kind.BONUS_VISITS, p.visits, p.target_visits, policy.visit_bonus, p.visit_ids),
    ):
        if target is None:
            continue
        above = max(0, actual - target)
        amount = round_cents(exact(rate) * above)
        slip.bonuses += amount
        slip.lines.append(
            Line(
                kind,
                amount,
                {
                    "actual": actual,
                    "target": target,
                    "above": above,
                    "rate": str(rate),
                    "visit_ids": ids,
                },
            )
        )


def _commission_lines(p: PersonMonth, policy: PayPolicy, slip: Payslip) -> None:
    for kind, deals, rate in (
        (Kind.COMMISSION, p.deals, policy.commission_per_unit),
        (Kind.OVERRIDE, p.overrides, policy.override_per_unit),
    ):
        for deal in deals:
            amount = round_cents(exact(rate) * deal.units)
            slip.commission += amount
            slip.lines.append(
                Line(kind, amount, {"units": deal.units, "rate": str(rate)}, deal.deal_id)
            )
    due = p.clawback_carry + sum((c.amount for c in p.clawbacks), ZERO)
    if due > 0:
        slip.clawback_applied = min(due, slip.commission)
        slip.clawback_carry_out = due - slip.clawback_applied
        slip.lines.append(
            Line(
                Kind.CLAWBACK,
                -slip.clawback_applied,
                {
                    "carry_in": str(p.clawback_carry),
                    "cancelled": [[c.deal_id, str(c.amount)] for c in p.clawbacks],
                    "due": str(due),
                    "applied": str(slip.clawback_applied),
                    "carry_out": str(slip.clawback_carry_out),
                },
            )
        )


def _award_lines(p: PersonMonth, slip: Payslip) -> None:
    for share in p.awards:
        slip.awards += share.amount
        slip.lines.append(
            Line(
                Kind.TEAM_AWARD,
                share.amount,
                {
                    "metric": share.metric,
                    "group": share.group_code,
                    "group_total": share.group_total,
                    "receivers": share.receivers,
                },
            )
        )


def _fine_lines(p: PersonMonth, policy: PayPolicy, slip: Payslip) -> None:
    """R-FINE-2: capped at 20% of gross and never below the city's pro-rata minimum."""
    for fine in p.fines:
        counted = fine.amount if fine.counts else ZERO
        slip.fines += counted
        slip.lines.append(
            Line(
                Kind.FINE,
                -counted,
                {
                    "code": fine.code,
                    "amount": str(fine.amount),
                    "counts": fine.counts,
                    "joint": fine.joint,
                },
                fine.violation_id,
            )
        )
    d = p.days
    if p.monthly_minimum_wage is not None and d.scheduled > 0:
        slip.floor = round_cents(exact(p.monthly_minimum_wage) * d.worked / d.scheduled)
    cap = round_cents(exact(policy.deduction_cap) * exact(slip.gross))
    slip.fines_applied = max(ZERO, min(slip.fines, cap, max(ZERO, slip.gross - slip.floor)))
    slip.held_back = slip.fines - slip.fines_applied
    if slip.held_back > 0:
        slip.lines.append(
            Line(
                Kind.HELD_BACK,
                slip.held_back,
                {
                    "fines": str(slip.fines),
                    "cap": str(cap),
                    "floor": str(slip.floor),
                    "gross": str(slip.gross),
                    "applied": str(slip.fines_applied),
                },
            )
        )


def _outside_gross_lines(p: PersonMonth, slip: Payslip) -> None:
    for kind, items, total in (
        (Kind.REIMBURSEMENT, p.reimbursements, "reimbursements"),
        (Kind.APPRAISAL_BONUS, p.appraisal_bonuses, "appraisal_bonuses"),
        (Kind.ADJUSTMENT, p.adjustments, "adjustments"),
    ):
        for item in items:
            amount = round_cents(item.amount)
            setattr(slip, total, getattr(slip, total) + amount)
            slip.lines.append(Line(kind, amount, {"note": item.note}, item.source_id))


def targets_missed(p: PersonMonth) -> list[str]:
    """R-DISC-1: the components whose target the person missed this month."""
    units = sum(d.units for d in p.deals)
    return [
        name
        for name, actual, target in (
            ("conversions", p.conversions, p.target_conversions),
            ("visits", p.visits, p.target_visits),
            ("deals", units, p.target_deals),
        )
        if target is not None and actual < target
    ]


def calculate(p: PersonMonth, policy: PayPolicy) -> Payslip:
    """R-PAY-CALC for one person: every line rounded, gross, guarded fines, net."""
    slip = Payslip()
    if p.wage_kind is not None:
        _wage_lines(p, policy, slip)
        _bonus_lines(p, policy, slip)
    _commission_lines(p, policy, slip)
    _award_lines(p, slip)
    slip.gross = (
        slip.fixed
        + slip.performance
        + slip.bonuses
        + slip.commission
        - slip.clawback_applied
        + slip.awards
    )
    _fine_lines(p, policy, slip)
    _outside_gross_lines(p, slip)
    slip.net = (
        slip.gross
        + slip.reimbursements
        + slip.appraisal_bonuses
        + slip.adjustments
        - slip.fines_applied
    )
    return slip
