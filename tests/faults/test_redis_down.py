"""R-SYS-4: Redis (the broker) down. Pages still answer, quickly; a job sent while it is
down is not lost: the export stays waiting and is sent again when Redis is back (the
beat's `payroll_exports_resend`), then a real worker builds it; the payroll calculation
page says nothing was started instead of failing.

Before outreach/jobs.py, `task.delay()` with Redis down blocked ~20 s and raised: the
calculate page answered 500 and an export request, sent from `on_commit`, answered 500
after its row was committed and stayed waiting forever.
"""

import time
from decimal import Decimal

import pytest
from django.urls import reverse

from outreach.models import JobRun
from payroll import services
from payroll.calc import DayCounts
from payroll.models import PayrollExport
from tests.clock import wait_until
from tests.payroll.test_runs import MONTH, worked_days

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_on(private_redis):
    """The Celery app pointed at the private Redis (not eager), restored afterwards."""
    from outreach.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {k: app.conf.get(k) for k in keys}
    app.conf.update(
        broker_url=private_redis.url, result_backend=private_redis.url, task_always_eager=False
    )
    _forget_connections(app)
    try:
        yield app
    finally:
        app.conf.update(**saved)
        _forget_connections(app)


def _forget_connections(app) -> None:
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def calculated_run(org):
    from tests.factories import WageSchemeFactory

    for who in ("canvasser1", "canvasser2", "canvasser3"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    return services.payroll_run_calculate(
        month=MONTH, gather=worked_days(DayCounts(scheduled=22, worked=21, absent=1))
    )


def _timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def test_r_sys_4_redis_down_pages_work_and_a_waiting_export_runs_when_it_is_back(
    client, org, calculated_run, app_on, private_redis, settings, tmp_path
):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = tmp_path
    private_redis.stop()

    client.force_login(org["canvasser1"].user)
    for name in ("home", "lead-register", "attendance-checkin", "daily-report"):
        response, seconds = _timed(lambda name=name: client.get(reverse(name)))
        assert response.status_code in (200, 302), name
        assert seconds < 5, name
    client.force_login(org["hr"].user)
    response, seconds = _timed(
        lambda: client.post(reverse("payroll-run-export", args=[calculated_run.pk]))
    )
    export = PayrollExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("payroll-export", args=[export.pk])
    assert seconds < 5
    assert export.status == PayrollExport.Status.PENDING  # kept, not lost

    response, seconds = _timed(
        lambda: client.post(
            reverse("payroll-run-calculate"), {"month": f"{MONTH:%Y-%m}"}, follow=True
        )
    )
    assert response.status_code == 200
    assert seconds < 5
    assert "nothing was started" in response.content.decode() or "未启动" in (
        response.content.decode()
    )

    # Redis is back; the beat's sweep sends the waiting export and a worker builds it.
    private_redis.start()
    _forget_connections(app_on)
    later = export.created_at + __import__("datetime").timedelta(minutes=3)
    assert services.payroll_exports_resend(now=later) == 1
    # Name the queue: an earlier in-process worker's `queues=` stays selected on the app.
    default_queue = app_on.conf.task_default_queue
    with start_worker(
        app_on,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        queues=[default_queue],
    ):

        def export_done() -> bool:
            export.refresh_from_db()
            return export.status == PayrollExport.Status.DONE

        wait_until(export_done, timeout=60, interval=0.2, what="the worker to build the export")
    assert PayrollExport.objects.count() == 1
    # The worker's run is on record for monitoring (manage.py jobs_health).
    run = JobRun.objects.get(name="payroll.tasks.payroll_export_build_task")
    assert (run.runs, run.failures, run.last_ok) == (1, 0, True)


def test_jobs_health_lists_each_scheduled_job_and_flags_late_and_failing(db, capsys):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = timezone.now() - timedelta(hours=5)
    JobRun.objects.create(name="clients.tasks.leads_expire", last_ok=True, last_ok_at=old, runs=3)
    JobRun.objects.create(
        name="outreach.tasks.sessions_clear_expired",
        last_ok=False,
        last_error="OperationalError: gone",
        runs=1,
        failures=1,
    )
    with pytest.raises(SystemExit):
        call_command("jobs_health")
    out = capsys.readouterr().out
    assert "clients.tasks.leads_expire" in out
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines["clients.tasks.leads_expire"].endswith("LATE")  # hourly, 5 h ago
    assert "FAILING: OperationalError: gone" in lines["outreach.tasks.sessions_clear_expired"]
    assert lines["attendance.tasks.attendance_nightly"].endswith("NEVER")


def test_r_sys_4_an_export_whose_worker_died_is_put_back_and_sent_again(
    org, calculated_run, app_on
):
    from datetime import timedelta

    from django.utils import timezone

    export = PayrollExport.objects.create(
        run=calculated_run, requested_by=org["hr"].user, status=PayrollExport.Status.RUNNING
    )
    PayrollExport.objects.filter(pk=export.pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    assert services.payroll_exports_resend() == 1
    export.refresh_from_db()
    assert export.status == PayrollExport.Status.PENDING
