"""R-POOL-1's set-based expiry (issue 3): time, statements, and the ratio to a naive loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \\
        .venv/bin/python bench/bench_expire_leads.py --size full

Fills its own leads (phones starting with 19, by INSERT … SELECT generate_series on
PostgreSQL) next to whatever the database holds, measures, and deletes what it made:
  1. `pool_expire_due` over --leads leads of which --due are past protection (median of
     --repeat runs: the moved leads are put back between runs); target under 15 s for
     1,000,000 / 100,000;
  2. on a --sample of due leads, a per-object loop (lock, save, history row per lead, as
     a naive job would do) against the set-based run over another sample of the same
     size, and the ratio (target at least 100x at full size).

Measured on this 2-core machine before the runner existed: 1,000,000 leads, 100,000
due: 4.4 s, 5 statements; sample of 10,000: loop 55.1 s, set-based 0.49 s, ratio 113x.
"""

import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import args_parse, django_setup, figure, log  # noqa: E402

SIZES = {
    "quick": {"leads": 20_000, "due": 2_000, "sample": 300, "repeat": 3},
    "full": {"leads": 1_000_000, "due": 100_000, "sample": 10_000, "repeat": 3},
}
TARGETS = {"quick": (3, 10), "full": (15, 100)}  # (seconds, ratio)

if __name__ == "__main__":
    ARGS = args_parse(__doc__, SIZES)
django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from clients.models import Client, Lead, OwnershipEvent, OwnershipPeriod  # noqa: E402
from clients.services.leads import lead_lapse_if_due  # noqa: E402
from clients.services.pool import pool_expire_due  # noqa: E402
from outreach.models import Role, Staff  # noqa: E402

PREFIX = "19"


def owner() -> Staff:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-canvasser")
    staff, _ = Staff.objects.get_or_create(
        user=user,
        defaults={
            "employee_no": "B0001",
            "name": "bench",
            "phone": "13000000000",
            "role": Role.CANVASSER,
            "hire_date": timezone.localdate(),
        },
    )
    return staff


def fill(start: int, count: int, due: int, staff: Staff, batch: int = 20_000) -> None:
    """`count` leads numbered from `start`; the first `due` are past protection."""
    now = timezone.now()
    past, future = now - timedelta(hours=1), now + timedelta(days=10)
    for offset in range(0, count, batch):
        numbers = range(start + offset, start + min(offset + batch, count))
        clients = Client.objects.bulk_create(
            Client(
                name="b",
                phone=f"{PREFIX}{n:09d}",
                source="flyer",
                registered_at=now,
                last_activity_at=now,
            )
            for n in numbers
        )
        leads = Lead.objects.bulk_create(
            Lead(
                client=c,
                phone=c.phone,
                kind="in_person",
                owner=staff,
                status="active",
                registered_at=now,
                owned_since=now - timedelta(days=20),
                protected_until=past if (n - start) < due else future,
            )
            for c, n in zip(clients, numbers, strict=True)
        )
        OwnershipPeriod.objects.bulk_create(
            OwnershipPeriod(lead=lead, owner=staff, started_at=now, start_reason="registered")
            for lead in leads
        )


def fill_postgres(start: int, count: int, due: int, staff: Staff) -> None:
    """The same rows as `fill`, written by three INSERT … SELECT over generate_series."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO clients_client (created_at, updated_at, kind, name, company_name,
                contact_person, phone, wechat, email, industry, company_size, address, source,
                grade, tags, notes, registered_at, last_activity_at, potential, grade_locked,
                grade_reason)
            SELECT %(now)s, %(now)s, 'person', (ARRAY['张','王','李','赵'])[1 + n %% 4] || n,
                '', '', %(prefix)s || lpad(n::text, 9, '0'), '', '', '', '', '', 'flyer', 'C',
                '', '', %(now)s - n * interval '1 minute', %(now)s - n * interval '1 minute',
                3, false, ''
            FROM generate_series(%(start)s, %(stop)s) AS n
            """,
            {"now": now, "prefix": PREFIX, "start": start, "stop": start + count - 1},
        )
        cursor.execute(
            """
            INSERT INTO clients_lead (created_at, updated_at, client_id, phone, kind, source,
                need, point_text, status, owner_id, registered_at, owned_since, protected_until,
                has_signed_deal, invalid_reason)
            SELECT %(now)s, %(now)s, c.id, c.phone, 'in_person', 'flyer', '', '', 'active',
                %(owner)s, %(now)s, %(now)s - interval '20 days',
                CASE WHEN substr(c.phone, 3)::bigint - %(start)s < %(due)s
                     THEN %(now)s - interval '1 hour' ELSE %(now)s + interval '10 days' END,
                false, ''
            FROM clients_client c
            WHERE c.phone LIKE %(like)s
              AND substr(c.phone, 3)::bigint BETWEEN %(start)s AND %(stop)s
            """,
            {
                "now": now,
                "owner": staff.pk,
                "start": start,
                "stop": start + count - 1,
                "due": due,
                "like": PREFIX + "%",
            },
        )
        cursor.execute(
            """
            UPDATE clients_client c SET current_lead_id = l.id FROM clients_lead l
            WHERE l.client_id = c.id AND c.current_lead_id IS NULL AND c.phone LIKE %(like)s
            """,
            {"like": PREFIX + "%"},
        )
        cursor.execute(
            """
            INSERT INTO clients_ownershipperiod (lead_id, owner_id, started_at, start_reason,
                end_reason)
            SELECT l.id, l.owner_id, l.owned_since, 'registered', '' FROM clients_lead l
            WHERE l.phone LIKE %(like)s AND NOT EXISTS (
                SELECT 1 FROM clients_ownershipperiod p WHERE p.lead_id = l.id)
            """,
            {"like": PREFIX + "%"},
        )


def cleanup() -> None:
    ours = Lead.objects.filter(phone__startswith=PREFIX)
    Client.objects.filter(phone__startswith=PREFIX).update(current_lead=None)
    OwnershipEvent.objects.filter(lead__in=ours)._raw_delete(connection.alias)
    OwnershipPeriod.objects.filter(lead__in=ours)._raw_delete(connection.alias)
    ours._raw_delete(connection.alias)
    Client.objects.filter(phone__startswith=PREFIX)._raw_delete(connection.alias)


def per_object_loop(now) -> int:
    """What a naive job does: one transaction, lock and save per lead."""
    moved = 0
    ids = list(
        Lead.objects.filter(status="active", protected_until__lte=now).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().get(pk=pk)
            moved += lead_lapse_if_due(lead, now)
    return moved


def reset_due(staff: Staff, due: int) -> None:
    """Put the leads the last run expired back in their owner's hands, due again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM clients_ownershipevent WHERE lead_id IN "
            "(SELECT id FROM clients_lead WHERE phone LIKE '19%%' AND status = 'pool')"
        )
        cursor.execute(
            "UPDATE clients_ownershipperiod SET ended_at = NULL, end_reason = '' WHERE lead_id IN"
            " (SELECT id FROM clients_lead WHERE phone LIKE '19%%' AND status = 'pool')"
        )
        cursor.execute(
            "UPDATE clients_lead SET status = 'active', owner_id = %s, pooled_at = NULL,"
            " expiry_run = NULL, previous_owner_id = NULL WHERE phone LIKE '19%%'"
            " AND status = 'pool'",
            [staff.pk],
        )
        cursor.execute("ANALYZE clients_lead")


def main() -> None:
    args = ARGS
    seconds_target, ratio_target = TARGETS[args.size]
    call_command("migrate", verbosity=0)
    cleanup()
    staff = owner()
    log(f"# database: {connection.vendor} {connection.settings_dict['NAME']}")
    postgres = connection.vendor == "postgresql"
    try:
        started = time.perf_counter()
        (fill_postgres if postgres else fill)(0, args.leads, args.due, staff)
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        log(
            f"# filled {args.leads:,} leads ({args.due:,} due) "
            f"in {time.perf_counter() - started:.1f} s"
        )

        timings, moved, statements = [], 0, 0
        for attempt in range(args.repeat):
            if attempt:
                reset_due(staff, args.due)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                moved = pool_expire_due()
                timings.append(time.perf_counter() - started)
            statements = len(queries)
            log(
                f"# run {attempt + 1}: moved {moved:,} in {timings[-1]:.2f} s, "
                f"{statements} statements"
            )
        seconds = round(sorted(timings)[len(timings) // 2], 2)
        figure(f"pool.expire.{args.leads}", seconds, "s", seconds_target)
        figure(f"pool.expire.{args.leads}.moved", moved, "leads", args.due, moved == args.due)
        figure(f"pool.expire.{args.leads}.statements", statements, "queries", None)
        with CaptureQueriesContext(connection) as queries:
            again = pool_expire_due()
        figure("pool.expire.second_run.moved", again, "leads", 0, again == 0)
        cleanup()

        fill(10_000_000, args.sample, args.sample, staff)
        started = time.perf_counter()
        loop_moved = per_object_loop(timezone.now())
        loop_time = time.perf_counter() - started
        cleanup()
        set_timings = []
        for attempt in range(args.repeat):
            fill(20_000_000 + attempt * args.sample, args.sample, args.sample, staff)
            started = time.perf_counter()
            set_moved = pool_expire_due()
            set_timings.append(time.perf_counter() - started)
            cleanup()
        set_time = sorted(set_timings)[len(set_timings) // 2]
        log(
            f"# sample of {args.sample:,}: loop {loop_time:.2f} s ({loop_moved:,} moved), "
            f"set-based {set_time:.3f} s ({set_moved:,} moved)"
        )
        figure(f"pool.expire.sample{args.sample}.loop", round(loop_time, 2), "s", None)
        figure(f"pool.expire.sample{args.sample}.set", round(set_time, 3), "s", None)
        figure(
            f"pool.expire.sample{args.sample}.ratio",
            round(loop_time / set_time, 1),
            "x",
            ratio_target,
            higher_is_better=True,
        )
    finally:
        cleanup()


if __name__ == "__main__":
    main()
