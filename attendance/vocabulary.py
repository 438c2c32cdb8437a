"""The words other apps use when they call attendance's services: its choices, named
here so that no other app imports attendance's models (issue 19 §5)."""

from .models import Violation

ViolationSource = Violation.Source

__all__ = ["ViolationSource"]
