"""R-LEAD-6: outreach reception takes over stale leads from the sales office."""

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Staff

from ..models import Lead, LeadStatus, OwnershipEvent, OwnershipEventKind
from ..policy import policy_in_force


def takeover_candidates(now: datetime | None = None):
    """R-LEAD-6: owned leads whose first confirmed visit is more than 10 × 24 h old
    and that have no signed deal, not yet taken over."""
    now = now or timezone.now()
    hours = policy_in_force(now).takeover_hours
    return (
        Lead.objects.filter(status=LeadStatus.ACTIVE, has_signed_deal=False, reception_by=None)
        .annotate(first_visit_at=Min("visits__confirmed_at"))
        .filter(first_visit_at__lte=now - timedelta(hours=hours))
    )


def lead_take_over(
    *, actor: User, lead_id: int, reception_by: Staff, reason: str = "", now=None
) -> Lead:
    """R-LEAD-6: outreach reception replaces the serving consultant; the canvasser stays
    the owner (no new ownership period) and keeps the credit; history keeps it."""
    now = now or timezone.now()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        if not takeover_candidates(now).filter(pk=lead.pk).exists():
            raise ValidationError(_("This lead is not a takeover candidate."))
        OwnershipEvent.objects.create(
            lead=lead,
            kind=OwnershipEventKind.TAKEOVER,
            from_staff=lead.consultant,
            to_staff=reception_by,
            actor=actor,
            reason=reason,
            at=now,
        )
        lead.consultant, lead.reception_by, lead.taken_over_at = None, reception_by, now
        lead.save(update_fields=["consultant", "reception_by", "taken_over_at", "updated_at"])
    return lead
