"""Issue 18 point 10: the manager's dashboard shows each scheduled job's last run, its
result and its next run (local time), and warns when a job has not run when it should."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from outreach.models import JobRun
from tests.clock import local, runs_at

pytestmark = [pytest.mark.django_db, runs_at("2026-12-03 15:00")]

# The workers have run jobs since November.
WATCHING_SINCE = local("2026-11-01 10:00")


def _row(body: str, key: str) -> str:
    match = re.search(rf'<tr id="job-{key}"[^>]*>.*?</tr>', body, re.S)
    assert match, f"no row for {key}"
    return match.group(0)


def _cell(row: str, name: str) -> str:
    match = re.search(rf'<td class="[^"]*{name}[^"]*">(.*?)</td>', row, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _dashboard(client, staff) -> str:
    client.force_login(staff.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("manager-dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_first_use_dashboard_shows_each_job_on_time_and_overdue_in_local_time(client, org):
    # Hourly at :05 — ran at 14:05 today, on time; next at 15:05 local (07:05 UTC).
    JobRun.objects.create(
        name="clients.tasks.leads_expire",
        first_started_at=WATCHING_SINCE,
        last_started_at=local("2026-12-03 14:05"),
        last_finished_at=local("2026-12-03 14:06"),
        last_ok=True,
        last_ok_at=local("2026-12-03 14:06"),
        runs=800,
    )
    # Nightly at 00:30 — last ran the night before: tonight's 00:30 run was missed.
    JobRun.objects.create(
        name="attendance.tasks.attendance_nightly",
        first_started_at=WATCHING_SINCE,
        last_started_at=local("2026-12-02 00:30"),
        last_finished_at=local("2026-12-02 00:31"),
        last_ok=True,
        last_ok_at=local("2026-12-02 00:31"),
        runs=31,
    )
    # Every 5 minutes — its last run failed.
    JobRun.objects.create(
        name="payroll.tasks.payroll_exports_resend_task",
        first_started_at=WATCHING_SINCE,
        last_started_at=local("2026-12-03 14:55"),
        last_finished_at=local("2026-12-03 14:55"),
        last_ok=False,
        last_error="OperationalError: disk full",
        runs=9000,
        failures=1,
    )
    body = _dashboard(client, org["manager"])

    on_time = _row(body, "clients-leads-expire")
    assert "table-warning" not in on_time
    assert _cell(on_time, "job-last") == "2026-12-03 14:05"
    assert _cell(on_time, "job-result") == "succeeded"
    assert _cell(on_time, "job-next") == "2026-12-03 15:05"

    overdue = _row(body, "attendance-nightly")
    assert "table-warning" in overdue
    assert _cell(overdue, "job-last") == "2026-12-02 00:30"
    assert "Did not run at 2026-12-03 00:30" in _cell(overdue, "job-result")
    assert _cell(overdue, "job-next") == "2026-12-04 00:30"

    failed = _row(body, "payroll-exports-resend")
    assert "table-danger" in failed
    assert _cell(failed, "job-result") == "failed OperationalError: disk full"
    assert _cell(failed, "job-next") == "2026-12-03 15:05"

    # The quarterly roll-up last fell due on 1 October, before the workers started: not
    # late on a system installed since.
    appraisals = _row(body, "appraisal-cycles-due")
    assert "table-warning" not in appraisals
    assert _cell(appraisals, "job-last") == "never"
    assert _cell(appraisals, "job-next") == "2027-01-01 01:30"

    alert = re.search(r'role="alert" id="jobs-alert">(.*?)</div>', body, re.S)
    assert alert, "the warning at the top of the dashboard"
    # Nightly attendance, and the jobs due since November that no worker ever started.
    # (sessions, complaints, regrade, reminders, check-in purge, missing reports, cache,
    # the meetings' daily extension, the webhooks' resend).
    assert "10 scheduled jobs have not run when they should have." in alert.group(1)
    assert body.count("job-missed") == 10
    assert "1 scheduled job failed." in alert.group(1)


def test_first_use_dashboard_says_when_no_worker_has_ever_run_a_job(client, org):
    body = _dashboard(client, org["manager"])
    assert 'id="jobs-never-ran"' in body
    assert "The scheduled jobs are not running." in body
    # Each job is listed with its next run, none marked late before any worker started.
    # with meetings-extend, reviews-quarterly-draft and api-webhooks-resend
    assert body.count('<tr id="job-') == 14
    assert "job-missed" not in body
    assert _cell(_row(body, "dashboards-cache-warm"), "job-next") == "2026-12-03 15:01"


def test_first_use_jobs_that_ran_on_time_raise_no_warning(client, org):
    from outreach.celery import app
    from outreach.jobs import crontab_last_run
    from tests.clock import team_tz

    now = local("2026-12-03 15:00")
    for entry in app.conf.beat_schedule.values():
        due = crontab_last_run(entry["schedule"], at=now, tz=team_tz())
        JobRun.objects.create(
            name=entry["task"],
            first_started_at=WATCHING_SINCE,
            # Each started a second after its last time (the quarterly one in October).
            last_started_at=due.replace(second=1),
            last_finished_at=due.replace(second=2),
            last_ok=True,
        )
    body = _dashboard(client, org["manager"])
    assert body.count('<tr id="job-') == len(app.conf.beat_schedule)
    assert 'id="jobs-alert"' not in body
    assert "job-missed" not in body
    assert "table-warning" not in body


def test_first_use_a_leader_does_not_see_the_job_panel(client, org):
    body = _dashboard(client, org["leader1"])
    assert 'id="jobs"' not in body
    assert 'id="jobs-alert"' not in body
