"""R-CLI-3, R-LEAD-3, R-PAY-5: recording, crediting and cancelling deals."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Role, Staff
from outreach.selectors import month_is_closed
from outreach.validators import entered_day_validate

from ..models import Client, Deal, DealStatus, Lead, LeadStatus
from .leads import lead_is_protected, lead_lapse_if_due, lead_protection_refresh

CREDITED_ROLES = (Role.CANVASSER, Role.LEADER)


@dataclass(frozen=True)
class DealInput:
    project: str
    signed_on: date
    units: int = 0
    amount: Decimal | None = None
    first_payment_on: date | None = None
    consultant: Staff | None = None


def deal_record(
    *,
    actor: User,
    lead_id: int,
    data: DealInput,
    now=None,
    external_key: uuid.UUID | None = None,
) -> Deal:
    """R-CLI-3: a signed deal, credited to the lead's owner at signing (canvasser or
    leader, else nobody); a lead with a signed deal never expires (R-POOL-1).

    `external_key` is an outside system's key for the deal (issue 21): a second call with
    the same key returns the deal already recorded. The unique constraint on the key makes
    a race of two give one deal: the loser's insert fails, and its retry finds the winner's.
    """
    now = now or timezone.now()
    if not data.project.strip():
        raise ValidationError({"project": _("Enter the project.")})
    if data.units < 0 or (data.amount is not None and data.amount < 0):
        raise ValidationError(_("Units and amount cannot be negative."))
    entered_day_validate(data.signed_on, field="signed_on")
    entered_day_validate(data.first_payment_on, field="first_payment_on")
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _deal_record_locked(lead_id, data, now, external_key)
        except IntegrityError:
            if external_key is None or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _deal_record_locked(lead_id: int, data: DealInput, now, external_key) -> Deal:
    lead = Lead.objects.select_for_update(of=("self",)).select_related("owner").get(pk=lead_id)
    if external_key is not None:
        existing = Deal.objects.filter(external_key=external_key).first()
        if existing is not None:
            return existing  # imported twice: the same deal, not a second one
    if lead.status == LeadStatus.INVALID:
        raise ValidationError(_("The lead is invalid."))
    lead_lapse_if_due(lead, now)
    credited = None
    if lead_is_protected(lead, now) and lead.owner.role in CREDITED_ROLES:
        credited = lead.owner
    deal = Deal.objects.create(
        lead=lead,
        project=data.project.strip(),
        units=data.units,
        amount=data.amount,
        signed_on=data.signed_on,
        first_payment_on=data.first_payment_on,
        consultant=data.consultant or lead.consultant,
        credited_staff=credited,
        external_key=external_key,
    )
    lead.has_signed_deal = True
    lead_protection_refresh(lead, now)
    # A bulk update skips auto_now: stamp updated_at so `updated_since` sees it (issue 21).
    Client.objects.filter(pk=lead.client_id).update(last_activity_at=now, updated_at=now)
    return deal


def deal_set_first_payment(*, deal_id: int, on: date) -> Deal:
    entered_day_validate(on, field="first_payment_on")
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal_id)
        deal.first_payment_on = on
        deal.save(update_fields=["first_payment_on", "updated_at"])
    return deal


def deal_change_credit(*, actor: User, deal_id: int, staff: Staff | None, reason: str) -> Deal:
    """R-PAY-CALC: a manager may change the credit, with a reason, until the month of
    signing is closed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for changing the credit.")})
    if staff is not None and staff.role not in CREDITED_ROLES:
        raise ValidationError(_("Only canvassers and group leaders are credited."))
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal_id)
        if month_is_closed(deal.signed_on):
            raise ValidationError(
                _("The month of signing is closed; HR corrects with adjustments.")
            )
        deal.credited_staff, deal.credit_reason = staff, reason.strip()
        deal.save(update_fields=["credited_staff", "credit_reason", "updated_at"])
    return deal


def deal_cancel(*, actor: User, deal_id: int, cause: str, canvasser_fault: bool, now=None) -> Deal:
    """R-PAY-5: a cancelled deal keeps its row, with cause, fault and time."""
    now = now or timezone.now()
    if not cause.strip():
        raise ValidationError({"cause": _("Give the cause of the cancellation.")})
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal_id)
        if deal.status == DealStatus.CANCELLED:
            raise ValidationError(_("This deal is already cancelled."))
        deal.status, deal.cancel_cause = DealStatus.CANCELLED, cause.strip()
        deal.canvasser_fault, deal.cancelled_at = canvasser_fault, now
        deal.save(
            update_fields=[
                "status",
                "cancel_cause",
                "canvasser_fault",
                "cancelled_at",
                "updated_at",
            ]
        )
        lead = Lead.objects.select_for_update().get(pk=deal.lead_id)
        still_signed = Deal.objects.filter(lead=lead, status=DealStatus.SIGNED).exists()
        if not still_signed:
            lead.has_signed_deal = False
            lead_protection_refresh(lead, now)
    return deal
