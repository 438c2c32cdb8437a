"""Sending background jobs without letting a broker outage break a page (R-SYS-4).

`task.delay()` with Redis down blocks for about 20 s (the result backend retries its
connection) and then raises, so the page that sent the job answered 500 and a job
sent from `transaction.on_commit` was lost after its record had been committed.
`enqueue` sends without waiting for a result (callers never read one), retries the
broker briefly, and on failure logs and returns False: the caller keeps a durable
record of the work (e.g. a pending export, swept by `payroll_exports_resend`) or tells
the user nothing was started.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from celery import Task, current_app
from celery.schedules import crontab
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# About one second in all before giving up on the broker.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def runs_in_process() -> bool:
    """Whether tasks run in the calling process (no broker: `make run` without Redis,
    tests), where a countdown is ignored: a later attempt must then wait for a sweep."""
    return bool(current_app.conf.task_always_eager)


def enqueue(task, *args, **kwargs) -> bool:
    """Send `task(*args, **kwargs)` to the workers; False when the broker is down."""
    try:
        task.apply_async(
            args=args, kwargs=kwargs, ignore_result=True, retry=True, retry_policy=RETRY_POLICY
        )
    except OperationalError as error:
        logger.warning("broker unavailable: %s not sent (%s)", task.name, error)
        return False
    return True


# --- who a job acts as (issue 19 §6) -----------------------------------------------------

SYSTEM_USERNAME = "system"


def system_actor():
    """The user that jobs nobody started act as: history rows they write name it.

    Created on first use (idempotent, safe when two workers race); it cannot log in."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "System", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@contextmanager
def job_actor() -> Iterator[None]:
    """Run a job as someone: the person whose request runs it in-process (no broker), or
    else the system user, looked up only when a history row is actually written."""
    from django.utils.functional import SimpleLazyObject

    from .history import history_actor, history_user_in_context

    if history_user_in_context() is not None:
        yield
        return
    with history_actor(SimpleLazyObject(system_actor)):
        yield


class ActorTask(Task):
    """The project's base task (`outreach.celery` makes it every task's class): each run,
    by a worker or called directly, happens inside `job_actor()`."""

    def __call__(self, *args, **kwargs):
        with job_actor():
            return super().__call__(*args, **kwargs)


def job_started(task_name: str) -> None:
    from django.db.models import F
    from django.utils import timezone

    from .models import JobRun

    now = timezone.now()
    updated = JobRun.objects.filter(name=task_name).update(last_started_at=now, runs=F("runs") + 1)
    if not updated:
        JobRun.objects.get_or_create(
            name=task_name,
            defaults={"first_started_at": now, "last_started_at": now, "runs": 1},
        )


def job_finished(task_name: str, error: BaseException | None = None) -> None:
    from django.db.models import F
    from django.utils import timezone

    from .models import JobRun

    now = timezone.now()
    fields = {"last_finished_at": now, "last_ok": error is None}
    if error is None:
        fields.update(last_ok_at=now, last_error="")
    else:
        fields.update(
            last_error=f"{type(error).__name__}: {error}"[:300], failures=F("failures") + 1
        )
    JobRun.objects.filter(name=task_name).update(**fields)


def job_signals_connect() -> None:
    """Record every task's start and end in JobRun, for tasks run by a worker (not the
    in-process runs of a set-up without broker, nor tests). Bookkeeping never breaks a
    job: its own errors are logged and swallowed."""
    from celery.signals import task_failure, task_postrun, task_prerun

    def by_worker(sender) -> bool:
        return sender is not None and not getattr(sender.request, "is_eager", False)

    def started(sender=None, **kwargs):
        if not by_worker(sender):
            return
        try:
            job_started(sender.name)
        except Exception:  # noqa: BLE001
            logger.exception("could not record the start of %s", sender.name)

    def finished(sender=None, state=None, **kwargs):
        if state == "FAILURE" or not by_worker(sender):
            return  # task_failure records it with the error
        try:
            job_finished(sender.name)
        except Exception:  # noqa: BLE001
            logger.exception("could not record the end of %s", sender.name)

    def failed(sender=None, exception=None, **kwargs):
        if not by_worker(sender):
            return
        try:
            job_finished(sender.name, exception or RuntimeError("failed"))
        except Exception:  # noqa: BLE001
            logger.exception("could not record the failure of %s", sender.name)

    task_prerun.connect(started, weak=False)
    task_postrun.connect(finished, weak=False)
    task_failure.connect(failed, weak=False)


# --- when the scheduled jobs run (issue 18: the manager's dashboard) ----------------------

# A job counts as missed once its time is this far past and no worker has started it.
MISSED_AFTER = timedelta(minutes=10)
# Crontabs are searched this many days either way (the rarest job runs every quarter).
SEARCH_DAYS = 400


def _fires_on(schedule: crontab, day: date) -> bool:
    # Celery's crontab needs the month, the day of the month *and* the day of the week
    # to match (day_of_week counts from Sunday = 0).
    return (
        day.month in schedule.month_of_year
        and day.day in schedule.day_of_month
        and (day.weekday() + 1) % 7 in schedule.day_of_week
    )


def _times_of(schedule: crontab) -> list[time]:
    return [time(h, m) for h in sorted(schedule.hour) for m in sorted(schedule.minute)]


def crontab_next_run(schedule: crontab, *, after: datetime, tz: tzinfo) -> datetime | None:
    """The first time `schedule` fires strictly after `after`, read in `tz`."""
    local = after.astimezone(tz)
    times = _times_of(schedule)
    for offset in range(SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        if not _fires_on(schedule, day):
            continue
        for at in times:
            candidate = datetime.combine(day, at, tzinfo=tz)
            if candidate > local:
                return candidate
    return None


def crontab_last_run(schedule: crontab, *, at: datetime, tz: tzinfo) -> datetime | None:
    """The last time `schedule` fired at or before `at`, read in `tz`."""
    local = at.astimezone(tz)
    times = _times_of(schedule)[::-1]
    for offset in range(SEARCH_DAYS):
        day = local.date() - timedelta(days=offset)
        if not _fires_on(schedule, day):
            continue
        for fire in times:
            candidate = datetime.combine(day, fire, tzinfo=tz)
            if candidate <= local:
                return candidate
    return None


@dataclass(frozen=True)
class JobStatus:
    """One scheduled job as the dashboard shows it."""

    key: str
    task: str
    label: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_ok: bool | None
    last_error: str
    next_run: datetime | None
    # The run it should have made by now and did not (None: nothing missed).
    missed: datetime | None

    @property
    def running(self) -> bool:
        return self.last_started_at is not None and (
            self.last_finished_at is None or self.last_finished_at < self.last_started_at
        )

    @property
    def failed(self) -> bool:
        return self.last_ok is False and not self.running


def job_status(
    key: str,
    entry: dict,
    run,
    *,
    label: str,
    now: datetime,
    watching_since: datetime | None,
    tz: tzinfo,
) -> JobStatus:
    """`entry` is a beat schedule entry, `run` its JobRun (or None); `watching_since` is
    when a worker first ran any job."""
    schedule = entry["schedule"]
    started = run.last_started_at if run else None
    if isinstance(schedule, crontab):
        next_run = crontab_next_run(schedule, after=now, tz=tz)
        due = crontab_last_run(schedule, at=now - MISSED_AFTER, tz=tz)
    else:  # an interval: due one interval after its last start
        every = schedule.run_every
        since = started or watching_since
        next_run = (since + every) if since else None
        due = next_run if next_run and next_run <= now - MISSED_AFTER else None
    if due is None:
        missed = None
    elif started is None:
        # Expected only once workers are known to run (not before the first job ever).
        missed = due if watching_since is not None and due >= watching_since else None
    else:
        missed = due if started < due else None
    return JobStatus(
        key=key,
        task=entry["task"],
        label=label,
        last_started_at=started,
        last_finished_at=run.last_finished_at if run else None,
        last_ok=run.last_ok if run else None,
        last_error=run.last_error if run else "",
        next_run=next_run.astimezone(tz) if next_run else None,
        missed=missed.astimezone(tz) if missed else None,
    )
