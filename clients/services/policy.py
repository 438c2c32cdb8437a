"""R-POOL-1, R-POOL-3: the lead rules' numbers, written as effective-dated versions."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from outreach.guard import require

from ..models import LeadPolicy

POLICY_EDITORS = ("clients.manage_leads", "outreach.manage_reference")


def lead_policy_set(*, actor: User, effective_from: date, **numbers: int) -> LeadPolicy:
    """A new version of the lead rules from `effective_from` on; a version that starts
    on the same day is replaced (its history keeps the old numbers)."""
    require(actor, *POLICY_EDITORS)
    unknown = set(numbers) - {field.name for field in LeadPolicy._meta.concrete_fields}
    if unknown:
        raise TypeError(f"unknown lead policy fields: {sorted(unknown)}")
    with transaction.atomic():
        versions = LeadPolicy.objects.select_for_update()
        policy = versions.filter(effective_from=effective_from).first()
        if policy is None:
            return LeadPolicy.objects.create(effective_from=effective_from, **numbers)
        for name, value in numbers.items():
            setattr(policy, name, value)
        policy.save(update_fields=[*numbers, "updated_at"])
    return policy
