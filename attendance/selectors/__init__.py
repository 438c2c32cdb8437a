"""Reads of the attendance app, scoped to the user; set-based for payroll (R-PAY-CALC)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from outreach.dates import at_local, month_bounds, month_start, next_month_start, today
from outreach.guard import can, in_scope_or_404
from outreach.models import Point, Staff
from outreach.selectors import groups_led_by, memberships_on, staff_of, visible_staff

from ..models import (
    DayRecord,
    DisciplineAction,
    Inspection,
    LeaveRequest,
    RosterChange,
    RosterEntry,
    RulebookAcknowledgement,
    RulebookVersion,
    Violation,
    ViolationRule,
)
from ..services.common import shift_times

ZERO = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))


def attendance_staff(user: User) -> QuerySet[Staff]:
    """Whose attendance a user may see: own; a leader their groups'; managers and HR all;
    consultants, the sales manager and the admin only their own."""
    if can(user, "attendance.view_all_attendance"):
        return Staff.objects.all()
    if can(user, "attendance.view_group_attendance"):
        return visible_staff(user)
    me = staff_of(user)
    return Staff.objects.filter(pk=me.pk) if me else Staff.objects.none()


def group_day_staff(*, user: User, day: date) -> QuerySet[Staff]:
    """The people on the group's day page: a leader's own groups' people that day (who
    sees all attendance: everyone), employed, by employee number."""
    people = attendance_staff(user)
    me = staff_of(user)
    if me and not can(user, "attendance.view_all_attendance"):
        led = groups_led_by(me, day)
        people = people.filter(pk__in=memberships_on(day).filter(group__in=led).values("staff_id"))
    return people.filter(leave_date__isnull=True).order_by("employee_no")


# --- for payroll ---------------------------------------------------------------------------


def attendance_days(
    month: date, *, until: date | None = None, staff_ids=None, absent_before: date | None = None
) -> dict[int, dict[str, int]]:
    """R-PAY-CALC days: scheduled = rostered working days; worked = rostered days with a
    check-in or inspection presence; leave days (approved, on rostered days not worked)
    paid or unpaid by type; absent = the other rostered days. One query. `until` (a
    day, inclusive) and `staff_ids` narrow it, for payroll's estimate (R-PAY-10).
    `absent_before` (a day, exclusive) counts only days before it as absences: a rostered
    day that has not passed yet (today included) is scheduled, not missed."""
    first, nxt = month_start(month), next_month_start(month)
    presence = DayRecord.objects.filter(staff_id=OuterRef("staff_id"), day=OuterRef("day")).filter(
        Q(check_in_at__isnull=False) | Q(present_by_inspection=True)
    )
    leave_paid = LeaveRequest.objects.filter(
        staff_id=OuterRef("staff_id"),
        state=LeaveRequest.State.APPROVED,
        first_day__lte=OuterRef("day"),
        last_day__gte=OuterRef("day"),
    ).values("leave_type__paid")[:1]
    rows = (
        RosterEntry.objects.filter(day__gte=first, day__lt=nxt, shift__isnull=False)
        .filter(Q(day__lte=until) if until else Q())
        .filter(Q(staff_id__in=staff_ids) if staff_ids is not None else Q())
        # only days the person is employed (a dismissal's leave date ends the schedule)
        .filter(staff__hire_date__lte=F("day"))
        .filter(Q(staff__leave_date__isnull=True) | Q(staff__leave_date__gte=F("day")))
        .annotate(worked=Exists(presence), leave_paid=Subquery(leave_paid))
        .values_list("staff_id", "day", "worked", "leave_paid")
    )
    result: dict[int, dict[str, int]] = defaultdict(
        lambda: {"scheduled": 0, "worked": 0, "paid_leave": 0, "unpaid_leave": 0, "absent": 0}
    )
    for staff_id, day, worked, paid in rows:
        days = result[staff_id]
        days["scheduled"] += 1
        if worked:
            days["worked"] += 1
        elif paid is True:
            days["paid_leave"] += 1
        elif paid is False:
            days["unpaid_leave"] += 1
        elif absent_before is None or day < absent_before:
            days["absent"] += 1
    return dict(result)


def _acknowledged(payer: str) -> Exists:
    """R-FINE-3: the payer acknowledged the version in force at the violation time, at or
    before that time."""
    return Exists(
        RulebookAcknowledgement.objects.filter(
            version_id=OuterRef("version_id"),
            staff_id=OuterRef(payer),
            acknowledged_at__lte=OuterRef("occurred_at"),
        )
    )


def violations_annotated(qs: QuerySet[Violation]) -> QuerySet[Violation]:
    active = Q(state=Violation.State.ACTIVE)
    return qs.select_related("staff", "leader", "point", "recorded_by").annotate(
        acknowledged=_acknowledged("staff_id"),
        leader_acknowledged=_acknowledged("leader_id"),
        person_due=Case(
            When(active & Q(adjusted_amount__isnull=False), then=F("adjusted_amount")),
            When(active, then=F("amount")),
            default=ZERO,
        ),
        leader_due=Case(
            When(
                active & Q(adjusted_leader_amount__isnull=False), then=F("adjusted_leader_amount")
            ),
            When(active, then=F("leader_amount")),
            default=ZERO,
        ),
    )


def violations_for_month(month: date) -> QuerySet[Violation]:
    """Every violation that happened in the month (reversed ones left out), with the
    person, amounts after waivers (`person_due`, `leader_due`), the joint leader, code,
    time, `acknowledged` / `leader_acknowledged` (R-FINE-3), `appeal` and `state`."""
    start, end = month_bounds(month)
    qs = Violation.objects.filter(occurred_at__gte=start, occurred_at__lt=end).exclude(
        state=Violation.State.REVERSED
    )
    return violations_annotated(qs).order_by("occurred_at", "pk")


# --- pages -----------------------------------------------------------------------------------


def violation_list(*, user: User) -> QuerySet[Violation]:
    people = attendance_staff(user)
    qs = Violation.objects.filter(Q(staff__in=people) | Q(leader__in=people))
    return violations_annotated(qs).order_by("-occurred_at", "-pk")


def day_records(*, user: User, first: date, last: date) -> QuerySet[DayRecord]:
    return DayRecord.objects.filter(
        staff__in=attendance_staff(user), day__gte=first, day__lte=last
    ).select_related("staff")


def day_record_list(*, user: User) -> QuerySet[DayRecord]:
    """Every day record of the people whose attendance the user sees (`attendance_staff`:
    own; a leader their groups'; managers and HR all), any day: the open API's list."""
    return DayRecord.objects.filter(staff__in=attendance_staff(user)).select_related("staff")


def day_record_get(*, user: User, pk: int) -> DayRecord:
    """One day record (its check-in photo), by the same scope as the attendance pages."""
    return in_scope_or_404(DayRecord.objects.filter(staff__in=attendance_staff(user)), pk=pk)


def violation_get(*, user: User, pk: int) -> Violation:
    return in_scope_or_404(violation_list(user=user), pk=pk)


def roster_for(*, user: User, first: date, last: date) -> QuerySet[RosterEntry]:
    return RosterEntry.objects.filter(
        staff__in=attendance_staff(user), day__gte=first, day__lte=last
    ).select_related("shift", "point", "staff")


def leave_list(*, user: User) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(staff__in=attendance_staff(user)).select_related(
        "staff", "leave_type", "decided_by"
    )


def roster_change_list(*, user: User) -> QuerySet[RosterChange]:
    return RosterChange.objects.filter(staff__in=attendance_staff(user)).select_related(
        "staff", "shift", "point"
    )


def inspection_list(*, user: User) -> QuerySet[Inspection]:
    if can(user, "attendance.view_all_attendance"):
        return Inspection.objects.select_related("point", "inspector")
    me = staff_of(user)
    return Inspection.objects.filter(inspector=me).select_related("point", "inspector")


def discipline_list(*, user: User) -> QuerySet[DisciplineAction]:
    return DisciplineAction.objects.filter(staff__in=attendance_staff(user)).select_related(
        "staff", "approver"
    )


def rulebook_versions(*, user: User) -> QuerySet[RulebookVersion]:
    """R-FINE-3: everyone reads the published versions; who keeps the rulebook sees drafts."""
    if can(user, "attendance.manage_rulebook"):
        return RulebookVersion.objects.order_by("-number")
    return RulebookVersion.objects.filter(published_at__isnull=False).order_by("-number")


def rulebook_rules(*, user: User) -> QuerySet[ViolationRule]:
    """The rows of the versions the user may read (drafts' rows for who keeps the rulebook)."""
    return ViolationRule.objects.filter(version__in=rulebook_versions(user=user)).select_related(
        "version"
    )


def active_points() -> QuerySet[Point]:
    """The active points: where people are rostered and inspections are held."""
    return Point.objects.filter(is_active=True)


def rulebook_current() -> RulebookVersion | None:
    return (
        RulebookVersion.objects.filter(published_at__isnull=False)
        .order_by("-effective_from", "-number")
        .first()
    )


def monthly_summary(*, user: User, month: date) -> list[dict]:
    """HR summary: days worked, late, early, absent, leave, violations and fines per
    person. Absent counts only rostered days that have passed (the team's today is
    still going). A constant number of queries for any headcount."""
    people = list(
        attendance_staff(user)
        .filter(roster__day__gte=month_start(month), roster__day__lt=next_month_start(month))
        .distinct()
        .order_by("employee_no")
    )
    days = attendance_days(month, absent_before=today())
    flags = defaultdict(lambda: {"late": 0, "early": 0})
    for staff_id, late, early in (
        DayRecord.objects.filter(day__gte=month_start(month), day__lt=next_month_start(month))
        .filter(Q(is_late=True) | Q(not_at_point=True) | Q(is_early=True))
        .values_list("staff_id", "is_late", "is_early")
    ):
        flags[staff_id]["late"] += 1 if late else 0
        flags[staff_id]["early"] += 1 if early else 0
    fines = defaultdict(lambda: {"violations": 0, "fines": 0, "joint": 0})
    for v in violations_for_month(month).values_list(
        "staff_id", "leader_id", "person_due", "leader_due"
    ):
        staff_id, leader_id, due, leader_due = v
        fines[staff_id]["violations"] += 1
        fines[staff_id]["fines"] += due
        if leader_id:
            fines[leader_id]["joint"] += leader_due
    rows = []
    for person in people:
        d = days.get(person.pk, {})
        rows.append(
            {
                "staff": person,
                "scheduled": d.get("scheduled", 0),
                "worked": d.get("worked", 0),
                "late": flags[person.pk]["late"],
                "early": flags[person.pk]["early"],
                "absent": d.get("absent", 0),
                "paid_leave": d.get("paid_leave", 0),
                "unpaid_leave": d.get("unpaid_leave", 0),
                **fines[person.pk],
            }
        )
    return rows


# --- for campaigns (R-DAY-1) ---------------------------------------------------------------


def _rostered_and_checked_in(day: date, staff_ids=None) -> QuerySet[RosterEntry]:
    entries = (
        RosterEntry.objects.filter(day=day, shift__isnull=False)
        .filter(
            Exists(
                DayRecord.objects.filter(
                    staff_id=OuterRef("staff_id"), day=day, check_in_at__isnull=False
                )
            )
        )
        .select_related("shift")
    )
    if staff_ids is not None:
        entries = entries.filter(staff_id__in=staff_ids)
    return entries


def _shift_ends(entries, day: date) -> dict[int, datetime]:
    ends: dict[int, datetime] = {}
    shift_end: dict[int, datetime] = {}
    for entry in entries:
        if entry.shift_id not in shift_end:
            shift_end[entry.shift_id] = at_local(day, shift_times(entry.shift, day)[2])
        ends[entry.staff_id] = shift_end[entry.shift_id]
    return ends


def checked_in_shift_ends(day: date, staff_ids=None) -> dict[int, datetime]:
    """People with a check-in on a day they were rostered to work, and when their shift
    ended that day: they may report on that day (R-DAY-1). A fixed number of queries."""
    return _shift_ends(_rostered_and_checked_in(day, staff_ids), day)


def _owing_a_report(day: date, staff_ids=None) -> QuerySet[RosterEntry]:
    on_leave = LeaveRequest.objects.filter(
        staff_id=OuterRef("staff_id"),
        state=LeaveRequest.State.APPROVED,
        first_day__lte=day,
        last_day__gte=day,
    )
    return _rostered_and_checked_in(day, staff_ids).exclude(Exists(on_leave))


def daily_report_owers(day: date) -> QuerySet:
    """R-DAY-1: the ids of the people who owe a report for `day` (see
    `daily_reports_due`), as a subquery for a list to narrow by."""
    return _owing_a_report(day).values("staff_id")


def daily_reports_due(day: date, staff_ids=None) -> dict[int, datetime]:
    """R-DAY-1: who owes a daily report for `day`, and when their shift ended: rostered
    to work (not a rest day), checked in (days without a check-in need no report) and
    not on approved leave that day. The missing-report job asks this and the list asks
    `daily_report_owers`, the same rows, so they always agree. A fixed number of queries."""
    return _shift_ends(_owing_a_report(day, staff_ids), day)


@dataclass(frozen=True)
class WorkDay:
    """R-DAY-1: one person's day at work as attendance knows it, for the daily report."""

    rostered: bool
    point: Point | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    shift_end: datetime | None
    hours_worked: Decimal | None

    @property
    def report_due(self) -> bool:
        return self.rostered and self.check_in_at is not None


def work_day(*, staff_id: int, day: date, now: datetime | None = None) -> WorkDay:
    """R-DAY-1: the point a person was assigned on `day` (the roster), their check-in and
    check-out, and the hours worked: from the check-in to the check-out (or, while there
    is none, to the shift end, or to now when the shift is still going), less the lunch
    break. Two queries (three for a day off the roster)."""
    now = now or timezone.now()
    record = DayRecord.objects.filter(staff_id=staff_id, day=day)
    entry = (
        RosterEntry.objects.filter(staff_id=staff_id, day=day)
        .select_related("shift", "point")
        .annotate(
            check_in_at=Subquery(record.values("check_in_at")[:1]),
            check_out_at=Subquery(record.values("check_out_at")[:1]),
        )
        .first()
    )
    if entry is None:  # not on the roster: the check-in alone, if any
        record = record.only("check_in_at", "check_out_at").first()
    else:
        record = entry
    shift = entry.shift if entry is not None else None
    shift_end = at_local(day, shift_times(shift, day)[2]) if shift is not None else None
    check_in_at = record.check_in_at if record else None
    check_out_at = record.check_out_at if record else None
    hours = None
    if check_in_at is not None:
        end = check_out_at or (min(now, shift_end) if shift_end else now)
        worked = max(end - check_in_at, timedelta(0))
        if shift is not None:
            lunch_from = max(check_in_at, at_local(day, shift.break_start))
            lunch_to = min(end, at_local(day, shift.break_end))
            worked -= max(lunch_to - lunch_from, timedelta(0))
        hours = (Decimal(worked.total_seconds()) / 3600).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return WorkDay(
        rostered=shift is not None,
        point=entry.point if entry is not None else None,
        check_in_at=check_in_at,
        check_out_at=check_out_at,
        shift_end=shift_end,
        hours_worked=hours,
    )


# --- dashboards (R-DASH-1) -------------------------------------------------------------------


def attendance_day_counts(*, staff, day: date) -> dict[str, int]:
    """R-DASH-1 today: of the people rostered to work on `day` (narrowed to `staff`, a
    Staff queryset, or everyone when None): how many are on duty (checked in or present
    at an inspection), late, absent, and not in yet. One query."""
    entries = RosterEntry.objects.filter(day=day, shift__isnull=False)
    if staff is not None:
        entries = entries.filter(staff__in=staff)
    record = DayRecord.objects.filter(staff=OuterRef("staff"), day=day)
    present = Q(check_in_at__isnull=False) | Q(present_by_inspection=True)
    return entries.annotate(
        is_on_duty=Exists(record.filter(present)),
        is_late=Exists(record.filter(is_late=True)),
        is_absent=Exists(record.filter(is_absent=True)),
    ).aggregate(
        rostered=Count("pk"),
        on_duty=Count("pk", filter=Q(is_on_duty=True)),
        late=Count("pk", filter=Q(is_late=True)),
        absent=Count("pk", filter=Q(is_absent=True)),
        not_in=Count("pk", filter=Q(is_on_duty=False, is_absent=False)),
    )
