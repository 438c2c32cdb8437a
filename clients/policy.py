"""Reading the lead rules in force (R-POOL-1, R-POOL-3) and computing protection."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import LeadPolicy


def policy_in_force(at: datetime | None = None) -> LeadPolicy:
    """The policy effective on the day of `at` (defaults when none is configured)."""
    day = timezone.localdate(at or timezone.now())
    return LeadPolicy.objects.filter(effective_from__lte=day).first() or LeadPolicy(
        effective_from=day
    )


def protection_end(
    *, owned_since: datetime, last_confirmed_visit_at: datetime | None, policy: LeadPolicy
) -> datetime:
    """R-POOL-1: clock start = the later of ownership start and the last confirmed visit;
    + 30 days with a confirmed visit in the current ownership period, else + 14 days."""
    if last_confirmed_visit_at is not None and last_confirmed_visit_at >= owned_since:
        return last_confirmed_visit_at + timedelta(days=policy.protect_days_with_visit)
    return owned_since + timedelta(days=policy.protect_days_without_visit)
