"""Issue 8 §4: an appraisal form to fill reaches each person (self-assessment) and each
leader (evaluation) as one notification, however often the notifier runs."""

import pytest

from outreach.models import Notification
from payroll.appraisals import services
from payroll.appraisals.rollup import appraisal_rollup

pytestmark = pytest.mark.django_db


def test_r_dash_notify_an_appraisal_form_to_fill_once(quarter, django_capture_on_commit_callbacks):
    manager = quarter["manager"].user
    cycle = appraisal_rollup(label="2026Q3").cycle
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    services.appraisal_forms_notify(cycle=cycle)
    mine = Notification.objects.filter(recipient=quarter["canvasser1"].user, kind="appraisal_self")
    assert mine.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    services.appraisal_forms_notify(cycle=cycle)
    to_evaluate = Notification.objects.filter(
        recipient=quarter["leader1"].user, kind="appraisal_evaluate"
    )
    assert to_evaluate.count() == 2  # canvasser1 and canvasser2, once each
