"""R-DISC-1: discipline beyond money, and cases opened at the thresholds."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from outreach.dates import month_bounds, month_start, next_month_start
from outreach.guard import can
from outreach.models import Role, Staff
from outreach.services import notification_create, staff_deactivate

from ..models import AttendanceSetting, DayRecord, DisciplineAction, Violation
from .common import locked


def discipline_case_open(
    *, staff: Staff, trigger: str, month: date, reason: str
) -> DisciplineAction:
    """Open a case for the manager once per (person, trigger, month). Payroll calls this
    with trigger="target-miss" when a person misses a target 2 months running."""
    month = month_start(month)
    try:
        with transaction.atomic():
            case, created = DisciplineAction.objects.get_or_create(
                staff=staff,
                trigger=trigger,
                month=month,
                defaults={"kind": DisciplineAction.Kind.CASE, "reason": reason},
            )
    except IntegrityError:
        return DisciplineAction.objects.get(staff=staff, trigger=trigger, month=month)
    if created:
        managers = Staff.objects.filter(role=Role.MANAGER, leave_date__isnull=True)
        for manager in managers.select_related("user"):
            notification_create(
                recipient=manager.user,
                kind="attendance.discipline_case",
                message=_("Discipline case for %(name)s: %(reason)s")
                % {"name": staff.name, "reason": reason},
                target=case,
                link=reverse("discipline-list"),
            )
    return case


def discipline_thresholds_check(*, staff_ids: set[int], day: date) -> int:
    """R-DISC-1: a case when a person passes 3 late / early or 2 absent days in a month."""
    setting = AttendanceSetting.current()
    start, end = month_bounds(day)
    lates = dict(
        Violation.objects.filter(
            staff_id__in=staff_ids,
            code="ATT-LATE",
            state=Violation.State.ACTIVE,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    absents = dict(
        DayRecord.objects.filter(
            staff_id__in=staff_ids,
            is_absent=True,
            day__gte=month_start(day),
            day__lt=next_month_start(day),
        )
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    due = [
        (sid, "late", _("%(n)s late arrivals / early leaves this month") % {"n": n})
        for sid, n in lates.items()
        if n >= setting.case_late_threshold
    ] + [
        (sid, "absent", _("%(n)s absent days this month") % {"n": n})
        for sid, n in absents.items()
        if n >= setting.case_absent_threshold
    ]
    if not due:
        return 0
    month = month_start(day)
    existing = set(
        DisciplineAction.objects.filter(
            staff_id__in={sid for sid, *_r in due}, month=month, trigger__in=["late", "absent"]
        ).values_list("staff_id", "trigger")
    )
    new = [
        DisciplineAction(
            staff_id=sid,
            trigger=trigger,
            month=month,
            reason=reason,
            kind=DisciplineAction.Kind.CASE,
        )
        for sid, trigger, reason in due
        if (sid, trigger) not in existing
    ]
    if not new:
        return 0
    # Many people can pass a threshold in one nightly run: one insert, and one
    # notification per manager rather than one per case.
    created = bulk_create_with_history(new, DisciplineAction, ignore_conflicts=True)
    first = (
        DisciplineAction.objects.filter(month=month, trigger__in=["late", "absent"])
        .filter(staff_id__in=[c.staff_id for c in created])
        .order_by("pk")
        .first()
    )
    managers = Staff.objects.filter(role=Role.MANAGER, leave_date__isnull=True)
    for manager in managers.select_related("user"):
        notification_create(
            recipient=manager.user,
            kind="attendance.discipline_case",
            message=_("%(n)s discipline case(s) opened at the monthly thresholds")
            % {"n": len(new)},
            target=first,
            link=reverse("discipline-list"),
        )
    return len(new)


def discipline_record(
    *, staff: Staff, kind: str, reason: str, actor: Staff, leave_date: date | None = None
) -> DisciplineAction:
    """A warning, improvement plan, demotion or dismissal, approved by a manager; a
    dismissal sets the leave date (and ends the login)."""
    if kind not in DisciplineAction.Kind.values or kind == DisciplineAction.Kind.CASE:
        raise ValidationError({"kind": _("Choose a kind of action.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if kind == DisciplineAction.Kind.DISMISSAL and leave_date is None:
        raise ValidationError({"leave_date": _("A dismissal needs a leave date.")})
    if not can(actor.user, "attendance.manage_discipline"):
        raise ValidationError(_("Only a manager approves discipline."))
    with transaction.atomic():
        action = DisciplineAction.objects.create(
            staff=staff,
            kind=kind,
            reason=reason,
            opened_by=actor,
            approver=actor,
            state=DisciplineAction.State.APPROVED,
            decided_at=timezone.now(),
            leave_date=leave_date if kind == DisciplineAction.Kind.DISMISSAL else None,
        )
        if kind == DisciplineAction.Kind.DISMISSAL:
            staff_deactivate(staff=staff, leave_date=leave_date)
    return action


def discipline_case_close(*, case: DisciplineAction, actor: Staff, reason: str = ""):
    """Close an open case, decided on the locked row (closing twice at once closes once)."""
    with transaction.atomic():
        locked(case)
        if case.state != DisciplineAction.State.OPEN:
            raise ValidationError(_("This case is not open."))
        case.state = DisciplineAction.State.CLOSED
        case.approver, case.decided_at = actor, timezone.now()
        if reason:
            case.reason = f"{case.reason} — {reason}"[:300]
        case.save(update_fields=["state", "approver", "decided_at", "reason", "updated_at"])
    return case
