"""R-FINE-3: the manager resolves a listed fine by confirming that it counts."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from outreach.dates import local_day
from outreach.guard import require
from outreach.selectors import month_is_closed

from ..models import FineConfirmation

if TYPE_CHECKING:
    from attendance.models import Violation


def fine_confirm(
    *, violation: "Violation", side: str, actor: User, reason: str
) -> FineConfirmation:
    """Confirm an unacknowledged fine so it counts; recalculate the run to see it.
    (Waiving it instead is attendance's R-FINE-1 waiver.) Confirming twice is harmless."""
    require(actor, "payroll.approve_payroll")
    if side not in FineConfirmation.Side.values:
        raise ValidationError(_("Choose whose fine is confirmed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the fine stands.")})
    if month_is_closed(local_day(violation.occurred_at)):
        raise ValidationError(_("That month is closed; its fines no longer change."))
    try:
        with transaction.atomic():
            return FineConfirmation.objects.create(
                violation=violation, side=side, confirmed_by=actor, reason=reason.strip()
            )
    except IntegrityError:
        return FineConfirmation.objects.get(violation=violation, side=side)
