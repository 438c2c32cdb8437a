"""The Celery app and the one beat schedule for the whole project.

Without a broker (CELERY_BROKER_URL / REDIS_URL unset) tasks run in-process
(task_always_eager), so the app works with zero set-up (R-SYS-4).
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

# Every task of every app (@shared_task) is an ActorTask: history rows a job writes name
# the system user, or the person whose request ran the job in-process.
app = Celery("outreach", task_cls="outreach.jobs:ActorTask")
app.config_from_object("django.conf:settings", namespace="CELERY")

# The longest task (a large payroll export) must finish well inside this, or Redis would
# hand an unacknowledged task to a second worker while the first still runs it.
LONGEST_TASK_SECONDS = 30 * 60

app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # The time zone is settings.CELERY_TIMEZONE (the team's) and the broker's transport
    # options settings.CELERY_BROKER_TRANSPORT_OPTIONS: values set here would win over them.
    enable_utc=True,
    task_soft_time_limit=LONGEST_TASK_SECONDS - 60,
    task_time_limit=LONGEST_TASK_SECONDS,
    # Our tasks are idempotent, so redelivery after a crash is safe and wanted.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    result_expires=24 * 60 * 60,
    broker_connection_retry_on_startup=True,
)

# The whole project's periodic schedule lives here and nowhere else.
app.conf.beat_schedule = {
    "sessions-clear-expired": {
        "task": "outreach.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=17),
    },
    # R-POOL-1: hourly expiry of unprotected leads, and the owners' reminders.
    "clients-leads-expire": {
        "task": "clients.tasks.leads_expire",
        "schedule": crontab(minute=5),
    },
    "clients-complaints-flag-overdue": {
        "task": "clients.tasks.complaints_flag_overdue",
        "schedule": crontab(minute=20),
    },
    "clients-regrade": {
        "task": "clients.tasks.clients_regrade",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    "clients-leads-remind-expiry": {
        "task": "clients.tasks.leads_remind_expiry",
        "schedule": crontab(hour=9, minute=0),
    },
    "attendance-nightly": {
        "task": "attendance.tasks.attendance_nightly",
        "schedule": crontab(hour=0, minute=30),
    },
    "attendance-checkin-data-purge": {
        "task": "attendance.tasks.checkin_data_purge",
        "schedule": crontab(hour=3, minute=41),
    },
    # R-DAY-1: a report missing at shift end + 30 min becomes one CONDUCT violation.
    "campaigns-daily-reports-missing": {
        "task": "campaigns.tasks.daily_reports_missing",
        "schedule": crontab(minute="*/15"),
    },
    # R-SYS-4: exports left waiting by a broker outage or a killed worker are sent again.
    "payroll-exports-resend": {
        "task": "payroll.tasks.payroll_exports_resend_task",
        "schedule": crontab(minute="*/5"),
    },
    # R-DASH-1: the company-wide month aggregates, recomputed before they go stale.
    "dashboards-cache-warm": {
        "task": "dashboards.tasks.dashboard_cache_warm_task",
        "schedule": crontab(minute="*"),
    },
    # R-APR-1/3: on the first day of each quarter (and year) create and roll up the
    # cycles that just closed; the task itself ignores any other day. (The task lives in
    # appraisals/tasks.py and keeps its registered name from when it was in payroll.)
    "appraisal-cycles-due": {
        "task": "payroll.appraisals.tasks.appraisal_cycles_due_task",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=1, minute=30),
    },
    # R-PLAN-5: the weekly meetings' occurrences (and invitations) for the coming weeks.
    "meetings-extend": {
        "task": "meetings.tasks.meetings_extend",
        "schedule": crontab(hour=2, minute=10),
    },
    # R-PLAN-6: on the first day of each quarter, draft the review of the quarter that
    # just closed; the task itself ignores any other day.
    "reviews-quarterly-draft": {
        "task": "reviews.tasks.quarterly_review_draft",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=2, minute=0),
    },
    # Issue 21 §5: webhook deliveries left waiting by a broker outage are sent again.
    "api-webhooks-resend": {
        "task": "api.tasks.api_webhooks_resend",
        "schedule": crontab(minute="*/5"),
    },
}

# What each scheduled job does, as the manager's dashboard names it (every entry above
# has one; tests/outreach/test_run_locally.py checks).
JOB_LABELS = {
    "sessions-clear-expired": _("Clear expired login sessions"),
    "clients-leads-expire": _("Move leads past their protection to the shared pool"),
    "clients-complaints-flag-overdue": _("Flag complaints past their deadline"),
    "clients-regrade": _("Regrade clients"),
    "clients-leads-remind-expiry": _("Remind owners of leads about to expire"),
    "attendance-nightly": _("Detect absences"),
    "attendance-checkin-data-purge": _("Delete old check-in photos and locations"),
    "campaigns-daily-reports-missing": _("Record missing daily reports"),
    "payroll-exports-resend": _("Send waiting payroll exports again"),
    "dashboards-cache-warm": _("Refresh the dashboard's month figures"),
    "appraisal-cycles-due": _("Create and roll up appraisal cycles"),
    "meetings-extend": _("Schedule the coming weeks' team meetings"),
    "reviews-quarterly-draft": _("Draft the quarterly review"),
    "api-webhooks-resend": _("Send waiting webhook deliveries again"),
}

app.autodiscover_tasks()


def _record_job_runs() -> None:
    from outreach.jobs import job_signals_connect

    job_signals_connect()


_record_job_runs()
