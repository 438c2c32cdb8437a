"""The fact sources of a payroll month, in the order they run."""

from . import FactSource
from .activity import (
    appraisal_source,
    claims_source,
    clawback_source,
    days_source,
    deals_source,
    fines_source,
    visits_source,
)
from .core import (
    adjustment_source,
    clawback_carry_source,
    group_source,
    target_source,
    wage_source,
)

# Wages first (who is on the payroll), groups next (who was where, when), then the rest.
SOURCES: list[FactSource] = [
    wage_source,
    group_source,
    target_source,
    days_source,
    visits_source,
    deals_source,
    clawback_source,
    fines_source,
    claims_source,
    appraisal_source,
    adjustment_source,
    clawback_carry_source,
]
