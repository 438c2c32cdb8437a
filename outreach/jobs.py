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

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# About one second in all before giving up on the broker.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


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


def job_started(task_name: str) -> None:
    from django.db.models import F
    from django.utils import timezone

    from .models import JobRun

    now = timezone.now()
    updated = JobRun.objects.filter(name=task_name).update(last_started_at=now, runs=F("runs") + 1)
    if not updated:
        JobRun.objects.get_or_create(name=task_name, defaults={"last_started_at": now, "runs": 1})


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
