"""R-PLAN-5 jobs: thin wrappers around one service each."""

from celery import shared_task

from . import services


@shared_task
def meetings_extend() -> int:
    """Daily: keep every weekly series' occurrences materialized ahead (and their
    invitations). Idempotent and safe to run twice at once."""
    return services.meetings_extend()
