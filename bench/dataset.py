"""The shared large data set of `make bench` (PostgreSQL only), built once per database.

    full:  10,000 staff (500 groups of 20, one wage scheme, target and rulebook
           acknowledgement each), a year of roster and check-ins (~2.6 M rows each),
           1,000,000 clients and leads (with their ownership periods), 100,000 visits a
           month (1.2 M), 20,000 deals and 20,000 violations in the payroll month.
    quick: 200 staff, two months, 20,000 clients and leads, 2,000 visits a month, 400
           deals, 400 violations.

People are created with bulk inserts and ONE password hash reused for all of them; the
big tables are filled by `INSERT … SELECT … FROM generate_series` inside PostgreSQL, so
no row travels through Python. Columns a statement does not name get the model field's
default (see `bulk_sql.insert_select`), so a new NOT NULL field with a default does not break it.

Why here and not in `seed_demo --scale`: the demo goes through the services, so every
row is what the app would have written (and its users can log in with known passwords);
these rows are written in bulk SQL behind the services' back, shaped only for the
measurements, and need PostgreSQL. Mixing the two would make the demo either slow or
not trustworthy.

Every date is relative to an *anchor day* (`anchor_day`: `--anchor`, else the
OUTREACH_ANCHOR_DAY environment variable, else today in the team's time zone), through
one function, `calendar_of`: the payroll month is the last full month before the anchor,
the appraisal quarter the last full quarter before it, and no lead is due at it. So the
figures mean the same on any day of the year, and an anchor given twice gives the same
rows (reproducible figures).

Scripts call `ensure(size)` and get a `Dataset` describing what is there; `build` is
skipped when the marker group of that size and anchor exists. A data set of another
size or anchor is never reused: the database is emptied and built again. Use a database
of its own (`make bench` uses outreach_bench, `make bench-quick` outreach_bench_quick).
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from zoneinfo import ZoneInfo

from bulk_sql import insert_select

SH = ZoneInfo("Asia/Shanghai")  # the team's time zone (settings.TIME_ZONE)
ANCHOR_ENV = "OUTREACH_ANCHOR_DAY"
PROTECTION = timedelta(days=30)  # the leads' protection runs this long past the anchor
PASSWORD = "bench-password-1"  # noqa: S105 - every bench user's password (load test logs in with it)
USER_PREFIX = "bs"
EMPLOYEE_PREFIX = "S"
BATCH = 5000

SIZES = {
    "full": {
        "staff": 10_000,
        "clients": 1_000_000,
        "months": 12,
        "visits_per_month": 100_000,
        "deals": 20_000,
        "violations": 20_000,
    },
    "quick": {
        "staff": 200,
        "clients": 20_000,
        "months": 2,
        "visits_per_month": 2_000,
        "deals": 400,
        "violations": 400,
    },
}


def anchor_day(text: str | None = None) -> date:
    """The day a data set is built around: `text` (a script's `--anchor`), else the
    OUTREACH_ANCHOR_DAY environment variable, else today in the team's time zone (the
    team's day starts at midnight in Shanghai, not in UTC)."""
    text = text or os.environ.get(ANCHOR_ENV)
    if not text:
        return datetime.now(SH).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day: write the anchor as YYYY-MM-DD") from None


def _month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Calendar:
    """The dates a data set is built around, all derived from its anchor day."""

    anchor: date
    month: date  # the payroll month (its first day): the last full month before the anchor
    month_end: date
    first_day: date  # the data set's first day: its `months` months end with the payroll month
    quarter: str  # the appraisal quarter, the last full one before the anchor: "2026Q3"
    quarter_start: date

    @property
    def protected_until(self) -> datetime:
        """Every lead's protection: none is due at the anchor (a test makes some due)."""
        return datetime.combine(self.anchor + PROTECTION, clock(0), tzinfo=SH)

    @property
    def hired(self) -> date:
        """Everyone's hire day: before the data set and the whole quarter, so that
        payroll and the roll-up see full months and full quarters at any anchor."""
        return min(self.first_day, self.quarter_start) - timedelta(days=30)


def calendar_of(anchor: date, months: int = 1) -> Calendar:
    """The one place that maps an anchor day to the periods a data set is about.

    The payroll month is the last *full* month before the anchor (2026-12-05 →
    November; 2027-03-31 → February: March is not over yet), and the quarter the last
    full quarter before it (2027-01-01 → 2026Q4, the label `appraisals.periods`
    reads). Both are over at the anchor, as they are when the team runs them for real.
    """
    month = _month_start(anchor, back=1)
    quarter_start = _month_start(anchor, back=(anchor.month - 1) % 3 + 3)
    return Calendar(
        anchor=anchor,
        month=month,
        month_end=_month_start(anchor) - timedelta(days=1),
        first_day=_month_start(month, back=months - 1),
        quarter=f"{quarter_start.year}Q{(quarter_start.month - 1) // 3 + 1}",
        quarter_start=quarter_start,
    )


@dataclass(frozen=True)
class Dataset:
    size: str
    staff: int
    clients: int
    months: int
    visits_per_month: int
    deals: int
    violations: int
    calendar: Calendar

    @property
    def month(self) -> date:
        return self.calendar.month

    @property
    def first_day(self) -> date:
        return self.calendar.first_day

    @property
    def marker(self) -> str:
        """The code of the group that says this data set is there: its size and anchor
        (a group code has at most 10 characters: BXq-261205)."""
        return f"BX{self.size[0]}-{self.calendar.anchor:%y%m%d}"


def dataset_of(size: str, anchor: date | None = None) -> Dataset:
    spec = SIZES[size]
    calendar = calendar_of(anchor or anchor_day(), spec["months"])
    return Dataset(size=size, calendar=calendar, **spec)


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, clock(hh, mm), tzinfo=SH)


def _replica_mode() -> None:
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        _log("# not a superuser: foreign keys are checked at COMMIT (slower)")


def ensure(size: str, anchor: date | None = None) -> Dataset:
    """Build the data set of `size` and `anchor` unless it is there; return its
    description. A data set of another size or anchor is not reused (its figures would
    mean something else): the database is emptied first."""
    data = dataset_of(size, anchor)
    if not database_holds(data.marker, family="BX"):
        build(data)
    return data


def database_holds(marker: str, *, family: str) -> bool:
    """Whether the database holds the rows marked by the group `marker`. When it holds
    another of the same `family` (a data set of another size or anchor) it is emptied,
    with a line saying so: those rows would make the figures mean something else.

    `flush` empties every table; the reference rows (roles, the default shift and
    rulebook, the pay policy, the appraisal template…) come back from the apps'
    post_migrate handlers, which it runs, and from `defaults_ensure` in `build`."""
    from django.core.management import call_command

    from outreach.models import Group

    found = set(Group.objects.filter(code__startswith=family).values_list("code", flat=True))
    if marker in found:
        return True
    if found:
        _log(
            f"# the database holds {', '.join(sorted(found))}, not {marker}:"
            " emptying it to build again"
        )
        call_command("flush", interactive=False, verbosity=0)
    return False


def build(data: Dataset) -> None:  # noqa: PLR0915 - one straight line of inserts
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from attendance.defaults import defaults_ensure
    from attendance.models import (
        DayRecord,
        RosterEntry,
        RulebookAcknowledgement,
        RulebookVersion,
        Shift,
        Violation,
        ViolationRule,
    )
    from clients.models import Client, Deal, Lead, OwnershipPeriod, Visit
    from outreach.models import Group, GroupMembership, Role, Staff, WageKind, WageScheme
    from payroll.models import Target

    if connection.vendor != "postgresql":
        raise SystemExit("the bench data set needs PostgreSQL (DATABASE_URL=postgres://…)")
    started = time.perf_counter()
    calendar = data.calendar
    _log(
        f"# building the {data.size} data set ({data.staff:,} staff, {data.clients:,} clients;"
        f" anchor {calendar.anchor}, payroll month {calendar.month:%Y-%m},"
        f" quarter {calendar.quarter})"
    )
    defaults_ensure()
    User = get_user_model()
    password = make_password(PASSWORD)  # one hash, reused by every bench user
    n = data.staff
    hired = calendar.hired
    with transaction.atomic():
        # The rows are consistent by construction: skip the per-row foreign-key triggers
        # (Django's constraints are deferred, so they would all run at COMMIT, about as
        # long as the inserts themselves at full size). Needs a superuser; without one the
        # build is only slower.
        _replica_mode()
        User.objects.bulk_create(
            (User(username=f"{USER_PREFIX}{i}", password=password) for i in range(1, n + 1)),
            batch_size=BATCH,
        )
        ids = dict(
            User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "pk")
        )

        def role_of(i: int) -> str:
            if i % 20 == 1:
                return Role.LEADER
            if i % 100 == 2:
                return Role.CONSULTANT
            if i == 3:
                return Role.MANAGER
            return Role.CANVASSER

        staff = Staff.objects.bulk_create(
            (
                Staff(
                    user_id=ids[f"{USER_PREFIX}{i}"],
                    employee_no=f"{EMPLOYEE_PREFIX}{i:06d}",
                    name=f"员工{i}",
                    phone=f"14{i:09d}",
                    role=role_of(i),
                    hire_date=hired,
                )
                for i in range(1, n + 1)
            ),
            batch_size=BATCH,
        )
        WageScheme.objects.bulk_create(
            (
                WageScheme(
                    staff=s,
                    kind=WageKind.MONTHLY if s.role != Role.CANVASSER else WageKind.DAILY,
                    amount=Decimal("2800") if s.role != Role.CANVASSER else Decimal("60"),
                    effective_from=hired,
                )
                for s in staff
            ),
            batch_size=BATCH,
        )
        groups = Group.objects.bulk_create(
            [Group(code=f"BG{g:04d}", name=f"基准{g}组") for g in range((n + 19) // 20)]
        )
        GroupMembership.objects.bulk_create(
            (
                GroupMembership(
                    staff=s, group=groups[i // 20], is_leader=i % 20 == 0, valid_from=hired
                )
                for i, s in enumerate(staff)
            ),
            batch_size=BATCH,
        )
        Target.objects.bulk_create(
            (
                Target(
                    month=data.month,
                    staff=s,
                    conversions=3,
                    visits=10,
                    deals=2,
                    status="approved",
                )
                for s in staff
                if s.role in (Role.CANVASSER, Role.LEADER)
            ),
            batch_size=BATCH,
        )
        version = RulebookVersion.objects.get(number=1)
        RulebookAcknowledgement.objects.bulk_create(
            (
                RulebookAcknowledgement(version=version, staff=s, acknowledged_at=_at(hired, 9))
                for s in staff
            ),
            batch_size=BATCH,
        )
        # Each role's permission group (what role_sync does, in one insert).
        from django.contrib.auth.models import Group as AuthGroup

        auth = {role: AuthGroup.objects.get_or_create(name=role)[0] for role in Role.values}
        User.groups.through.objects.bulk_create(
            (User.groups.through(user_id=s.user_id, group_id=auth[s.role].pk) for s in staff),
            batch_size=BATCH,
        )
        first_id, last_id = staff[0].pk, staff[-1].pk
        shift = Shift.objects.get(is_default=True)
        params = {
            "first": data.first_day,
            "last": calendar.month_end,
            "lo": first_id,
            "hi": last_id,
            "shift": shift.pk,
            "n": n,
        }
        staff_days = (
            "FROM outreach_staff s CROSS JOIN generate_series(%(first)s::date, %(last)s::date,"
            " interval '1 day') AS d WHERE s.id BETWEEN %(lo)s AND %(hi)s"
            " AND extract(isodow FROM d) < 6"
        )
        insert_select(
            RosterEntry,
            {"staff_id": "s.id", "day": "d::date", "shift_id": "%(shift)s"},
            staff_days,
            params,
        )
        insert_select(
            DayRecord,
            {
                "staff_id": "s.id",
                "day": "d::date",
                "check_in_at": "(d::date + time '08:50') AT TIME ZONE 'Asia/Shanghai'",
                "check_out_at": "(d::date + time '17:40') AT TIME ZONE 'Asia/Shanghai'",
                "is_late": "(s.id + extract(doy FROM d)::int) %% 23 = 0",
            },
            staff_days + " AND (s.id + extract(doy FROM d)::int) %% 29 <> 0",
            params,
        )
        # Clients and leads: phones 16xxxxxxxxx, owners spread over canvassers.
        span = (calendar.month_end - data.first_day).days + 1
        params.update(
            {
                "clients": data.clients,
                "span_min": span * 24 * 60,
                "protected": calendar.protected_until,
            }
        )
        insert_select(
            Client,
            {
                "name": "(ARRAY['张','王','李','赵','陈','刘'])[1 + g %% 6] || g",
                "phone": "'16' || lpad(g::text, 9, '0')",
                "source": "'flyer'",
                "registered_at": "%(first)s::date + (g %% %(span_min)s) * interval '1 minute'",
                "last_activity_at": "%(first)s::date + (g %% %(span_min)s) * interval '1 minute'",
            },
            "FROM generate_series(1, %(clients)s) AS g",
            params,
        )
        insert_select(
            Lead,
            {
                "client_id": "c.id",
                "phone": "c.phone",
                "kind": "CASE WHEN c.id %% 3 = 0 THEN 'phone' ELSE 'in_person' END",
                "source": "'flyer'",
                "status": "'active'",
                "owner_id": "%(lo)s + (c.id %% %(n)s)",
                "registered_by_id": "%(lo)s + (c.id %% %(n)s)",
                "registered_at": "c.registered_at",
                "owned_since": "c.registered_at",
                "protected_until": "%(protected)s",
            },
            "FROM clients_client c WHERE c.phone LIKE '16%%'",
            params,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE clients_client c SET current_lead_id = l.id FROM clients_lead l "
                "WHERE l.client_id = c.id AND c.phone LIKE '16%%'"
            )
        insert_select(
            OwnershipPeriod,
            {
                "lead_id": "l.id",
                "owner_id": "l.owner_id",
                "started_at": "l.owned_since",
                "start_reason": "'registered'",
            },
            "FROM clients_lead l WHERE l.phone LIKE '16%%'",
            params,
        )
        consultant = next(s for s in staff if s.role == Role.CONSULTANT)
        with connection.cursor() as cursor:  # the leads' ids are one contiguous run
            cursor.execute("SELECT min(id) FROM clients_lead WHERE phone LIKE '16%%'")
            params["first_lead"] = cursor.fetchone()[0]
        params.update(
            {
                "consultant": consultant.pk,
                "per_month": data.visits_per_month,
                "months": data.months,
                "month": data.month,
            }
        )
        # Visits: per month, `per_month` leads (cycling through all) visit on a weekday.
        insert_select(
            Visit,
            {
                "lead_id": "l.id",
                "brought_by_id": "l.owner_id",
                "credited_staff_id": "l.owner_id",
                "period_id": "p.id",
                "consultant_id": "%(consultant)s",
                "state": "'ended'",
                "arrived_at": "(m.start + ((g %% 20) * 7 / 5) * interval '1 day'"
                " + interval '14 hours') AT TIME ZONE 'Asia/Shanghai'",
                "confirmed_at": "(m.start + ((g %% 20) * 7 / 5) * interval '1 day'"
                " + interval '15 hours') AT TIME ZONE 'Asia/Shanghai'",
                "reception_ended_at": "(m.start + ((g %% 20) * 7 / 5) * interval '1 day'"
                " + interval '15 hours') AT TIME ZONE 'Asia/Shanghai'",
            },
            "FROM generate_series(0, %(months)s - 1) AS k"
            " CROSS JOIN LATERAL (SELECT (%(month)s::date - k * interval '1 month')::timestamp"
            " AS start) m"
            " CROSS JOIN generate_series(1, %(per_month)s) AS g"
            " JOIN clients_lead l ON l.id = %(first_lead)s + (k * %(per_month)s + g) %% %(clients)s"
            " JOIN clients_ownershipperiod p ON p.lead_id = l.id",
            params,
        )
        params.update({"deals": data.deals, "violations": data.violations})
        insert_select(
            Deal,
            {
                "lead_id": "l.id",
                "credited_staff_id": "l.owner_id",
                "consultant_id": "%(consultant)s",
                "project": "'基准'",
                "units": "1",
                "amount": "1000000",
                "signed_on": "%(month)s::date + (g %% 28)",
                "first_payment_on": "%(month)s::date + (g %% 28)",
            },
            "FROM generate_series(1, %(deals)s) AS g"
            " JOIN clients_lead l ON l.phone = '16' || lpad(g::text, 9, '0')",
            params,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE clients_lead SET has_signed_deal = true WHERE id IN "
                "(SELECT lead_id FROM clients_deal)"
            )
        dress = ViolationRule.objects.get(version=version, code="DRESS")
        params.update({"rule": dress.pk, "version": version.pk})
        insert_select(
            Violation,
            {
                "staff_id": "%(lo)s + (g %% %(n)s)",
                "rule_id": "%(rule)s",
                "version_id": "%(version)s",
                "code": "'DRESS'",
                "occurred_at": "(%(month)s::date + (g %% 28) + time '11:00')"
                " AT TIME ZONE 'Asia/Shanghai'",
                "amount": "10",
                "leader_amount": "0",
            },
            "FROM generate_series(1, %(violations)s) AS g",
            params,
        )
        Group.objects.create(
            code=data.marker, name=f"bench data set {data.size}, anchor {calendar.anchor}"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _log(f"# built the {data.size} data set in {time.perf_counter() - started:.0f} s")


def counts() -> dict[str, int]:
    from django.db import connection

    tables = [
        "outreach_staff",
        "attendance_rosterentry",
        "attendance_dayrecord",
        "clients_client",
        "clients_lead",
        "clients_visit",
        "clients_deal",
        "attendance_violation",
    ]
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            out[table] = cursor.fetchone()[0]
    return out


if __name__ == "__main__":
    # python bench/dataset.py [quick|full] [--anchor YYYY-MM-DD]: build (or find) the data
    # set and print counts.
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    from common import django_setup, figure

    parser = argparse.ArgumentParser(description="Build (or find) the bench data set.")
    parser.add_argument("size", nargs="?", choices=sorted(SIZES), default="quick")
    parser.add_argument(
        "--anchor", help=f"the anchor day, YYYY-MM-DD (default: {ANCHOR_ENV} or today)"
    )
    args = parser.parse_args()
    size = args.size
    django_setup()
    t0 = time.perf_counter()
    ensure(size, anchor_day(args.anchor))
    figure(f"dataset.{size}.build", round(time.perf_counter() - t0, 1), "s", None)
    for table, count in counts().items():
        figure(f"dataset.{size}.{table}", count, "rows", None)
