"""R-FINE-1: a manager waives or reduces a fine, the person appeals it once and the
manager upholds it; a fine whose fact went away is reversed. Each decides on the locked,
current fine, after the person's lock (the order `violation_record` takes them in)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.dates import local_day
from outreach.decisions import decision_refuse_own
from outreach.models import Staff
from outreach.selectors import month_is_closed

from ..models import Violation
from .common import locked, money, person_lock
from .violations import LATE_CODE, late_renumber


def _proportional(leader_amount: Decimal, amount: Decimal, new_amount: Decimal) -> Decimal:
    if amount == 0:
        return leader_amount
    return money(leader_amount * new_amount / amount)


def _lock_for_change(violation: Violation) -> None:
    """The person first, then the fine (the order `violation_record` takes them in): a
    waiver renumbers the person's month (R-FINE-4) beside any new late arrival."""
    person_lock(violation.staff_id)
    locked(violation)


def _check_open_month(violation: Violation) -> None:
    if month_is_closed(local_day(violation.occurred_at)):
        raise ValidationError(
            _("The month of this fine is closed; HR corrects it with an adjustment.")
        )


def violation_reduce(
    *,
    violation: Violation,
    actor: Staff,
    new_amount: Decimal,
    reason: str,
    leader_amount: Decimal | None = None,
) -> Violation:
    """R-FINE-1: a manager reduces a fine with a reason; the joint fine follows in
    proportion (rounded half up) unless the manager gives it. Decided on the locked,
    current fine: of two adjustments at once, the second sees the first's outcome."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=actor, requester=violation.staff)
        if violation.state != Violation.State.ACTIVE:
            raise ValidationError(_("Only an active fine can be reduced."))
        _check_open_month(violation)
        if new_amount < 0 or new_amount > violation.amount:
            raise ValidationError(
                {"new_amount": _("The new amount must be between 0 and the fine.")}
            )
        if leader_amount is None:
            leader_amount = _proportional(violation.leader_amount, violation.amount, new_amount)
        violation.adjusted_amount = money(new_amount)
        violation.adjusted_leader_amount = money(leader_amount)
        violation.adjust_reason = reason
        violation.adjusted_by = actor
        if violation.appeal == Violation.Appeal.OPEN:
            violation.appeal = Violation.Appeal.GRANTED
        violation.save(
            update_fields=[
                "adjusted_amount",
                "adjusted_leader_amount",
                "adjust_reason",
                "adjusted_by",
                "appeal",
                "updated_at",
            ]
        )
    return violation


def violation_waive(
    *, violation: Violation, actor: Staff, reason: str, keep_joint: bool = False
) -> Violation:
    """R-FINE-1: waive a fine (the joint fine too unless the manager keeps it); a waived
    late arrival renumbers its month (R-FINE-4). Decided on the locked, current fine."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=actor, requester=violation.staff)
        if violation.state != Violation.State.ACTIVE:
            raise ValidationError(_("Only an active fine can be waived."))
        _check_open_month(violation)
        violation.state = Violation.State.WAIVED
        violation.adjusted_amount = Decimal("0.00")
        violation.adjusted_leader_amount = (
            violation.leader_amount if keep_joint else Decimal("0.00")
        )
        violation.adjust_reason = reason
        violation.adjusted_by = actor
        if violation.appeal == Violation.Appeal.OPEN:
            violation.appeal = Violation.Appeal.GRANTED
        violation.save(
            update_fields=[
                "state",
                "adjusted_amount",
                "adjusted_leader_amount",
                "adjust_reason",
                "adjusted_by",
                "appeal",
                "updated_at",
            ]
        )
        if violation.code == LATE_CODE:
            late_renumber(staff=violation.staff, day=local_day(violation.occurred_at))
    return violation


def violation_reverse(*, violation: Violation) -> Violation:
    """The fact behind the fine went away (leave approved later, a correction); reversing
    one already reversed (by a call at the same moment) changes nothing."""
    with transaction.atomic():
        _lock_for_change(violation)
        if violation.state == Violation.State.REVERSED:
            return violation
        violation.state = Violation.State.REVERSED
        violation.save(update_fields=["state", "updated_at"])
        if violation.code == LATE_CODE:
            late_renumber(staff=violation.staff, day=local_day(violation.occurred_at))
    return violation


def violation_appeal(*, violation: Violation, actor: Staff, reason: str) -> Violation:
    """R-FINE-1: the person appeals with a reason, once."""
    if violation.staff_id != actor.pk:
        raise ValidationError(_("Only the person fined can appeal."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        _lock_for_change(violation)
        if violation.appeal:
            raise ValidationError(_("This fine has already been appealed."))
        violation.appeal = Violation.Appeal.OPEN
        violation.appeal_reason = reason
        violation.save(update_fields=["appeal", "appeal_reason", "updated_at"])
    return violation


def violation_appeal_reject(*, violation: Violation, actor: Staff, reason: str) -> Violation:
    """R-FINE-1: the manager upholds the fine; an appeal granted meanwhile stays granted."""
    with transaction.atomic():
        _lock_for_change(violation)
        decision_refuse_own(actor=actor, requester=violation.staff)
        if violation.appeal != Violation.Appeal.OPEN:
            raise ValidationError(_("There is no open appeal."))
        violation.appeal = Violation.Appeal.UPHELD
        violation.adjust_reason = reason
        violation.adjusted_by = actor
        violation.save(update_fields=["appeal", "adjust_reason", "adjusted_by", "updated_at"])
    return violation
