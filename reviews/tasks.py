"""R-PLAN-6: the beat job drafting the review of the quarter that just closed."""

from celery import shared_task

from outreach.dates import today

from .services import review_draft_due


@shared_task
def quarterly_review_draft() -> int | None:
    """On the 1st of January, April, July and October: draft the review of the quarter
    that closed yesterday (idempotent: one review per quarter, a published one is never
    touched); any other day it does nothing. Returns the review's id."""
    review = review_draft_due(day=today())
    return review.pk if review else None
