"""Payroll at scale (issue 6): one month for N people, calculated and exported.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \\
        .venv/bin/python bench/bench_payroll.py --people 10000

Builds (once, with bulk inserts and one password hash) N paid people in groups of 20,
a month of roster and check-ins, 10 valid visits and 2 deals per 1,000 … scaled to the
issue's figures (10,000 people → ~220,000 roster rows + ~200,000 check-ins, 100,000
visits, 20,000 deals, 20,000 violations), then prints one JSON line per figure:
{"name", "value", "unit", "target", "ok"}. Figures are medians of --repeat runs.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from attendance.defaults import defaults_ensure  # noqa: E402
from attendance.models import (  # noqa: E402
    DayRecord,
    RosterEntry,
    RulebookAcknowledgement,
    RulebookVersion,
    Shift,
    Violation,
    ViolationRule,
)
from clients.models import Client, Deal, Lead, OwnershipPeriod, Visit  # noqa: E402
from outreach.models import Group, GroupMembership, Role, Staff, WageKind, WageScheme  # noqa: E402
from payroll.models import Target  # noqa: E402
from payroll.services import payroll_run_calculate  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
PREFIX = "bench"
BATCH = 5000


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, clock(hh, mm), tzinfo=SH)


def working_days() -> list[date]:
    days = [MONTH + timedelta(days=i) for i in range(31)]
    return [d for d in days if d.weekday() < 5]


def build(people: int) -> None:
    """Bulk-insert the month; skipped when the data set is already there."""
    if Staff.objects.filter(employee_no=f"B{people:06d}").exists():
        return
    started = time.perf_counter()
    defaults_ensure()
    users = get_user_model().objects
    password = make_password("bench-password-1")  # one hash for everyone
    with transaction.atomic():
        users.bulk_create(
            [
                get_user_model()(username=f"{PREFIX}{i}", password=password)
                for i in range(1, people + 1)
            ],
            batch_size=BATCH,
        )
        ids = dict(users.filter(username__startswith=PREFIX).values_list("username", "pk"))
        staff = Staff.objects.bulk_create(
            [
                Staff(
                    user_id=ids[f"{PREFIX}{i}"],
                    employee_no=f"B{i:06d}",
                    name=f"员工{i}",
                    phone=f"13{i:09d}"[:11],
                    role=Role.LEADER if i % 20 == 1 else Role.CANVASSER,
                    hire_date=date(2025, 1, 1),
                )
                for i in range(1, people + 1)
            ],
            batch_size=BATCH,
        )
        WageScheme.objects.bulk_create(
            [
                WageScheme(
                    staff=s,
                    kind=WageKind.MONTHLY,
                    amount=Decimal("2800"),
                    effective_from=date(2025, 1, 1),
                )
                if s.role == Role.LEADER
                else WageScheme(
                    staff=s,
                    kind=WageKind.DAILY,
                    amount=Decimal("60"),
                    effective_from=date(2025, 1, 1),
                )
                for s in staff
            ],
            batch_size=BATCH,
        )
        groups = Group.objects.bulk_create(
            [Group(code=f"B{g:04d}", name=f"基准{g}组") for g in range(people // 20 + 1)]
        )
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(
                    staff=s,
                    group=groups[i // 20],
                    is_leader=i % 20 == 0,
                    valid_from=date(2025, 1, 1),
                )
                for i, s in enumerate(staff)
            ],
            batch_size=BATCH,
        )
        Target.objects.bulk_create(
            [
                Target(month=MONTH, staff=s, conversions=3, visits=10, deals=2, status="approved")
                for s in staff
            ],
            batch_size=BATCH,
        )
        shift = Shift.objects.get(is_default=True)
        days = working_days()
        RosterEntry.objects.bulk_create(
            (RosterEntry(staff=s, day=d, shift=shift) for s in staff for d in days),
            batch_size=BATCH,
        )
        DayRecord.objects.bulk_create(
            (DayRecord(staff=s, day=d, check_in_at=at(d, 8, 50)) for s in staff for d in days[:-2]),
            batch_size=BATCH,
        )
        version = RulebookVersion.objects.get(number=1)
        RulebookAcknowledgement.objects.bulk_create(
            [
                RulebookAcknowledgement(
                    version=version, staff=s, acknowledged_at=at(date(2025, 1, 1), 9)
                )
                for s in staff
            ],
            batch_size=BATCH,
        )
        dress = ViolationRule.objects.get(version=version, code="DRESS")
        Violation.objects.bulk_create(
            (
                Violation(
                    staff=staff[i % people],
                    rule=dress,
                    version=version,
                    code="DRESS",
                    occurred_at=at(days[i % len(days)], 11),
                    amount=Decimal("10"),
                    leader_amount=Decimal("0"),
                )
                for i in range(people * 2)
            ),
            batch_size=BATCH,
        )
        visits = people * 10
        now = at(MONTH, 9)
        Client.objects.bulk_create(
            (
                Client(
                    name=f"客户{i}",
                    phone=f"15{i:09d}",
                    source="flyer",
                    registered_at=now,
                    last_activity_at=now,
                )
                for i in range(visits)
            ),
            batch_size=BATCH,
        )
        clients = list(
            Client.objects.filter(phone__startswith="15").order_by("pk").values_list("pk", "phone")
        )
        Lead.objects.bulk_create(
            (
                Lead(
                    client_id=cid,
                    phone=phone,
                    kind="phone" if i % 3 == 0 else "in_person",
                    source="flyer",
                    status="active",
                    owner=staff[i % people],
                    registered_at=now,
                    owned_since=now,
                    protected_until=now + timedelta(days=30),
                )
                for i, (cid, phone) in enumerate(clients)
            ),
            batch_size=BATCH,
        )
        leads = list(
            Lead.objects.filter(phone__startswith="15").order_by("pk").values_list("pk", "owner_id")
        )
        OwnershipPeriod.objects.bulk_create(
            (
                OwnershipPeriod(
                    lead_id=lid, owner_id=oid, started_at=now, start_reason="registered"
                )
                for lid, oid in leads
            ),
            batch_size=BATCH,
        )
        periods = dict(
            OwnershipPeriod.objects.filter(lead_id__in=[lid for lid, _o in leads]).values_list(
                "lead_id", "pk"
            )
        )
        consultant = staff[0]
        Visit.objects.bulk_create(
            (
                Visit(
                    lead_id=lid,
                    brought_by_id=oid,
                    arrived_at=at(days[i % len(days)], 14),
                    state="ended",
                    consultant=consultant,
                    confirmed_at=at(days[i % len(days)], 15),
                    period_id=periods[lid],
                    credited_staff_id=oid,
                )
                for i, (lid, oid) in enumerate(leads)
            ),
            batch_size=BATCH,
        )
        Deal.objects.bulk_create(
            (
                Deal(
                    lead_id=lid,
                    project="基准",
                    units=1,
                    amount=Decimal("1000000"),
                    signed_on=days[i % len(days)],
                    first_payment_on=days[i % len(days)],
                    credited_staff_id=oid,
                )
                for i, (lid, oid) in enumerate(leads[: people * 2])
            ),
            batch_size=BATCH,
        )
    print(f"# built {people} people in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def figure(name, value, unit, target, ok):
    print(json.dumps({"name": name, "value": value, "unit": unit, "target": target, "ok": ok}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build(args.people)
    rows = {
        "roster": RosterEntry.objects.count(),
        "check-ins": DayRecord.objects.count(),
        "visits": Visit.objects.count(),
        "deals": Deal.objects.count(),
        "violations": Violation.objects.count(),
    }
    print(f"# data: {rows}", file=sys.stderr)
    timings, statements = [], 0
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run = payroll_run_calculate(month=MONTH)
            timings.append(time.perf_counter() - started)
        statements = len(queries)
    seconds = round(statistics.median(timings), 2)
    figure(f"payroll.calculate.{args.people}", seconds, "s", 30, seconds < 30)
    figure(f"payroll.calculate.{args.people}.statements", statements, "queries", None, True)
    figure("payroll.payslips", run.payslips.count(), "rows", args.people, True)

    out = Path(tempfile.gettempdir()) / f"payroll-bench-{os.getpid()}.xlsx"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "export_payroll",
            f"{MONTH:%Y-%m}",
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )
    export_seconds = round(time.perf_counter() - started, 2)
    peak_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    figure(f"payroll.export.{args.people}", export_seconds, "s", 30, export_seconds < 30)
    figure(f"payroll.export.{args.people}.peak_rss", peak_mb, "MB", 300, peak_mb < 300)
    out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
