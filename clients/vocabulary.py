"""The words other apps use when they call the clients services (a lead's kind and
source, a follow-up's kind): its choices, named here so that no other app imports the
clients models (issue 19 §5)."""

from .models import FollowUpKind, LeadKind, SourceChannel

__all__ = ["FollowUpKind", "LeadKind", "SourceChannel"]
