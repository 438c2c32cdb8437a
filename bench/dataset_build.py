"""Building the bench data set (bench/dataset.py): bulk inserts for the people and
`INSERT … SELECT … FROM generate_series` for the big tables, then `counts` of what is
there. `dataset.ensure` calls `build` when the database does not hold the data set."""

import time
from decimal import Decimal

from bulk_sql import insert_select
from dataset_shape import (
    BATCH,
    EMPLOYEE_PREFIX,
    PASSWORD,
    USER_PREFIX,
    Dataset,
    _at,
    _log,
)


def _replica_mode() -> None:
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        _log("# not a superuser: foreign keys are checked at COMMIT (slower)")


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
