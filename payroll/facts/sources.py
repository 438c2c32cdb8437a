"""The fact sources of a payroll month, in the order they run."""

from . import FactSource
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
    adjustment_source,
    clawback_carry_source,
]
