"""`manage.py jobs_health`: each scheduled job's last run, and whether it is overdue.

Reads JobRun (written by the workers, outreach/jobs.py) against the beat schedule in
outreach/celery.py. A job is LATE when its last success is older than twice its
interval (hourly jobs: 2 h; nightly: 2 days; quarterly: not checked), FAILING when its
last run raised, NEVER when no worker has run it since the table was created. Exit
status 1 when anything is LATE or FAILING, so a cron or a monitor can alert on it.
"""

from datetime import timedelta

from celery.schedules import crontab
from django.core.management.base import BaseCommand
from django.utils import timezone

from outreach.celery import app
from outreach.models import JobRun


def interval_of(schedule) -> timedelta | None:
    """Roughly how often a crontab fires; None for rarer than monthly."""
    if not isinstance(schedule, crontab):
        return getattr(schedule, "run_every", None)
    if len(schedule.month_of_year) < 12:
        return None
    if len(schedule.day_of_month) < 31:
        return timedelta(days=31)
    if len(schedule.hour) < 24:
        return timedelta(days=1)
    if len(schedule.minute) == 1:
        return timedelta(hours=1)
    return timedelta(minutes=60 // len(schedule.minute))


class Command(BaseCommand):
    help = "Show the last run of each scheduled job; exit 1 when one is late or failing."

    def handle(self, *args, **options):
        now = timezone.now()
        runs = {r.name: r for r in JobRun.objects.all()}
        bad = 0
        self.stdout.write(
            f"{'job':<52} {'last success':<17} {'last run':<17} {'runs':>6} {'fails':>5}  state"
        )
        for entry in sorted(app.conf.beat_schedule.values(), key=lambda e: e["task"]):
            name = entry["task"]
            run = runs.get(name)
            every = interval_of(entry["schedule"])
            if run is None:
                state = "NEVER"
            elif run.last_ok is False:
                state = f"FAILING: {run.last_error}"
            elif every and (run.last_ok_at is None or now - run.last_ok_at > 2 * every):
                state = "LATE"
            else:
                state = "ok"
            bad += state.startswith(("LATE", "FAILING"))

            def when(value):
                return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "-"

            self.stdout.write(
                f"{name:<52} {when(run and run.last_ok_at):<17} "
                f"{when(run and run.last_finished_at):<17} {run.runs if run else 0:>6} "
                f"{run.failures if run else 0:>5}  {state}"
            )
        if bad:
            raise SystemExit(1)
