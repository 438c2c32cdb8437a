"""`make run` on any day: seed_demo finishes on an empty database, its facts fit the day,
and a second run adds nothing; at the instants where the calendar turns under the demo
(year, quarter, leap day, a quarter's objection period) and today.

seed_demo builds its facts relative to the team's today (Asia/Shanghai). First days are
taken at 00:30 local time, when the UTC date is still the day before; the clock is frozen
(tick=False) so a run at 23:59 cannot cross midnight half-way. One seed_demo run takes a
few seconds (a second run a fraction of one), so each case is one test: seed, check the
facts, seed again, compare the row count of every table. The travelling cases are marked
slow (`pytest -m "not slow"` skips them in a quick loop; make test and CI run them).
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from appraisals.demo import demo_calendar
from appraisals.models import AppraisalCycle, CycleState
from tests.clock import runs_at
from training.models import TrainingSession

pytestmark = pytest.mark.django_db

ANCHORS = [
    "2027-01-01 00:30",  # a new year: last quarter, last month and some training in the old one
    "2027-01-01 09:00",
    "2027-03-31 23:59",
    "2027-04-01 00:30",
    "2027-04-06 12:00",  # last quarter published, its objection period running
    "2027-06-30 23:59",
    "2027-07-01 00:30",  # last quarter closed half an hour ago: not published yet
    "2027-09-30 23:59",
    "2027-10-01 00:30",
    "2026-12-31 23:59",
    "2028-02-29 12:00",  # a leap day
]


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def _quarter_start(day):
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _assert_facts_fit_the_day() -> None:
    now, today = timezone.now(), timezone.localdate()
    for session in TrainingSession.objects.select_related("plan_item__plan"):
        # R-TRN-1: a session is on the plan of its own (local) year.
        assert session.plan_item.plan.year == timezone.localtime(session.starts_at).year
        assert session.ends_at <= now
    cycles = {c.period_start: c for c in AppraisalCycle.objects.all()}
    current = _quarter_start(today)
    assert cycles[current].state == CycleState.SELF_ASSESSMENT
    last = cycles[_quarter_start(current - timedelta(days=1))]
    published, deadline, _archived = demo_calendar(last)
    if now > deadline:
        assert last.state == CycleState.ARCHIVED
    elif now >= published:
        assert last.state == CycleState.PUBLISHED
    else:
        assert last.state == CycleState.SELF_ASSESSMENT
    archived = [c for c in cycles.values() if c.state == CycleState.ARCHIVED]
    assert len(archived) == 1
    for cycle in cycles.values():
        assert cycle.period_start <= today
        if cycle.published_at:  # R-APR-4: published, objected to, archived: in that order
            assert cycle.published_at <= now
            assert cycle.objection_deadline > cycle.published_at
        if cycle.archived_at:
            assert cycle.objection_deadline < cycle.archived_at <= now


@pytest.mark.parametrize(
    "anchor",
    [
        pytest.param(text, marks=[runs_at(text, tick=False), pytest.mark.slow], id=text)
        for text in ANCHORS
    ]
    + [pytest.param(None, id="today")],  # the real clock: the day `make run` runs on
)
def test_seed_demo_on_any_day_fits_the_rules_and_is_idempotent(anchor, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    _assert_facts_fit_the_day()
    first = _row_counts()
    call_command("seed_demo", verbosity=0)
    assert _row_counts() == first
