"""Campaign jobs; each calls one service and is idempotent (R-SYS-4)."""

from datetime import timedelta

from celery import shared_task

from outreach.dates import today

from .services.daily import daily_reports_missing_flag


@shared_task
def daily_reports_missing() -> int:
    """R-DAY-1: flag yesterday's and today's reports missing at their deadline; the
    violations carry a unique key, so running it again adds nothing."""
    day = today()
    return daily_reports_missing_flag(day=day - timedelta(days=1)) + daily_reports_missing_flag(
        day=day
    )
