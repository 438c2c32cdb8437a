"""Attendance benchmarks (issue 4): absence detection for 1,000 people × 1 day and the
monthly attendance summary for 1,000 people × 31 days. Prints figures; never a test.

    DATABASE_URL=postgres://… .venv/bin/python bench/bench_attendance.py [--people 1000]

Runs in a throw-away test database (created and dropped here).
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 3, 1)


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
            hire_date=date(2025, 1, 1),
        )
        for i, u in enumerate(users)
    )
    staff = list(Staff.objects.order_by("employee_no"))
    WageScheme.objects.bulk_create(
        WageScheme(staff=s, kind="daily", amount=60, effective_from=date(2025, 1, 1)) for s in staff
    )
    groups = Group.objects.bulk_create(
        Group(code=f"G{g:03d}", name=f"组{g}") for g in range(people // 10)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(
            staff=s, group=groups[i // 10], is_leader=i % 10 == 0, valid_from=date(2025, 1, 1)
        )
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
        hire_date=date(2025, 1, 1),
    )
    role_sync(hr, Role.HR)
    return hr_staff.user, days


def measure(label, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s, {len(queries)} SQL queries")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from attendance.selectors import attendance_days, monthly_summary
        from attendance.services import absence_detect

        hr_user, days = build(args.people)
        print(f"{connection.vendor}, {args.people} people × {len(days)} days")
        n = measure(
            f"absence detection, {args.people} people × 1 day", lambda: absence_detect(day=days[-1])
        )
        print(f"  absences recorded: {n}")
        measure("absence detection again (idempotent)", lambda: absence_detect(day=days[-1]))
        n = measure(
            "absence detection, a day when people pass the 2-absence threshold",
            lambda: absence_detect(day=days[-2]),
        )
        from attendance.models import DisciplineAction

        print(f"  absences recorded: {n}; discipline cases: {DisciplineAction.objects.count()}")
        measure(f"attendance_days, {args.people} × 31", lambda: attendance_days(MONTH))
        rows = measure(
            f"monthly summary, {args.people} × 31",
            lambda: monthly_summary(user=hr_user, month=MONTH),
        )
        print(f"  rows: {len(rows)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
