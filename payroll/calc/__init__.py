"""R-PAY-CALC: the month's arithmetic for one person, exactly as the spec writes it.

Pure functions over plain values (no database): the payroll run gathers the facts
through the other apps' selectors and hands them here, so every rule can be tested
against hand computations to the cent.
"""

from .awards import GroupTotals, team_awards
from .money import ZERO, round_cents, split_cents
from .person import (
    AwardShare,
    Clawback,
    DayCounts,
    DealCredit,
    Fine,
    Kind,
    Line,
    Money,
    PayPolicy,
    Payslip,
    PersonMonth,
    calculate,
    day_wage,
    targets_missed,
    wage,
)

__all__ = [
    "ZERO",
    "AwardShare",
    "Clawback",
    "Kind",
    "Line",
    "day_wage",
    "wage",
    "DayCounts",
    "DealCredit",
    "Fine",
    "GroupTotals",
    "Money",
    "PayPolicy",
    "PersonMonth",
    "Payslip",
    "calculate",
    "round_cents",
    "split_cents",
    "targets_missed",
    "team_awards",
]
