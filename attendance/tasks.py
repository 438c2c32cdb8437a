"""Attendance jobs: each idempotent and safe to run twice at once (R-SYS-4)."""

from datetime import date, timedelta

from celery import shared_task

from outreach.dates import today

from . import services


@shared_task
def attendance_nightly(day: str | None = None) -> dict[str, int]:
    """R-ATT-6 absences for yesterday; R-ATT-4 missing sign-outs for the day before
    (the leader may correct a sign-out until the end of the next day)."""
    run_on = date.fromisoformat(day) if day else today()
    return {
        "absent": services.absence_detect(day=run_on - timedelta(days=1)),
        "nosign": services.nosign_detect(day=run_on - timedelta(days=2)),
    }


@shared_task
def checkin_data_purge() -> int:
    """R-SYS-6: delete check-in photos and locations past the retention period."""
    return services.checkin_data_purge(today=today())
