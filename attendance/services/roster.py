"""R-ATT-2: the roster (排班表) and changes that need the leader's approval."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import at_local
from outreach.decisions import deciders_for, decision_refuse_own
from outreach.models import Staff
from outreach.services import notification_create
from outreach.validators import entered_day_validate

from ..models import RosterChange, RosterEntry
from .common import locked, require_leader_or_manager
from .violations import violation_record


def roster_set(*, actor: Staff, staff: Staff, day: date, shift, point) -> RosterEntry:
    """The leader (for their group) or a manager sets a day: shift (None = rest), point."""
    entered_day_validate(day, field="day")
    require_leader_or_manager(actor, staff, day)
    with transaction.atomic():
        entry, _created = RosterEntry.objects.update_or_create(
            staff=staff, day=day, defaults={"shift": shift, "point": point, "set_by": actor}
        )
    return entry


def roster_copy_week(*, actor: Staff, staff_ids: list[int], week_start: date) -> int:
    """Copy last week's entries of these people onto the week starting `week_start`."""
    source = RosterEntry.objects.filter(
        staff_id__in=staff_ids,
        day__gte=week_start - timedelta(days=7),
        day__lt=week_start,
    ).select_related("staff")
    copied = 0
    with transaction.atomic():
        for entry in source:
            roster_set(
                actor=actor,
                staff=entry.staff,
                day=entry.day + timedelta(days=7),
                shift=entry.shift,
                point=entry.point,
            )
            copied += 1
    return copied


def roster_change_request(*, staff: Staff, day: date, shift, point, reason: str) -> RosterChange:
    entered_day_validate(day, field="day")
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        change = RosterChange.objects.create(
            staff=staff, day=day, shift=shift, point=point, reason=reason
        )
        transaction.on_commit(lambda: roster_change_notify(change=change))
    return change


def roster_change_notify(*, change: RosterChange) -> int:
    """A change to approve goes to the person's leader, or to the managers for a leader
    (issue 17: one rule, `deciders_for`). Once per approver and change."""
    message = _("%(name)s asks to change the roster on %(day)s.") % {
        "name": change.staff.name,
        "day": change.day,
    }
    sent = 0
    for approver in deciders_for(change.staff, change.day).select_related("user"):
        notification_create(
            recipient=approver.user,
            kind="roster_change_request",
            message=message,
            target=change,
            link=reverse("roster-change-list"),
        )
        sent += 1
    return sent


def roster_change_decide(
    *, change: RosterChange, actor: Staff, approve: bool, changed_anyway: bool = False
) -> RosterChange:
    """Approval applies the change. Rejecting a change the person made anyway records a
    ROSTER violation (非经报备不得随意调整). Decided on the locked change: of two decisions
    at once, the second finds it decided."""
    with transaction.atomic():
        locked(change)
        if change.state != RosterChange.State.PENDING:
            raise ValidationError(_("This change has already been decided."))
        decision_refuse_own(actor=actor, requester=change.staff)
        require_leader_or_manager(actor, change.staff, change.day)
        change.state = RosterChange.State.APPROVED if approve else RosterChange.State.REJECTED
        change.decided_by, change.decided_at = actor, timezone.now()
        change.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
        if approve:
            RosterEntry.objects.update_or_create(
                staff=change.staff,
                day=change.day,
                defaults={"shift": change.shift, "point": change.point, "set_by": actor},
            )
        elif changed_anyway:
            from datetime import time

            violation_record(
                staff=change.staff,
                code="ROSTER",
                occurred_at=min(at_local(change.day, time(10)), timezone.now()),
                recorded_by=actor,
                note=change.reason,
                auto_key=f"roster:{change.pk}",
            )
    return change
