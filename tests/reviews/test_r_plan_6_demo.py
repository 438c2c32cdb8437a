"""R-PLAN-6 demo: the last quarter's review is published from the demo facts, once."""

import pytest
from django.core.management import call_command

from outreach.dates import today
from outreach.demo import DEMO_EXTENSIONS
from reviews.demo import seed_reviews_demo
from reviews.figures.periods import quarter_previous, quarter_start
from reviews.models import QuarterlyReview, ReviewState

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_r_plan_6_the_demo_runs_after_payrolls():
    names = [fn.__name__ for fn in DEMO_EXTENSIONS]
    assert names.index("seed_reviews_demo") > names.index("seed_payroll_demo")


def test_r_plan_6_the_demo_publishes_last_quarters_review_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    review = QuarterlyReview.objects.get()
    assert review.quarter == quarter_previous(quarter_start(today()))
    assert review.state == ReviewState.PUBLISHED
    assert review.analysis
    assert review.focus
    before = (review.figures, review.updated_at)
    seed_reviews_demo(1, None)
    call_command("seed_demo", verbosity=0)
    review.refresh_from_db()
    assert QuarterlyReview.objects.count() == 1
    assert (review.figures, review.updated_at) == before
