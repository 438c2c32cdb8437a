"""Attendance benchmarks (issue 4): absence detection for 1,000 people × 1 day and the
monthly attendance summary for 1,000 people × 31 days (quick: 100 people).

    DATABASE_URL=postgres://… .venv/bin/python bench/bench_attendance.py --size full

Runs in a test database made from DATABASE_URL (test_<name>, kept, emptied by rollback).
The month is the latest 31-day month up to the data set's payroll month (bench/dataset.py,
relative to its anchor day), so the figures are "× 31" on any day.
Targets: the summary under 3 s, each in a constant number of SQL queries (pinned in
tests; here, at most the counts measured when they were pinned, plus a little).
"""

import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402
from common import args_parse, django_setup, figure, log, median_time  # noqa: E402

if __name__ == "__main__":
    ARGS = args_parse(
        __doc__, {"quick": {"people": 100, "repeat": 3}, "full": {"people": 1000, "repeat": 3}}
    )
django_setup("outreach.settings.test")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")


def month_of_31_days(calendar: dataset.Calendar) -> date:
    """The latest month of 31 days that is not after the payroll month (at most one
    month before it: two short months never follow each other)."""
    month = calendar.month
    while (month + timedelta(days=30)).month != month.month:
        month = (month - timedelta(days=1)).replace(day=1)
    return month


CALENDAR = dataset.calendar_of(dataset.anchor_day())
MONTH = month_of_31_days(CALENDAR)
HIRED = CALENDAR.hired  # before the month: everyone works all of it


def build(people: int):
    from attendance.defaults import defaults_ensure
    from attendance.models import DayRecord, RosterEntry, Shift
    from outreach.models import Group, GroupMembership, Point, Role, Staff, WageScheme
    from outreach.services import role_sync

    defaults_ensure()
    User = get_user_model()
    unusable = "!"  # an unusable password hash: nobody logs in as these
    User.objects.bulk_create(User(username=f"b{i}", password=unusable) for i in range(people))
    users = list(User.objects.filter(username__startswith="b").order_by("pk"))
    Staff.objects.bulk_create(
        Staff(
            user=u,
            employee_no=f"B{i:05d}",
            name=f"员工{i}",
            phone=f"138{i:08d}",
            role=Role.LEADER if i % 10 == 0 else Role.CANVASSER,
            hire_date=HIRED,
        )
        for i, u in enumerate(users)
    )
    staff = list(Staff.objects.order_by("employee_no"))
    WageScheme.objects.bulk_create(
        WageScheme(staff=s, kind="daily", amount=60, effective_from=HIRED) for s in staff
    )
    groups = Group.objects.bulk_create(
        Group(code=f"G{g:03d}", name=f"组{g}") for g in range(people // 10)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(staff=s, group=groups[i // 10], is_leader=i % 10 == 0, valid_from=HIRED)
        for i, s in enumerate(staff)
    )
    point = Point.objects.create(name="bench point", latitude=30.3, longitude=120.1)
    shift = Shift.objects.get(is_default=True)
    days = [MONTH + timedelta(days=d) for d in range(31)]
    RosterEntry.objects.bulk_create(
        (RosterEntry(staff=s, day=d, shift=shift, point=point) for s in staff for d in days),
        batch_size=2000,
    )
    # every day but the last: 90 % checked in, 5 % late
    DayRecord.objects.bulk_create(
        (
            DayRecord(
                staff=s,
                day=d,
                check_in_at=datetime(
                    d.year, d.month, d.day, 9 if i % 20 == 0 else 8, 30, tzinfo=SH
                ),
                check_out_at=datetime(d.year, d.month, d.day, 17, 0, tzinfo=SH),
                is_late=i % 20 == 0,
            )
            for d in days[:-1]
            for i, s in enumerate(staff)
            if (i + d.day) % 10
        ),
        batch_size=2000,
    )
    hr = User.objects.create(username="bench-hr")
    hr_staff = Staff.objects.create(
        user=hr,
        employee_no="H0001",
        name="HR",
        phone="13900000000",
        role=Role.HR,
        hire_date=HIRED,
    )
    role_sync(hr, Role.HR)
    return hr_staff.user, days


def measure(fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return elapsed, len(queries), result


def main():
    args = ARGS
    people = args.people
    setup_test_environment()
    # A test database of its own, kept between runs (migrated once); the data is made
    # inside a transaction that is rolled back, so every run starts empty.
    connection.creation.create_test_db(verbosity=0, keepdb=True)
    with transaction.atomic():
        from attendance.models import DisciplineAction
        from attendance.selectors import attendance_days, monthly_summary
        from attendance.services import absence_detect

        hr_user, days = build(people)
        log(f"# {connection.vendor}, {people} people × {len(days)} days")
        seconds, queries, n = measure(lambda: absence_detect(day=days[-1]))
        log(f"# absences recorded: {n}")
        figure(f"attendance.absence_detect.{people}", round(seconds, 2), "s", 3)
        figure(f"attendance.absence_detect.{people}.statements", queries, "queries", 20)
        seconds, queries, again = measure(lambda: absence_detect(day=days[-1]))
        figure("attendance.absence_detect.again.recorded", again, "absences", 0, again == 0)
        seconds, queries, n = measure(lambda: absence_detect(day=days[-2]))
        log(f"# threshold day: {n} absences; {DisciplineAction.objects.count()} cases")
        figure(f"attendance.absence_detect.threshold.{people}", round(seconds, 2), "s", 3)
        seconds, _rows = median_time(lambda: attendance_days(MONTH), args.repeat)
        figure(f"attendance.days.{people}x31", round(seconds, 2), "s", 3)
        seconds, rows = median_time(lambda: monthly_summary(user=hr_user, month=MONTH), args.repeat)
        _s, queries, _r = measure(lambda: monthly_summary(user=hr_user, month=MONTH))
        figure(f"attendance.monthly_summary.{people}x31", round(seconds, 2), "s", 3)
        figure(f"attendance.monthly_summary.{people}x31.statements", queries, "queries", 10)
        log(f"# summary rows: {len(rows)}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
