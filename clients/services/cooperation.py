"""R-CLI-3: the business cooperation flow, each step kept in history."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.guard import can
from outreach.models import Staff

from ..models import COOPERATION_FLOW, Client, Cooperation, CooperationStatus


def cooperation_start(
    *,
    client_id: int,
    owner: Staff | None,
    services: str,
    price: Decimal | None = None,
    proposal: str = "",
) -> Cooperation:
    """R-CLI-3: a cooperation starts in talks, owned by the person who starts it."""
    if not services.strip():
        raise ValidationError({"services": _("Describe the services.")})
    with transaction.atomic():
        return Cooperation.objects.create(
            client=Client.objects.get(pk=client_id),
            owner=owner,
            services=services.strip(),
            price=price,
            proposal=proposal,
        )


def cooperation_advance(
    *, actor: User, cooperation_id: int, to: str, note: str = ""
) -> Cooperation:
    """Move along 洽谈 → 起草 → 审核 → 批准 → 签订 → 执行; approval needs the right."""
    with transaction.atomic():
        cooperation = Cooperation.objects.select_for_update().get(pk=cooperation_id)
        if to not in COOPERATION_FLOW[cooperation.status]:
            raise ValidationError(
                _("A cooperation that is %(now)s cannot become %(to)s.")
                % {
                    "now": cooperation.get_status_display(),
                    "to": CooperationStatus(to).label if to in CooperationStatus.values else to,
                }
            )
        if to == CooperationStatus.APPROVED and not can(actor, "clients.approve_cooperation"):
            raise ValidationError(_("Only a manager approves an agreement."))
        cooperation.status, cooperation.note = to, note[:200]
        cooperation.save(update_fields=["status", "note", "updated_at"])
    return cooperation
