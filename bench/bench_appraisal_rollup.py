"""Issue 7 speed: roll up a quarter's appraisals for N people and print the figures.

Run against an empty PostgreSQL database (it migrates it and adds bench rows):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_appraisals_bench \
        .venv/bin/python bench/bench_appraisal_rollup.py --people 10000

The quarter's data on this branch is training (sessions, attendance and results); the
indicator sources of clients, attendance and campaigns are not wired yet (see
payroll/appraisals/indicators.py), so they add no queries here.

Measured 2026-11-22 (PostgreSQL 15, one container, 10,000 people, 40,000 training
results): first roll-up 9.8 s in 24 queries (creating the template and the cycle), the
second 15.4 s in 19 queries.
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--label", default="2026Q3")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from outreach.models import Group, GroupMembership, Role, Staff
    from payroll.appraisals.periods import period_of
    from payroll.appraisals.rollup import appraisal_rollup
    from payroll.models import Appraisal, IndicatorScore
    from training.models import Attendee, TrainingSession

    call_command("migrate", verbosity=0)
    User = get_user_model()
    _kind, start, end = period_of(args.label)
    have = Staff.objects.filter(employee_no__startswith="B").count()
    if have < args.people:
        t0 = time.perf_counter()
        password = make_password("bench-only-password")
        users = User.objects.bulk_create(
            User(username=f"bench{n}", password=password) for n in range(have, args.people)
        )
        groups = {
            g: Group.objects.get_or_create(code=f"B{g:03d}", defaults={"name": f"bench {g}"})[0]
            for g in range(args.people // 100 + 1)
        }
        staff = Staff.objects.bulk_create(
            Staff(
                user=user,
                employee_no=f"B{n:06d}",
                name=f"bench{n}",
                phone="13800000000",
                role=Role.LEADER if n % 100 == 0 else Role.CANVASSER,
                # every 20th person joins mid-quarter (pro rata)
                hire_date=start + timedelta(days=40) if n % 20 == 7 else date(2025, 1, 1),
            )
            for n, user in zip(range(have, args.people), users, strict=True)
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(
                staff=s,
                group=groups[int(s.employee_no[1:]) // 100],
                is_leader=s.role == Role.LEADER,
                valid_from=s.hire_date,
            )
            for s in staff
        )
        tz = ZoneInfo("Asia/Shanghai")
        sessions = []
        for week in range(12):
            at = datetime.combine(start + timedelta(days=7 * week + 2), datetime.min.time(), tz)
            sessions.append(
                TrainingSession.objects.create(
                    topic=f"bench {week}",
                    trainer="bench",
                    method="internal",
                    starts_at=at + timedelta(hours=9),
                    ends_at=at + timedelta(hours=11),
                    place="bench",
                    hours=Decimal("2.00"),
                )
            )
        Attendee.objects.bulk_create(
            (
                Attendee(
                    session=session,
                    staff=s,
                    attended=True,
                    exam_score=Decimal(50 + (i * 7 + w) % 50),
                    score=Decimal(50 + (i * 7 + w) % 50),
                )
                for i, s in enumerate(staff)
                for w, session in enumerate(sessions)
                if (i + w) % 3 == 0
            ),
            batch_size=5000,
        )
        print(f"set-up: {len(staff)} people added in {time.perf_counter() - t0:.1f} s")

    people = Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER]).count()
    for attempt in ("first roll-up", "second roll-up (idempotent)"):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = appraisal_rollup(label=args.label)
            seconds = time.perf_counter() - t0
        print(
            f"{attempt}: {result.people} people of {people}, {seconds:.2f} s, "
            f"{len(queries.captured_queries)} queries"
        )
    print(
        f"rows: {Appraisal.objects.filter(cycle__label=args.label).count()} appraisals, "
        f"{IndicatorScore.objects.filter(appraisal__cycle__label=args.label).count()} scores, "
        f"{Attendee.objects.count()} training results"
    )


if __name__ == "__main__":
    main()
