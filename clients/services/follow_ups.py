"""R-CLI-2: logging a contact with a client; other apps (campaigns) call this too."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Staff
from outreach.validators import entered_day_validate

from ..models import Client, FollowUp, FollowUpKind


def follow_up_log(
    *,
    client_id: int,
    kind: str,
    summary: str,
    actor: Staff | None,
    at: datetime | None = None,
    next_follow_up_on: date | None = None,
    effective: bool = True,
) -> FollowUp:
    """Log one contact made by `actor` (a staff member, or None for an import).
    Follow-ups never extend a lead's protection (R-POOL-1)."""
    at = at or timezone.now()
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": _("Choose the type of contact.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Write what was said or done.")})
    entered_day_validate(next_follow_up_on, field="next_follow_up_on")
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        follow_up = FollowUp.objects.create(
            client=client,
            lead_id=client.current_lead_id,
            kind=kind,
            at=at,
            by=actor,
            summary=summary.strip(),
            next_follow_up_on=next_follow_up_on,
            effective=effective,
        )
        Client.objects.filter(pk=client.pk).filter(
            Q(last_activity_at__lt=at) | Q(last_activity_at__isnull=True)
        ).update(last_activity_at=at, updated_at=timezone.now())
    return follow_up
