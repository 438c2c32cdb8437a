"""Issue 8 §4: an appraisal form to fill reaches each person (self-assessment) and each
leader (evaluation) as one notification, however often the notifier runs."""

import pytest
from django.urls import reverse

from appraisals import services
from appraisals.models import Appraisal
from appraisals.rollup import appraisal_rollup
from outreach.models import Notification

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


def test_first_use_the_self_assessment_link_opens_the_form(
    quarter, client, django_capture_on_commit_callbacks
):
    """Issue 18 §3: the notification pointed at the POST-only self URL (405)."""
    cycle = appraisal_rollup(label="2026Q3").cycle
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_cycle_advance(actor=quarter["manager"].user, cycle=cycle)
    cycle.refresh_from_db()
    services.appraisal_forms_notify(cycle=cycle)
    note = Notification.objects.get(recipient=quarter["canvasser1"].user, kind="appraisal_self")
    client.force_login(quarter["canvasser1"].user)
    response = client.get(note.link)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="self-assessment"' in page
    assert note.link.endswith("#self-assessment")
    mine = Appraisal.objects.get(cycle=cycle, staff=quarter["canvasser1"])
    assert f'action="{reverse("appraisal-self", args=[mine.pk])}"' in page


def test_appraisal_publication_notifies_everyone_appraised_once(
    quarter, django_capture_on_commit_callbacks
):
    """Issue 20: the 公示 reaches each appraised person (and, through push, their group
    chat), in one insert; running the notifier again adds nothing."""
    from .helpers import evaluate_all, to_leader_evaluation

    cycle = to_leader_evaluation(quarter)
    evaluate_all(
        quarter,
        cycle,
        {"canvasser1": 90, "canvasser2": 70, "canvasser3": 80, "leader1": 75, "leader2": 60},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_cycle_advance(actor=quarter["manager"].user, cycle=cycle)
    cycle.refresh_from_db()
    services.appraisal_forms_notify(cycle=cycle)
    published = Notification.objects.filter(kind="appraisal_published")
    expected = set(cycle.appraisals.values_list("staff__user_id", flat=True))
    assert set(published.values_list("recipient_id", flat=True)) == expected
    assert published.count() == len(expected) > 0
    assert all(note.object_key == f"appraisals.appraisalcycle:{cycle.pk}" for note in published)
