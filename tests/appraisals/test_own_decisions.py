"""Issue 17 Build 3: nobody scores or reviews their own appraisal (outreach.decisions)."""

import pytest
from django.core.exceptions import ValidationError

from appraisals.models import AppraisalState, IndicatorScore
from appraisals.selectors import evaluation_queue

from .helpers import appraisal_of, evaluate, to_leader_evaluation

OWN = "You cannot decide your own request."


def test_hardening_a_leader_cannot_score_their_own_appraisal(quarter):
    cycle = to_leader_evaluation(quarter)
    own = appraisal_of(cycle, quarter["leader1"])
    with pytest.raises(ValidationError, match=OWN):
        evaluate(quarter["leader1"].user, own, 100)
    own.refresh_from_db()
    assert own.state == AppraisalState.LEADER
    assert not IndicatorScore.objects.filter(
        appraisal=own, indicator__code="leader_rating"
    ).exists()


def test_hardening_a_leaders_appraisal_is_in_the_managers_queue(quarter):
    cycle = to_leader_evaluation(quarter)
    own = appraisal_of(cycle, quarter["leader1"])
    assert own in evaluation_queue(user=quarter["manager"].user)
    assert own not in evaluation_queue(user=quarter["leader1"].user)
    evaluate(quarter["manager"].user, own, 75)
    own.refresh_from_db()
    assert own.state == AppraisalState.EVALUATED
