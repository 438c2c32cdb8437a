"""Run in a child process by the fault tests, against the private PostgreSQL of
DATABASE_URL (and the private Redis of REDIS_URL):

    python tests/faults/jobs_helper.py seed
    python tests/faults/jobs_helper.py run expire|payroll|rollup
    python tests/faults/jobs_helper.py send expire|payroll|rollup QUEUE
    python tests/faults/jobs_helper.py snapshot expire|payroll|rollup

`seed` builds the quick bench data set (bench/dataset.py) and makes 5,000 of its leads
due; `snapshot` prints, as one JSON line, what the job's result looks like in the
database, in a form two runs can be compared by (and that shows duplicates).

The payroll month and the appraisal quarter are the data set's (bench/dataset.py, from
the anchor day the tests hand over in OUTREACH_ANCHOR_DAY), never fixed dates.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")


def calendar():
    """The data set's calendar: the payroll month and quarter its jobs are run for."""
    import dataset

    return dataset.dataset_of("quick").calendar


def seed() -> None:
    import dataset
    from django.db import connection

    dataset.ensure("quick")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clients_lead SET protected_until = now() - interval '1 hour'"
            " WHERE phone LIKE '16%' AND id % 4 = 0"
        )
        print(json.dumps({"due": cursor.rowcount}))  # noqa: T201


def on_duty_today(username: str) -> None:
    """Roster and check in one person today, so a daily report is due (R-DAY-1)."""
    from django.utils import timezone

    from attendance.models import DayRecord, RosterEntry, Shift
    from outreach.dates import today
    from outreach.models import Staff

    staff = Staff.objects.get(user__username=username)
    shift = Shift.objects.get(is_default=True)
    RosterEntry.objects.get_or_create(staff=staff, day=today(), defaults={"shift": shift})
    DayRecord.objects.get_or_create(
        staff=staff, day=today(), defaults={"check_in_at": timezone.now()}
    )


def run(job: str) -> None:
    if job == "expire":
        from clients.services.pool import pool_expire_due

        pool_expire_due()
    elif job == "payroll":
        from payroll.services import payroll_run_calculate

        payroll_run_calculate(month=calendar().month)
    else:
        from appraisals.rollup import appraisal_rollup

        appraisal_rollup(label=calendar().quarter)


def send(job: str, queue: str) -> None:
    from appraisals.tasks import appraisal_rollup_task
    from clients.tasks import leads_expire
    from payroll.tasks import payroll_run_calculate_task

    task, args = {
        "expire": (leads_expire, ()),
        "payroll": (payroll_run_calculate_task, (f"{calendar().month:%Y-%m}",)),
        "rollup": (appraisal_rollup_task, (calendar().quarter,)),
    }[job]
    task.apply_async(args, queue=queue, ignore_result=True)


def snapshot(job: str) -> dict:
    from django.db.models import Count, Sum

    if job == "expire":
        from clients.models import Lead, OwnershipEvent, OwnershipPeriod

        ours = Lead.objects.filter(phone__startswith="16")
        events = OwnershipEvent.objects.filter(lead__in=ours, kind="expired")
        return {
            "pooled": ours.filter(status="pool").count(),
            "expiry_events": events.count(),
            "leads_with_two_events": events.values("lead")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count(),
            "open_periods_of_pooled": OwnershipPeriod.objects.filter(
                lead__in=ours.filter(status="pool"), ended_at__isnull=True
            ).count(),
        }
    if job == "payroll":
        from payroll.models import Payslip, PayslipLine

        slips = Payslip.objects.filter(run__month=calendar().month)
        return {
            "payslips": slips.count(),
            "people": slips.values("staff").distinct().count(),
            "lines": PayslipLine.objects.filter(payslip__in=slips).count(),
            "gross": str(slips.aggregate(s=Sum("gross"))["s"]),
            "net_by_person": {
                str(k): str(v) for k, v in slips.order_by("staff").values_list("staff", "gross")
            },
        }
    from appraisals.models import Appraisal, IndicatorScore

    appraisals = Appraisal.objects.filter(cycle__label=calendar().quarter)
    scores = IndicatorScore.objects.filter(appraisal__in=appraisals)
    return {
        "appraisals": appraisals.count(),
        "people": appraisals.values("staff").distinct().count(),
        "scores": scores.count(),
        "score_pairs": scores.values("appraisal", "indicator").distinct().count(),
        "actual_sum": str(scores.aggregate(s=Sum("actual"))["s"]),
    }


def main() -> None:
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    if command == "seed":
        seed()
    elif command == "on-duty":
        on_duty_today(rest[0])
    elif command == "run":
        run(rest[0])
    elif command == "send":
        send(rest[0], rest[1])
    elif command == "snapshot":
        print(json.dumps(snapshot(rest[0]), sort_keys=True))  # noqa: T201


if __name__ == "__main__":
    main()
