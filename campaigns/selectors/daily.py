"""Reads for the daily report (R-DAY-1): the day's figures it opens with, and who has not
reported yet. Clients' and attendance's facts come through their selectors."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.utils import timezone

from attendance.selectors import WorkDay, daily_report_owers, work_day
from clients.selectors import field_counts
from outreach.guard import can
from outreach.models import Point, Staff
from outreach.selectors import groups_led_by, memberships_on, staff_of

from ..models import DailyReport, Invitation, MaterialHandout

# Counts the system knows for certain: filled in, never typed (R-DAY-1).
SYSTEM_FIELDS = ("leads_registered", "visits_confirmed", "deals", "hours_worked")


@dataclass(frozen=True)
class ReportPrefill:
    """R-DAY-1: what the records say of one person's local day. `known()` are the
    system's counts (stored as they are, not editable); `initial()` also holds the
    figures the person may correct (the point, calls, flyers, visits brought …)."""

    leads_registered: int = 0
    visits_confirmed: int = 0
    deals: int = 0
    hours_worked: Decimal | None = None
    point: Point | None = None
    flyers: int = 0
    contacts: int = 0
    calls: int = 0
    invitations: int = 0
    visits_brought: int = 0
    check_in_at: datetime | None = None
    check_out_at: datetime | None = None
    report_due: bool = False
    handouts: list[MaterialHandout] = field(default_factory=list)

    def known(self) -> dict:
        return {name: getattr(self, name) for name in SYSTEM_FIELDS}

    def initial(self) -> dict:
        editable = ("flyers", "contacts", "calls", "invitations", "visits_brought")
        return {
            **self.known(),
            **{name: getattr(self, name) for name in editable},
            "point": self.point.pk if self.point else None,
        }


def _system_counts(counts: dict[str, int], at_work: WorkDay) -> dict:
    return {
        "leads_registered": counts["leads_registered"],
        "visits_confirmed": counts["visits_confirmed"],
        "deals": counts["deals"],
        "hours_worked": at_work.hours_worked,
    }


def daily_report_known(*, staff: Staff, day: date, at_work: WorkDay) -> dict:
    """R-DAY-1: only the counts the system knows (what `daily_report_submit` stores
    whatever was posted), given the person's day at work. One query."""
    return _system_counts(field_counts(staff.pk, day), at_work)


def daily_report_prefill(*, staff: Staff, day: date, now: datetime | None = None) -> ReportPrefill:
    """R-DAY-1: the figures of `staff`'s local day (Asia/Shanghai) from the records:
    leads registered, valid visits confirmed, deals and calls (clients); the assigned
    point, check-in and hours worked (attendance); materials handed out and invitations
    sent (campaigns). Contacts collected start at the leads registered (each is one).
    A fixed number of queries (at most six) whatever the data size."""
    counts = field_counts(staff.pk, day)
    at_work = work_day(staff_id=staff.pk, day=day, now=now)
    handouts = list(MaterialHandout.objects.filter(staff=staff, day=day).order_by("material"))
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    invitations = Invitation.objects.filter(
        invited_by=staff, sent_at__gte=start, sent_at__lt=start + timedelta(days=1)
    ).count()
    return ReportPrefill(
        **_system_counts(counts, at_work),
        point=at_work.point,
        flyers=sum(h.used for h in handouts),
        contacts=counts["leads_registered"],
        calls=counts["calls"],
        invitations=invitations,
        visits_brought=counts["visits_brought"],
        check_in_at=at_work.check_in_at,
        check_out_at=at_work.check_out_at,
        report_due=at_work.report_due,
        handouts=handouts,
    )


def daily_reports_missing(*, user: User, day: date) -> list[Staff]:
    """R-DAY-1: the people whose report for `day` is due and not in, as the job that
    fines a missing report sees them (attendance's `daily_report_owers`: rostered,
    checked in, not on leave). A manager sees everyone; a leader the groups they lead
    that day; others nobody. One query once the user is known, whatever the data."""
    me = staff_of(user)
    people = Staff.objects.filter(pk__in=daily_report_owers(day)).exclude(
        Exists(DailyReport.objects.filter(staff=OuterRef("pk"), day=day))
    )
    if can(user, "campaigns.view_all_plans"):
        pass
    elif me is not None and can(user, "outreach.view_group_staff"):
        led = groups_led_by(me, day)
        people = people.filter(pk__in=memberships_on(day).filter(group__in=led).values("staff_id"))
    else:
        return []
    if me is not None:
        people = people.exclude(pk=me.pk)
    return list(people.order_by("employee_no"))
