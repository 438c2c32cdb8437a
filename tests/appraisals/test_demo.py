"""Issue 7 §8: demo appraisals and training, idempotent, before payroll's demo."""

import pytest
from django.core.management import call_command

from appraisals.models import Appraisal, AppraisalCycle, CycleState, IndicatorScore
from outreach.demo import DEMO_EXTENSIONS
from tests.clock import runs_at
from training.models import Attendee, TrainingPlan, TrainingSession

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def _counts():
    return (
        AppraisalCycle.objects.count(),
        Appraisal.objects.count(),
        IndicatorScore.objects.count(),
        TrainingSession.objects.count(),
        Attendee.objects.count(),
    )


def test_the_appraisal_demo_runs_before_the_payroll_demo():
    names = [fn.__name__ for fn in DEMO_EXTENSIONS]
    assert names.index("seed_appraisal_demo") < names.index("seed_payroll_demo")


# Mid-quarter, past last quarter's objection period; the first days of a quarter are in
# tests/outreach/test_seed_demo_any_day.py.
@runs_at("2026-11-20 10:00")
def test_demo_has_an_archived_last_quarter_an_open_current_one_and_training(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    states = dict(AppraisalCycle.objects.values_list("label", "state"))
    assert sorted(states.values()) == [CycleState.ARCHIVED, CycleState.SELF_ASSESSMENT]
    archived = AppraisalCycle.objects.get(state=CycleState.ARCHIVED)
    assert archived.appraisals.filter(grade="").count() == 0
    assert TrainingPlan.objects.get().items.count() == 5  # 3 past, 2 this month (issue 18)
    assert Attendee.objects.filter(score__isnull=False).exists()
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
