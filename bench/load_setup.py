"""Prepare the load test's day in DATABASE_URL; print the users as JSON on stdout.

    DATABASE_URL=postgres://…/outreach_load .venv/bin/python bench/load_setup.py

Builds the quick bench data set (bench/dataset.py) once, then resets "today": the
chosen canvassers are rostered for today with no check-in and no report, the leads and
visits of earlier load runs are removed, and each consultant gets visitors waiting for
confirmation. Every bench user's password is dataset.PASSWORD.
"""

import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import args_parse, django_setup, figure, log  # noqa: E402

LOAD_PHONE_PREFIX = "17"  # phones the load test registers
VISIT_NOTE = "load test"


def main() -> None:
    args = args_parse(
        __doc__,
        {
            "quick": {"canvassers": 20, "visits": 100},
            "full": {"canvassers": 100, "visits": 400},
        },
        extra=lambda parser: parser.add_argument("--out", required=True),
    )
    django_setup()
    import dataset
    from django.db import connection, transaction
    from django.utils import timezone

    from attendance.models import DayRecord, RosterEntry, Shift, Violation
    from campaigns.models import DailyReport
    from clients.models import Client, Lead, OwnershipEvent, OwnershipPeriod, Visit
    from outreach.dates import today
    from outreach.models import Role, Staff

    dataset.ensure("quick")
    day = today()
    prefix = dataset.EMPLOYEE_PREFIX
    canvassers = list(
        Staff.objects.filter(role=Role.CANVASSER, employee_no__startswith=prefix)
        .select_related("user")
        .order_by("employee_no")[: args.canvassers]
    )
    consultants = list(
        Staff.objects.filter(role=Role.CONSULTANT, employee_no__startswith=prefix).select_related(
            "user"
        )
    )
    manager = Staff.objects.filter(role=Role.MANAGER, employee_no__startswith=prefix).first()
    with transaction.atomic():
        ours = Lead.objects.filter(phone__startswith=LOAD_PHONE_PREFIX)
        Visit.objects.filter(note=VISIT_NOTE).delete()
        Visit.objects.filter(lead__in=ours).delete()
        Client.objects.filter(phone__startswith=LOAD_PHONE_PREFIX).update(current_lead=None)
        OwnershipEvent.objects.filter(lead__in=ours).delete()
        OwnershipPeriod.objects.filter(lead__in=ours).delete()
        ours.delete()
        Client.objects.filter(phone__startswith=LOAD_PHONE_PREFIX).delete()
        DailyReport.objects.filter(day=day).delete()
        Violation.objects.filter(staff__in=canvassers, occurred_at__date__gte=day).delete()
        DayRecord.objects.filter(day=day, staff__in=canvassers).delete()
        shift = Shift.objects.get(is_default=True)
        RosterEntry.objects.bulk_create(
            [RosterEntry(staff=s, day=day, shift=shift) for s in canvassers],
            ignore_conflicts=True,
        )
        # Visitors waiting for each consultant: leads of the data set, not yet confirmed.
        leads = list(
            Lead.objects.filter(phone__startswith="16", status="active")
            .order_by("pk")
            .values_list("pk", "owner_id")[: args.visits * max(1, len(consultants))]
        )
        now = timezone.now() - timedelta(minutes=30)
        Visit.objects.bulk_create(
            Visit(
                lead_id=lead_id,
                brought_by_id=owner_id,
                consultant=consultants[i % len(consultants)],
                arrived_at=now,
                reception_ended_at=now + timedelta(minutes=20),
                state="ended",
                note=VISIT_NOTE,
            )
            for i, (lead_id, owner_id) in enumerate(leads)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    waiting = {
        c.user.username: list(
            Visit.objects.filter(consultant=c, note=VISIT_NOTE, confirmed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for c in consultants
    }
    users = {
        "password": dataset.PASSWORD,
        "day": day.isoformat(),
        "canvassers": [s.user.username for s in canvassers],
        "consultants": waiting,
        "managers": [manager.user.username],
    }
    log(
        f"# load day {day}: {len(canvassers)} canvassers rostered, "
        f"{sum(map(len, waiting.values()))} visits waiting for {len(consultants)} consultants"
    )
    out = Path(args.out)
    out.write_text(json.dumps(users), encoding="utf-8")
    figure("load.setup.canvassers", len(canvassers), "users", None)


if __name__ == "__main__":
    main()
