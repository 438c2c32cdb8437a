"""Writes of expense claims (R-PLAN-2)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import today
from outreach.decisions import deciders_for, decision_refuse_own, is_decider_for
from outreach.guard import can, require
from outreach.selectors import month_is_closed, staff_of
from outreach.services import notification_create
from outreach.uploads import image_validate

from ..models import Campaign, ClaimStatus, ExpenseClaim, Receipt, TripPlan, TripStatus

RECEIPT_MAX_BYTES = getattr(settings, "RECEIPT_MAX_BYTES", 5 * 1024 * 1024)


def receipt_validate(upload: UploadedFile) -> None:
    """A receipt is a real image (opened and verified by Pillow) of at most 5 MB."""
    image_validate(upload, limit=RECEIPT_MAX_BYTES, field="receipts")


def expense_claim_submit(
    *,
    actor: User,
    category: str,
    amount: Decimal,
    spent_on: date,
    description: str,
    receipts: list[UploadedFile],
    trip_plan: TripPlan | None = None,
    campaign: Campaign | None = None,
) -> ExpenseClaim:
    """R-PLAN-2: a claim with at least one receipt photo, for the claimant's own approved
    trip or a campaign. Every receipt is checked before anything is saved (R-SYS-3)."""
    me = staff_of(actor)
    if me is None:
        raise PermissionDenied
    require(actor, "campaigns.use_field_plans")
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    if spent_on > today():
        raise ValidationError({"spent_on": _("The day cannot be in the future.")})
    if not receipts:
        raise ValidationError({"receipts": _("Attach at least one receipt photo.")})
    for upload in receipts:
        receipt_validate(upload)
    if trip_plan is not None and (
        trip_plan.staff_id != me.pk or trip_plan.status != TripStatus.APPROVED
    ):
        raise ValidationError({"trip_plan": _("Choose one of your own approved trips.")})
    claim = ExpenseClaim(
        staff=me,
        category=category,
        amount=Decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP),
        spent_on=spent_on,
        description=description,
        trip_plan=trip_plan,
        campaign=campaign,
    )
    claim.full_clean()
    with transaction.atomic():
        claim.save()
        for upload in receipts:
            Receipt.objects.create(claim=claim, image=upload)
        transaction.on_commit(lambda: expense_claim_notify(claim=claim))
    return claim


def expense_claim_notify(*, claim: ExpenseClaim):
    """An expense claim to approve goes to the claimant's leader, or to the managers for
    a leader or someone in no group (R-PLAN-2, issue 17: `deciders_for`). Once per
    approver and claim."""
    message = _("%(name)s claims %(amount)s CNY.") % {
        "name": claim.staff.name,
        "amount": claim.amount,
    }
    sent = 0
    for approver in deciders_for(claim.staff, today()).select_related("user"):
        notification_create(
            recipient=approver.user,
            kind="expense_claim_submitted",
            message=message,
            target=claim,
            link=reverse("claim-detail", args=[claim.pk]),
        )
        sent += 1
    return sent


def can_decide_claim(user: User, claim: ExpenseClaim) -> bool:
    """The claimant's group leader (today) or a manager; never the claimant."""
    me = staff_of(user)
    if me is not None and me.pk == claim.staff_id:
        return False
    if can(user, "campaigns.approve_all_claims"):
        return True
    return can(user, "outreach.view_group_staff") and is_decider_for(me, claim.staff, today())


def expense_claim_decide(
    *, actor: User, claim: ExpenseClaim, approve: bool, comment: str = ""
) -> ExpenseClaim:
    """R-PLAN-2: approve or reject (with a comment) a waiting claim. Approving your own
    claim is refused. The approval time puts it in a pay month (R-PAY-CALC), so a month
    payroll has closed takes no new approvals."""
    decision_refuse_own(actor=actor, requester=claim.staff)
    if not can_decide_claim(actor, claim):
        raise PermissionDenied
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the claim is rejected.")})
    now = timezone.now()
    if approve and month_is_closed(timezone.localdate(now)):
        raise ValidationError(_("This month's payroll is closed; the claim cannot be approved."))
    with transaction.atomic():
        claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.SUBMITTED:
            raise ValidationError(_("This claim was already decided."))
        claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
        claim.decided_by = actor
        claim.decided_at = now
        claim.decision_comment = comment
        claim.save(
            update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
        )
        claimant = claim.staff.user
        transaction.on_commit(
            lambda: notification_create(
                recipient=claimant,
                kind="expense_claim_decided",
                message=_("Your expense claim of %(amount)s CNY was %(status)s.")
                % {"amount": claim.amount, "status": claim.get_status_display()},
                target=claim,
                link=reverse("claim-detail", args=[claim.pk]),
            )
        )
    return claim
