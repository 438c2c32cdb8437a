"""Issue 7 speed: roll up a quarter's appraisals for N people and print the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \
        .venv/bin/python bench/bench_appraisal_rollup.py --size full

Its rows live in a PostgreSQL database of their own next to DATABASE_URL's (`<name>_rollup`,
created and migrated when missing, kept between runs, emptied and built again when the
quarter changes): in the shared bench database, the quarter's visits and deals would be
paid by the payroll bench whenever the payroll month falls in the quarter (an anchor day
in January, April, July or October), and the roll-up would count the data set's people.

`--size full` (the default) is 10,000 people, `quick` 1,000; `--people N` overrides.
The quarter is the bench data set's (bench/dataset.py: the last full quarter before its
anchor day); `--label YYYYQn` overrides.

The quarter's data is the payroll bench's month volume for each of its three months
(per person and month: 10 leads registered, each with a confirmed valid visit, 2 deals
of which some are repeat deals), plus per person a survey a month, a complaint every
other month, an event owned by every fifth person, group targets for every group and
month, and training (12 sessions, a third of the people at each).

Prints one JSON line per figure on stdout — {"name", "value", "unit", "target", "ok"} —
and everything else on stderr. The roll-up must take under 60 s for 10,000 people, in a
number of queries that does not grow with people (pinned in tests/appraisals).

Measured 2026-11-22 (PostgreSQL 15, one container on 2 shared cores at load ~8, 10,000
people, 300,000 visits, 60,000 deals, 30,000 surveys, 15,000 complaints, 2,000 events,
40,000 training results; statistics taken before the roll-up, the first quarter ever):
first roll-up 39.3 s in 32 queries (creating the template and the cycle), the second
38.9 s in 27 queries. Before the scores' array upsert and the join-free results read,
the first took 59 s, and 469 s once the appraisal tables had been analysed empty.
"""

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

SH = ZoneInfo("Asia/Shanghai")
BATCH = 5000


SIZES = {"quick": 1_000, "full": 10_000}


def figure(name: str, value, unit: str, target, ok: bool) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "target": target, "ok": ok}))


def log(message: str) -> None:
    print(message, file=sys.stderr)


def build_people(people: int, start: date) -> None:
    """N canvassers in groups of 100 (every 100th a leader, every 20th a mid-quarter
    joiner) and a quarter of training; skipped for people already there."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from outreach.models import Group, GroupMembership, Role, Staff
    from training.models import Attendee, TrainingSession

    User = get_user_model()
    hired = start.replace(year=start.year - 1)  # a year before the quarter
    have = Staff.objects.filter(employee_no__startswith="B").count()
    if have >= people:
        return
    t0 = time.perf_counter()
    password = make_password("bench-only-password")
    users = User.objects.bulk_create(
        User(username=f"bench{n}", password=password) for n in range(have, people)
    )
    groups = {
        g: Group.objects.get_or_create(code=f"B{g:03d}", defaults={"name": f"bench {g}"})[0]
        for g in range(people // 100 + 1)
    }
    staff = Staff.objects.bulk_create(
        Staff(
            user=user,
            employee_no=f"B{n:06d}",
            name=f"bench{n}",
            phone="13800000000",
            role=Role.LEADER if n % 100 == 0 else Role.CANVASSER,
            # every 20th person joins mid-quarter (pro rata)
            hire_date=start + timedelta(days=40) if n % 20 == 7 else hired,
        )
        for n, user in zip(range(have, people), users, strict=True)
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
    sessions = []
    for week in range(12):
        at = datetime.combine(start + timedelta(days=7 * week + 2), datetime.min.time(), SH)
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
        batch_size=BATCH,
    )
    log(f"set-up: {len(staff)} people added in {time.perf_counter() - t0:.1f} s")


def build_facts(start: date) -> None:
    """The quarter's clients, visits, deals, surveys, complaints, events and group
    targets for everyone (once per quarter: skipped when its leads are there)."""
    from django.db import transaction

    from campaigns.models import Campaign, CampaignStatus
    from clients.models import (
        Client,
        Complaint,
        Deal,
        Feedback,
        Lead,
        OwnershipEvent,
        OwnershipPeriod,
        Visit,
    )
    from outreach.models import Group, Staff
    from payroll.models import Target

    prefix = f"17{start:%m}"  # one phone range per quarter's first month
    if Lead.objects.filter(phone__startswith=prefix).exists():
        return
    t0 = time.perf_counter()
    staff = list(Staff.objects.filter(employee_no__startswith="B").order_by("employee_no"))
    people = len(staff)
    months = [start, date(start.year, start.month + 1, 1), date(start.year, start.month + 2, 1)]
    days = [start + timedelta(days=d) for d in range(90)]
    per_person = 30  # 10 a month
    n_leads = people * per_person
    with transaction.atomic():
        owners = [staff[i % people] for i in range(n_leads)]
        registered = [
            datetime.combine(max(days[i % 90], owners[i].hire_date), clock(9), SH)
            for i in range(n_leads)
        ]
        Client.objects.bulk_create(
            (
                Client(
                    name=f"客户{i}",
                    phone=f"{prefix}{i:07d}",
                    source="flyer",
                    registered_at=registered[i],
                    last_activity_at=registered[i],
                )
                for i in range(n_leads)
            ),
            batch_size=BATCH,
        )
        clients = list(
            Client.objects.filter(phone__startswith=prefix)
            .order_by("phone")
            .values_list("pk", "phone")
        )
        Lead.objects.bulk_create(
            (
                Lead(
                    client_id=cid,
                    phone=phone,
                    kind="phone" if i % 3 == 0 else "in_person",
                    source="flyer",
                    status="active",
                    owner=owners[i],
                    registered_at=registered[i],
                    registered_by=owners[i],
                    owned_since=registered[i],
                    protected_until=None,
                    has_signed_deal=True,
                )
                for i, (cid, phone) in enumerate(clients)
            ),
            batch_size=BATCH,
        )
        leads = list(
            Lead.objects.filter(phone__startswith=prefix)
            .order_by("phone")
            .values_list("pk", "client_id", "owner_id")
        )
        OwnershipPeriod.objects.bulk_create(
            (
                OwnershipPeriod(
                    lead_id=lid, owner_id=oid, started_at=registered[i], start_reason="registered"
                )
                for i, (lid, _c, oid) in enumerate(leads)
            ),
            batch_size=BATCH,
        )
        OwnershipEvent.objects.bulk_create(
            (
                OwnershipEvent(lead_id=lid, kind="registered", to_staff_id=oid, at=registered[i])
                for i, (lid, _c, oid) in enumerate(leads)
            ),
            batch_size=BATCH,
        )
        periods = dict(
            OwnershipPeriod.objects.filter(lead__phone__startswith=prefix).values_list(
                "lead_id", "pk"
            )
        )
        consultant = staff[0]
        Visit.objects.bulk_create(
            (
                Visit(
                    lead_id=lid,
                    brought_by_id=oid,
                    arrived_at=registered[i] + timedelta(hours=5),
                    state="ended",
                    consultant=consultant,
                    confirmed_at=registered[i] + timedelta(hours=6),
                    period_id=periods[lid],
                    credited_staff_id=oid,
                )
                for i, (lid, _c, oid) in enumerate(leads)
            ),
            batch_size=BATCH,
        )
        # 2 deals a person a month; every fourth lead with a deal gets a second one
        # (a repeat deal).
        n_deals = people * 6
        Deal.objects.bulk_create(
            (
                Deal(
                    lead_id=leads[i % (n_deals * 3 // 4)][0],
                    project="基准",
                    units=1 + i % 2,
                    amount=Decimal(800_000 + 1_000 * (i % 500)),
                    signed_on=(registered[i % (n_deals * 3 // 4)] + timedelta(days=1)).date(),
                    first_payment_on=(
                        registered[i % (n_deals * 3 // 4)] + timedelta(days=3)
                    ).date(),
                    credited_staff_id=leads[i % (n_deals * 3 // 4)][2],
                )
                for i in range(n_deals)
            ),
            batch_size=BATCH,
        )
        Feedback.objects.bulk_create(
            (
                Feedback(
                    client_id=leads[i][1],
                    at=registered[i] + timedelta(days=2),
                    score=1 + i % 5,
                )
                for i in range(people * 3)
            ),
            batch_size=BATCH,
        )
        Complaint.objects.bulk_create(
            (
                Complaint(
                    client_id=leads[i][1],
                    received_at=registered[i] + timedelta(days=1),
                    summary="bench",
                    reply_due_at=registered[i] + timedelta(days=2),
                    replied_at=registered[i] + timedelta(days=1, hours=3 + 30 * (i % 4 == 0)),
                )
                for i in range(people * 3 // 2)
            ),
            batch_size=BATCH,
        )
        Campaign.objects.bulk_create(
            (
                Campaign(
                    theme=f"bench {i}",
                    kind="tasting",
                    starts_at=datetime.combine(days[i % 90], clock(14), SH),
                    owner=staff[(i * 5) % people],
                    status=(
                        CampaignStatus.FINISHED,
                        CampaignStatus.REVIEWED,
                        CampaignStatus.CANCELLED,
                    )[i % 3],
                )
                for i in range(people // 5)
            ),
            batch_size=BATCH,
        )
        Target.objects.bulk_create(
            (
                Target(month=m, group=g, conversions=300, visits=900, deals=200, status="approved")
                for g in Group.objects.filter(code__startswith="B")
                for m in months
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    log(
        f"set-up: {n_leads} leads and visits, {n_deals} deals, {people * 3} surveys, "
        f"{people * 3 // 2} complaints, {people // 5} events in {time.perf_counter() - t0:.1f} s"
    )


def database_use_own() -> None:
    """Switch to this bench's own database, `<name>_rollup` (see the module docstring);
    created and migrated when missing, its rows kept."""
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_rollup"
    connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
    log(f"# database {connection.settings_dict['NAME']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--people", type=int, default=None, help="overrides --size")
    parser.add_argument("--label", help="the quarter, YYYYQn (default: the data set's)")
    args = parser.parse_args()
    label = args.label or dataset.dataset_of(args.size).calendar.quarter
    wanted = args.people or SIZES[args.size]

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from appraisals.models import Appraisal, IndicatorScore
    from appraisals.periods import period_of
    from appraisals.rollup import appraisal_rollup
    from clients.models import Deal, Visit
    from outreach.models import Group, Role, Staff
    from training.models import Attendee

    database_use_own()
    _kind, start, _end = period_of(label)
    marker = f"RX{label}"
    dataset.database_holds(marker, family="RX")  # emptied when it holds another quarter
    build_people(wanted, start)
    build_facts(start)
    Group.objects.get_or_create(code=marker, defaults={"name": f"roll-up bench {label}"})
    if connection.vendor == "postgresql":
        # Fresh bulk loads have no planner statistics until autovacuum gets to them; a
        # live database has them. Without them PostgreSQL nests loops over seq scans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    people = Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER]).count()
    limit = 60  # seconds, the bound for 10,000 people
    figures = []
    for key, attempt in (("first", "first roll-up"), ("second", "second roll-up (idempotent)")):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = appraisal_rollup(label=label)
            seconds = round(time.perf_counter() - t0, 2)
        statements = len(queries.captured_queries)
        log(f"{attempt}: {result.people} people of {people}, {seconds:.2f} s, {statements} queries")
        figures.append((key, seconds, statements, result.people))
    log(
        f"rows (all cycles): {Appraisal.objects.count()} appraisals, "
        f"{IndicatorScore.objects.count()} scores, "
        f"{Visit.objects.count()} visits, {Deal.objects.count()} deals, "
        f"{Attendee.objects.count()} training results"
    )
    for key, seconds, statements, appraised in figures:
        ok = seconds < limit
        figure(f"appraisal.rollup.{key}.{appraised}", seconds, "s", limit, ok)
        figure(f"appraisal.rollup.{key}.{appraised}.statements", statements, "queries", None, True)


if __name__ == "__main__":
    main()
