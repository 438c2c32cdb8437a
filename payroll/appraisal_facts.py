"""What payroll lends the appraisal roll-up (R-APR-2): appraisals may not import payroll
(payroll reads their bonus), so PayrollConfig.ready hands these two reads to
`appraisals.sources.pay_facts_register`."""

from collections.abc import Iterable
from datetime import date

from .models import CommissionTrigger, PayPolicy
from .selectors import group_targets_between


def commission_triggers_until(end: date) -> list[tuple[date, bool]]:
    """R-PAY-CALC: each pay policy in force by `end`, newest first, as (effective from,
    whether a deal accrues on signing rather than on first payment). One query."""
    return [
        (since, trigger == CommissionTrigger.SIGNING)
        for since, trigger in PayPolicy.objects.filter(effective_from__lte=end)
        .order_by("-effective_from")
        .values_list("effective_from", "commission_trigger")
    ]


def group_targets(first_month: date, last_month: date) -> Iterable:
    """R-PAY-3 group targets of the months from `first_month` to `last_month`. One query."""
    return group_targets_between(first_month, last_month)
