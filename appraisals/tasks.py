"""R-APR-1/3: the beat job creating and rolling up the cycles that just closed.

The tasks keep the names they had when appraisals lived in `payroll/appraisals/`: a
message already queued (or a beat schedule saved) under the old name still finds them."""

from celery import shared_task

from outreach.dates import today

from .periods import labels_closed_on
from .rollup import appraisal_rollup


@shared_task(name="payroll.appraisals.tasks.appraisal_rollup_task")
def appraisal_rollup_task(label: str) -> str:
    """Roll up one cycle; idempotent (upserts), so a retry or a duplicate is harmless."""
    return appraisal_rollup(label=label).message


@shared_task(name="payroll.appraisals.tasks.appraisal_cycles_due_task")
def appraisal_cycles_due_task() -> list[str]:
    """On the 1st of January, April, July and October: the quarter (and on 1 January the
    year) that closed yesterday; any other day it does nothing."""
    return [appraisal_rollup(label=label).message for label in labels_closed_on(today())]
