"""The words other apps use when they call attendance's services: its choices, named
here so that no other app imports attendance's models (issue 19 §5)."""

from .models import Violation

ViolationSource = Violation.Source

# R-PLAN-5: the rule code a rulebook may carry to fine an absence from a team meeting;
# without such a rule in the version in force, a meeting absence is not a violation.
MEETING_ABSENT_CODE = "MEETING-ABSENT"

__all__ = ["MEETING_ABSENT_CODE", "ViolationSource"]
