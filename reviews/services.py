"""R-PLAN-6 writes: draft a quarter's review (the job), edit, refresh and publish it.

A published review is read-only: every write here refuses it. Notifications go out on
commit: managers when a draft is ready, the whole active team when it is published."""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.guard import require
from outreach.history import history_actor
from outreach.services import notification_create_many

from .figures import review_figures
from .figures.periods import quarter_closed_on, quarter_start
from .models import QuarterlyReview, ReviewState
from .selectors import review_audience, review_managers

KIND_DRAFTED = "review_drafted"
KIND_PUBLISHED = "review_published"


def _notify_managers(review: QuarterlyReview) -> None:
    notification_create_many(
        recipients=review_managers().values_list("pk", flat=True),
        kind=KIND_DRAFTED,
        message=_("The quarterly review %(quarter)s is drafted: add the analysis and publish it.")
        % {"quarter": review.label},
        target=review,
        link=reverse("review-detail", args=[review.pk]),
    )


def _notify_team(review: QuarterlyReview) -> None:
    notification_create_many(
        recipients=review_audience().values_list("pk", flat=True),
        kind=KIND_PUBLISHED,
        message=_("The quarterly review %(quarter)s is published.") % {"quarter": review.label},
        target=review,
        link=reverse("review-detail", args=[review.pk]),
    )


def review_draft(
    *, quarter: date, actor: User | None = None, now: datetime | None = None
) -> tuple[QuarterlyReview, bool]:
    """R-PLAN-6: the quarter's review as a draft, with its figures; (review, created).

    Idempotent: a quarter has one review (a unique key, so two runs at once make one);
    an existing review — draft or published — is returned untouched (refreshing a
    draft's figures is the manager's explicit `review_refresh`)."""
    first = quarter_start(quarter)
    if first != quarter:
        raise ValidationError(_("A review is for a quarter: give its first day."))
    existing = QuarterlyReview.objects.filter(quarter=first).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    figures = review_figures(first)
    try:
        with transaction.atomic(), history_actor(actor):
            review = QuarterlyReview.objects.create(
                quarter=first, figures=figures, drafted_at=now, updated_by=actor
            )
            transaction.on_commit(lambda: _notify_managers(review))
    except IntegrityError:
        return QuarterlyReview.objects.get(quarter=first), False
    return review, True


def _locked_for_edit(review: QuarterlyReview, actor: User) -> QuarterlyReview:
    # The page's guard again: a write never trusts that its caller checked.
    require(actor, "reviews.manage_reviews")
    locked = QuarterlyReview.objects.select_for_update().get(pk=review.pk)
    if locked.is_published:
        raise ValidationError(
            _("The review %(quarter)s is published and can no longer change.")
            % {"quarter": locked.label}
        )
    return locked


def review_update(
    *, review: QuarterlyReview, actor: User, analysis: str, focus: str
) -> QuarterlyReview:
    """The manager's analysis (results and shortfalls) and next quarter's focus."""
    with transaction.atomic(), history_actor(actor):
        locked = _locked_for_edit(review, actor)
        locked.analysis = analysis.strip()
        locked.focus = focus.strip()
        locked.updated_by = actor
        locked.save(update_fields=["analysis", "focus", "updated_by", "updated_at"])
    return locked


def review_refresh(
    *, review: QuarterlyReview, actor: User, now: datetime | None = None
) -> QuarterlyReview:
    """Compute a draft's figures again (e.g. after payroll locked the quarter's last
    month); the analysis and focus are kept."""
    figures = review_figures(review.quarter)
    with transaction.atomic(), history_actor(actor):
        locked = _locked_for_edit(review, actor)
        locked.figures = figures
        locked.drafted_at = now or timezone.now()
        locked.updated_by = actor
        locked.save(update_fields=["figures", "drafted_at", "updated_by", "updated_at"])
    return locked


def review_publish(
    *, review: QuarterlyReview, actor: User, now: datetime | None = None
) -> QuarterlyReview:
    """Publish a draft to the team: read-only from now on; everyone is notified."""
    with transaction.atomic(), history_actor(actor):
        locked = _locked_for_edit(review, actor)
        if not locked.analysis.strip() or not locked.focus.strip():
            raise ValidationError(
                _("Write the analysis and next quarter's focus before publishing.")
            )
        locked.state = ReviewState.PUBLISHED
        locked.published_at = now or timezone.now()
        locked.published_by = actor
        locked.updated_by = actor
        locked.save(
            update_fields=["state", "published_at", "published_by", "updated_by", "updated_at"]
        )
        transaction.on_commit(lambda: _notify_team(locked))
    return locked


def review_draft_due(*, day: date, now: datetime | None = None) -> QuarterlyReview | None:
    """The job's work on `day`: on a quarter's first day, the review of the quarter that
    just closed (see `review_draft`); any other day nothing."""
    closed = quarter_closed_on(day)
    if closed is None:
        return None
    review, _created = review_draft(quarter=closed, now=now)
    return review
