"""Reads of the core that views, tasks and other apps need, already scoped to the user."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .dates import month_start, next_month_start, today
from .guard import can, in_scope_or_404
from .jobs import JobStatus, job_status
from .models import (
    ClosedPayMonth,
    Group,
    GroupMembership,
    JobRun,
    Notification,
    PaidDaysSetting,
    Staff,
    WageScheme,
)

DEFAULT_MONTHLY_PAID_DAYS = Decimal("21.75")


def staff_of(user: User) -> Staff | None:
    """The staff record of a logged-in user, or None (e.g. a bare superuser)."""
    if not user.is_authenticated:
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def require_staff(request) -> Staff:
    """The staff member behind this login (session or API token); a login without one
    (an admin account) gets a 403."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


# --- dated groups (R-ROLE-5) -------------------------------------------------------


def memberships_on(day: date) -> QuerySet[GroupMembership]:
    return GroupMembership.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def membership_of(staff: Staff, day: date) -> GroupMembership | None:
    return memberships_on(day).filter(staff=staff).select_related("group").first()


def group_of(staff: Staff, day: date) -> Group | None:
    membership = membership_of(staff, day)
    return membership.group if membership else None


def leader_of(group: Group, day: date) -> Staff | None:
    membership = (
        memberships_on(day).filter(group=group, is_leader=True).select_related("staff").first()
    )
    return membership.staff if membership else None


def group_members(group: Group, day: date) -> QuerySet[Staff]:
    return Staff.objects.filter(
        pk__in=memberships_on(day).filter(group=group).values("staff_id")
    ).order_by("employee_no")


def groups_led_by(staff: Staff, day: date) -> QuerySet[Group]:
    return Group.objects.filter(
        pk__in=memberships_on(day).filter(staff=staff, is_leader=True).values("group_id")
    )


def is_leader_of(leader: Staff, person: Staff, day: date) -> bool:
    return memberships_on(day).filter(staff=person, group__in=groups_led_by(leader, day)).exists()


# --- visibility (R-ROLE-1) ---------------------------------------------------------


def visible_staff(user: User, *, day: date | None = None) -> QuerySet[Staff]:
    """The people whose records (and, in later apps, whose leads, reports, attendance)
    a user may see: everyone, the groups they lead today plus themselves, or themselves.

    Every list and detail that belongs to a person narrows through this, so asking for
    someone else's object by id answers 404.
    """
    if can(user, "outreach.view_all_staff"):
        return Staff.objects.all()
    me = staff_of(user)
    if me is None:
        return Staff.objects.none()
    if can(user, "outreach.view_group_staff"):
        day = day or today()
        led_groups = groups_led_by(me, day)
        return Staff.objects.filter(
            Q(pk=me.pk)
            | Q(pk__in=memberships_on(day).filter(group__in=led_groups).values("staff_id"))
        )
    return Staff.objects.filter(pk=me.pk)


def staff_list(*, user: User) -> QuerySet[Staff]:
    return visible_staff(user).select_related("user", "work_city", "agency")


def staff_get(*, user: User, pk: int) -> Staff:
    return in_scope_or_404(staff_list(user=user), pk=pk)


def can_see_pay(user: User, staff: Staff) -> bool:
    """Wage scheme and bank account: the person, their leader, managers and HR."""
    if can(user, "outreach.view_staff_pay"):
        return True
    me = staff_of(user)
    if me is None:
        return False
    return me.pk == staff.pk or (
        can(user, "outreach.view_group_staff") and is_leader_of(me, staff, today())
    )


def group_list() -> QuerySet[Group]:
    return Group.objects.all()


def membership_list(*, group: Group | None = None) -> QuerySet[GroupMembership]:
    """Dated memberships (of one group), the open and the most recent first."""
    memberships = GroupMembership.objects.select_related("staff")
    if group is not None:
        memberships = memberships.filter(group=group)
    return memberships.order_by("-valid_to", "-is_leader", "staff__employee_no")


# --- wage schemes and pay reference (R-ROLE-3, R-ROLE-6) -----------------------------


def wage_scheme_for_month(staff: Staff, month: date) -> WageScheme | None:
    """R-ROLE-3: the scheme in force on the 1st of the month, or on the hire date for
    someone hired later in that month; it applies to the whole month."""
    first = month_start(month)
    hired_within = first < staff.hire_date < next_month_start(first)
    anchor = staff.hire_date if hired_within else first
    return (
        WageScheme.objects.filter(staff=staff, effective_from__lte=anchor)
        .order_by("-effective_from")
        .first()
    )


def monthly_paid_days(on: date) -> Decimal:
    """R-ROLE-6: the monthly paid days in force on a day (21.75 unless configured)."""
    setting = PaidDaysSetting.objects.filter(effective_from__lte=on).first()
    return setting.days if setting else DEFAULT_MONTHLY_PAID_DAYS


def month_is_closed(day: date) -> bool:
    """R-ROLE-6: whether payroll has locked the month that contains this day."""
    return ClosedPayMonth.objects.filter(month=month_start(day)).exists()


# --- notifications -------------------------------------------------------------------


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def job_status_list(*, now: datetime) -> list[JobStatus]:
    """Issue 18: each scheduled job (outreach/celery.py) with its last run as the workers
    recorded it (JobRun), its next run and the run it missed, in the team's time zone."""
    from .celery import JOB_LABELS, app

    runs = {run.name: run for run in JobRun.objects.all()}
    starts = [run.first_started_at or run.last_started_at for run in runs.values()]
    watching_since = min((s for s in starts if s is not None), default=None)
    tz = ZoneInfo(settings.TIME_ZONE)
    return [
        job_status(
            key,
            entry,
            runs.get(entry["task"]),
            label=str(JOB_LABELS.get(key, key)),
            now=now,
            watching_since=watching_since,
            tz=tz,
        )
        for key, entry in app.conf.beat_schedule.items()
    ]
