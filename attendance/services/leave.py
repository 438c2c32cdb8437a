"""R-ATT-5 leave and R-ATT-6 absence detection."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import at_local
from outreach.decisions import decider_for, decision_refuse_own, is_decider_for, managers
from outreach.guard import can
from outreach.models import Staff
from outreach.selectors import month_is_closed
from outreach.services import notification_create
from outreach.validators import entered_day_validate

from ..models import DayRecord, LeaveNoticeRule, LeaveRequest, LeaveType, RosterEntry, Violation
from .adjustments import violation_reverse
from .common import is_manager, locked, person_lock
from .violations import violations_record_bulk


def leave_deadline(*, first_day: date, days: int) -> datetime:
    """R-ATT-5: 23:59:59 (Asia/Shanghai) of the day `notice` days before the first day,
    where `notice` comes from the table of length → notice (1 day; > 3 days → 7)."""
    rule = (
        LeaveNoticeRule.objects.filter(longer_than_days__lt=days)
        .order_by("-longer_than_days")
        .first()
    )
    notice = rule.notice_days if rule else 1
    return at_local(first_day - timedelta(days=notice), time(23, 59, 59))


def leave_request_submit(
    *,
    staff: Staff,
    leave_type: LeaveType,
    first_day: date,
    last_day: date,
    reason: str,
    at: datetime | None = None,
) -> LeaveRequest:
    at = at or timezone.now()
    entered_day_validate(first_day, field="first_day")
    entered_day_validate(last_day, field="last_day")
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day is before the first day.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    overlapping = LeaveRequest.objects.filter(
        staff=staff,
        state__in=[LeaveRequest.State.PENDING, LeaveRequest.State.APPROVED],
        first_day__lte=last_day,
        last_day__gte=first_day,
    )
    if overlapping.exists():
        raise ValidationError(_("You already asked for leave on some of these days."))
    days = (last_day - first_day).days + 1
    on_time = at <= leave_deadline(first_day=first_day, days=days)
    with transaction.atomic():
        leave = LeaveRequest.objects.create(
            staff=staff,
            leave_type=leave_type,
            first_day=first_day,
            last_day=last_day,
            reason=reason,
            submitted_at=at,
            on_time=on_time,
        )
        transaction.on_commit(lambda: leave_request_notify(leave=leave))
    return leave


def leave_request_notify(*, leave: LeaveRequest) -> int:
    """R-DASH notifications: a leave request to approve goes to the person's leader on
    its first day, or to the managers when there is none, when the person is the leader
    (issue 17: nobody decides their own) or when it is late and needs one. Once per
    approver and request."""
    leader = decider_for(leave.staff, leave.first_day)
    if leader is not None and leave.on_time:
        approvers = Staff.objects.filter(pk=leader.pk)
    else:
        approvers = managers().exclude(pk=leave.staff_id)
    message = _("%(name)s asks for leave %(first)s–%(last)s.") % {
        "name": leave.staff.name,
        "first": leave.first_day,
        "last": leave.last_day,
    }
    sent = 0
    for approver in approvers.select_related("user"):
        notification_create(
            recipient=approver.user,
            kind="leave_request",
            message=message,
            target=leave,
            link=reverse("leave-list"),
        )
        sent += 1
    return sent


def leave_decide(
    *, request: LeaveRequest, actor: Staff, approve: bool, comment: str = ""
) -> LeaveRequest:
    """Approved by the person's leader or a manager; a late (emergency) request needs a
    manager. Approval reverses the covered days' absences in months not closed. Decided
    on the locked request: of two decisions at once, the second finds it decided."""
    with transaction.atomic():
        locked(request)
        if request.state != LeaveRequest.State.PENDING:
            raise ValidationError(_("This request has already been decided."))
        decision_refuse_own(actor=actor, requester=request.staff)
        manager = is_manager(actor.user)
        if not manager and not is_decider_for(actor, request.staff, request.first_day):
            raise ValidationError(_("Only the person's leader or a manager can decide."))
        if approve and not request.on_time and not can(actor.user, "attendance.approve_late_leave"):
            raise ValidationError(_("A late (emergency) request needs a manager's approval."))
        request.state = LeaveRequest.State.APPROVED if approve else LeaveRequest.State.REJECTED
        request.decided_by, request.decided_at = actor, timezone.now()
        request.comment = comment
        request.save(update_fields=["state", "decided_by", "decided_at", "comment", "updated_at"])
        if approve:
            absences_reverse(
                staff=request.staff, first_day=request.first_day, last_day=request.last_day
            )
    return request


def absences_reverse(*, staff: Staff, first_day: date, last_day: date) -> int:
    """R-ATT-6: leave approved later reverses the absence and its violations. The days
    and then the person are locked first, so an absence the nightly job is recording at
    this moment is either seen here and reversed, or sees this leave and is not recorded
    (`absence_detect` takes the same locks in the same order)."""
    days = [
        first_day + timedelta(days=i)
        for i in range((last_day - first_day).days + 1)
        if not month_is_closed(first_day + timedelta(days=i))
    ]
    if not days:
        return 0
    with transaction.atomic():
        list(
            DayRecord.objects.select_for_update().filter(staff=staff, day__in=days).order_by("day")
        )
        person_lock(staff.pk)
        DayRecord.objects.filter(staff=staff, day__in=days, is_absent=True).update(
            is_absent=False, updated_at=timezone.now()
        )
        keys = [f"absent:{staff.pk}:{d}" for d in days]
        reversed_count = 0
        for violation in Violation.objects.filter(auto_key__in=keys, state=Violation.State.ACTIVE):
            violation_reverse(violation=violation)
            reversed_count += 1
    return reversed_count


def absence_mark(*, actor: Staff, staff: Staff, day: date, at: datetime | None = None):
    """The leader records an absence on the group's today page before the nightly job
    (then no joint ATT-NOLEAVE fine, R-FINE). Decided on the locked day record, so a
    check-in at the same moment is either seen (refused) or comes after the mark."""
    from .common import require_leader_or_manager

    require_leader_or_manager(actor, staff, day)
    with transaction.atomic():
        record, _created = DayRecord.objects.select_for_update().get_or_create(staff=staff, day=day)
        if record.check_in_at:
            raise ValidationError(_("%(name)s has checked in today.") % {"name": staff.name})
        if record.absent_marked_at is None:
            record.absent_marked_by, record.absent_marked_at = actor, at or timezone.now()
            record.save(update_fields=["absent_marked_by", "absent_marked_at", "updated_at"])
    return record


def approved_leave_on(day_ref) -> Exists:
    return Exists(
        LeaveRequest.objects.filter(
            staff_id=OuterRef("staff_id"),
            state=LeaveRequest.State.APPROVED,
            first_day__lte=day_ref,
            last_day__gte=day_ref,
        )
    )


def _absent_on(day: date, entries: list[RosterEntry], records: dict) -> list[RosterEntry]:
    """The rostered people absent on `day` by their locked day records (staff id → record):
    no check-in, no presence found by an inspection, not recorded yet, and no leave
    approved since the roster was read."""
    absent = [
        e
        for e in entries
        if not (
            records[e.staff_id].check_in_at
            or records[e.staff_id].present_by_inspection
            or records[e.staff_id].is_absent
        )
    ]
    if not absent:
        return []
    on_leave = set(
        LeaveRequest.objects.filter(
            staff_id__in=[e.staff_id for e in absent],
            state=LeaveRequest.State.APPROVED,
            first_day__lte=day,
            last_day__gte=day,
        ).values_list("staff_id", flat=True)
    )
    return [e for e in absent if e.staff_id not in on_leave]


def absence_detect(*, day: date) -> int:
    """R-ATT-6: rostered days with no check-in, no inspection presence and no approved
    leave become absent, with ATT-NOLEAVE (the leader's joint fine unless they marked
    the absence first). Idempotent and safe twice at once (R-SYS-4); a constant number
    of queries for any headcount.

    The day records are decided on locked, and with them their people (the order
    `absences_reverse` takes them in), whose leave is then read again: leave approved
    at this moment is either seen here or sees the absence and reverses it. Missing
    records are inserted first, conflicts left alone (a check-in or correction making
    one at this moment keeps its own), so every rostered person has a row to lock; one
    statement with no read before it, which keeps the query count flat.
    """
    entries = list(
        RosterEntry.objects.filter(day=day, shift__isnull=False, staff__hire_date__lte=day)
        .filter(Q(staff__leave_date__isnull=True) | Q(staff__leave_date__gte=day))
        .annotate(on_leave=approved_leave_on(OuterRef("day")))
        .filter(on_leave=False)
        .select_related("shift", "staff__work_city")
    )
    if not entries:
        return 0
    staff_ids = [e.staff_id for e in entries]
    with transaction.atomic():
        DayRecord.objects.bulk_create(
            [DayRecord(staff_id=sid, day=day) for sid in staff_ids],
            batch_size=500,
            ignore_conflicts=True,
        )
        records = {
            r.staff_id: r
            for r in DayRecord.objects.select_related("staff")
            .select_for_update(no_key=True, of=("self", "staff"))
            .filter(day=day, staff_id__in=staff_ids)
            .order_by("staff_id")
        }
        absent = _absent_on(day, entries, records)
        if not absent:
            return 0
        DayRecord.objects.filter(pk__in=[records[e.staff_id].pk for e in absent]).update(
            is_absent=True, absence_recorded_at=timezone.now(), updated_at=timezone.now()
        )
        items = [
            (
                e.staff,
                at_local(day, e.shift.report_time),
                f"absent:{e.staff_id}:{day}",
                bool(records[e.staff_id].absent_marked_at),
            )
            for e in absent
        ]
        violations_record_bulk(code="ATT-NOLEAVE", items=items, source="absence")
        from .discipline import discipline_thresholds_check

        discipline_thresholds_check(staff_ids={s.pk for s, *_r in items}, day=day)
    return len(items)
