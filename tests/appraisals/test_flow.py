"""R-APR-4: self-assessment, leader evaluation, publication, objections, HR review,
archive and the lock; bad input leaves everything unchanged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from appraisals import services
from appraisals.models import (
    AppraisalCycle,
    AppraisalState,
    CycleState,
    IndicatorScore,
    ObjectionStatus,
    Review,
)
from appraisals.rollup import appraisal_rollup
from appraisals.selectors import evaluation_queue

from .helpers import appraisal_of, evaluate, evaluate_all, to_leader_evaluation

pytestmark = pytest.mark.django_db
ALL = {"canvasser1": 90, "canvasser2": 70, "canvasser3": 80, "leader1": 75, "leader2": 60}


def _published(org):
    cycle = to_leader_evaluation(org)
    evaluate_all(org, cycle, ALL)
    services.appraisal_cycle_advance(actor=org["manager"].user, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def _past_objections(cycle):
    AppraisalCycle.objects.filter(pk=cycle.pk).update(
        objection_deadline=timezone.now() - timedelta(minutes=1)
    )
    cycle.refresh_from_db()


def test_r_apr_4_the_cycle_goes_through_its_states_in_order(quarter):
    manager = quarter["manager"].user
    cycle = appraisal_rollup(label="2026Q3").cycle
    assert cycle.state == CycleState.OPEN
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    assert AppraisalCycle.objects.get().state == CycleState.SELF_ASSESSMENT
    with pytest.raises(PermissionDenied):
        services.appraisal_cycle_advance(actor=quarter["leader1"].user, cycle=cycle)
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.LEADER_EVALUATION
    with pytest.raises(ValidationError, match="not evaluated"):
        services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    evaluate_all(quarter, cycle, ALL)
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLISHED
    assert cycle.objection_deadline - cycle.published_at == timedelta(days=3)


def test_r_apr_4_the_person_fills_their_own_self_assessment(quarter):
    cycle = appraisal_rollup(label="2026Q3").cycle
    mine = appraisal_of(cycle, quarter["canvasser1"])
    with pytest.raises(ValidationError, match="not open"):
        services.self_assessment_submit(
            actor=quarter["canvasser1"].user,
            appraisal=mine,
            summary="x",
            improvements="",
            self_score=None,
        )
    services.appraisal_cycle_advance(actor=quarter["manager"].user, cycle=cycle)
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(
            actor=quarter["canvasser2"].user,
            appraisal=mine,
            summary="x",
            improvements="",
            self_score=None,
        )
    with pytest.raises(ValidationError):
        services.self_assessment_submit(
            actor=quarter["canvasser1"].user,
            appraisal=mine,
            summary="x",
            improvements="",
            self_score=Decimal(120),
        )
    mine.refresh_from_db()
    assert mine.self_submitted_at is None
    services.self_assessment_submit(
        actor=quarter["canvasser1"].user,
        appraisal=mine,
        summary="完成任务",
        improvements="",
        self_score=Decimal(85),
    )
    mine.refresh_from_db()
    assert (mine.state, mine.self_score) == (AppraisalState.LEADER, Decimal("85.00"))


def test_r_apr_4_a_leader_evaluates_only_their_groups_people(quarter):
    cycle = to_leader_evaluation(quarter)
    c3 = appraisal_of(cycle, quarter["canvasser3"])
    assert set(evaluation_queue(user=quarter["leader1"].user).values_list("staff", flat=True)) == {
        quarter["canvasser1"].pk,
        quarter["canvasser2"].pk,
    }
    with pytest.raises(PermissionDenied):
        evaluate(quarter["leader1"].user, c3, 80)
    with pytest.raises(ValidationError, match="your own request"):
        evaluate(quarter["leader1"].user, appraisal_of(cycle, quarter["leader1"]), 100)
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    with pytest.raises(ValidationError, match="between 0 and 100"):
        evaluate(quarter["leader1"].user, c1, 101)
    assert not IndicatorScore.objects.filter(appraisal=c1, indicator__code="leader_rating").exists()
    evaluate(quarter["leader1"].user, c1, 90, comment="很好")
    c1.refresh_from_db()
    assert c1.state == AppraisalState.EVALUATED
    assert c1.leader_comment == "很好"
    assert c1.scores.get(indicator__code="leader_rating").score == Decimal("90.00")
    # the leaders themselves are evaluated by a manager
    evaluate(quarter["manager"].user, appraisal_of(cycle, quarter["leader1"]), 75)


def test_r_apr_4_objections_only_by_the_person_and_within_the_period(quarter):
    cycle = _published(quarter)
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    with pytest.raises(PermissionDenied):
        services.objection_raise(actor=quarter["canvasser2"].user, appraisal=c1, reason="x")
    with pytest.raises(ValidationError):
        services.objection_raise(actor=quarter["canvasser1"].user, appraisal=c1, reason="  ")
    objection = services.objection_raise(
        actor=quarter["canvasser1"].user, appraisal=c1, reason="培训时长漏记"
    )
    assert objection.status == ObjectionStatus.OPEN
    _past_objections(cycle)
    c2 = appraisal_of(cycle, quarter["canvasser2"])
    with pytest.raises(ValidationError, match="objection period is over"):
        services.objection_raise(actor=quarter["canvasser2"].user, appraisal=c2, reason="太晚")
    assert c2.objections.count() == 0


def test_r_apr_4_an_upheld_objection_returns_the_appraisal_to_the_leader(quarter):
    cycle = _published(quarter)
    c2 = appraisal_of(cycle, quarter["canvasser2"])
    objection = services.objection_raise(
        actor=quarter["canvasser2"].user, appraisal=c2, reason="评分偏低"
    )
    services.objection_answer(
        actor=quarter["manager"].user, objection=objection, upheld=True, answer="请组长复评"
    )
    c2.refresh_from_db()
    assert c2.state == AppraisalState.LEADER
    assert list(evaluation_queue(user=quarter["leader1"].user)) == [c2]
    before = c2.total_score
    evaluate(quarter["leader1"].user, c2, 100)
    c2.refresh_from_db()
    assert c2.state == AppraisalState.EVALUATED
    assert c2.total_score > before


def test_r_apr_4_a_cycle_with_an_open_objection_cannot_be_archived(quarter):
    cycle = _published(quarter)
    hr = quarter["hr"].user
    services.appraisal_review(actor=hr, appraisals=list(cycle.appraisals.all()), approve=True)
    objection = services.objection_raise(
        actor=quarter["canvasser1"].user,
        appraisal=appraisal_of(cycle, quarter["canvasser1"]),
        reason="x",
    )
    _past_objections(cycle)
    with pytest.raises(ValidationError, match="objection is still open"):
        services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    services.objection_answer(
        actor=quarter["manager"].user, objection=objection, upheld=False, answer="维持原结果"
    )
    services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    assert AppraisalCycle.objects.get().state == CycleState.ARCHIVED


def test_r_apr_4_hr_returns_an_appraisal_to_the_leader(quarter):
    cycle = _published(quarter)
    hr = quarter["hr"].user
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    with pytest.raises(ValidationError):
        services.appraisal_review(actor=hr, appraisals=[c1], approve=False, note="")
    services.appraisal_review(actor=hr, appraisals=[c1], approve=False, note="评语太简单")
    c1.refresh_from_db()
    assert (c1.state, c1.review) == (AppraisalState.LEADER, Review.RETURNED)
    _past_objections(cycle)
    with pytest.raises(ValidationError, match="evaluated and approved"):
        services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    with pytest.raises(PermissionDenied):
        services.appraisal_cycle_archive(actor=quarter["manager"].user, cycle=cycle)


def test_r_apr_4_nothing_changes_after_the_archive(quarter):
    cycle = _published(quarter)
    hr = quarter["hr"].user
    services.appraisal_review(actor=hr, appraisals=list(cycle.appraisals.all()), approve=True)
    with pytest.raises(ValidationError, match="objection period runs"):
        services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    _past_objections(cycle)
    services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    snapshot = (c1.total_score, c1.bonus, c1.state)
    for attempt in (
        lambda: evaluate(quarter["leader1"].user, c1, 10),
        lambda: services.objection_raise(
            actor=quarter["canvasser1"].user, appraisal=c1, reason="x"
        ),
        lambda: services.appraisal_cycle_bonus_base_set(
            actor=quarter["manager"].user, cycle=cycle, bonus_base=Decimal(5000)
        ),
        lambda: services.appraisal_review(actor=hr, appraisals=[c1], approve=False, note="x"),
    ):
        with pytest.raises((ValidationError, PermissionDenied)):
            attempt()
    c1.refresh_from_db()
    assert (c1.total_score, c1.bonus, c1.state) == snapshot
    assert AppraisalCycle.objects.get().bonus_base == Decimal("1000.00")


def test_r_apr_4_self_assessment_page_works_and_refuses_someone_else(quarter, client):
    cycle = appraisal_rollup(label="2026Q3").cycle
    services.appraisal_cycle_advance(actor=quarter["manager"].user, cycle=cycle)
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    client.force_login(quarter["canvasser2"].user)
    assert client.get(reverse("appraisal-detail", args=[c1.pk])).status_code == 404
    response = client.post(reverse("appraisal-self", args=[c1.pk]), {"summary": "x"})
    assert response.status_code == 404
    client.force_login(quarter["canvasser1"].user)
    page = client.get(reverse("appraisal-detail", args=[c1.pk]))
    assert page.status_code == 200
    assert "summary" in page.content.decode()
    bad = client.post(
        reverse("appraisal-self", args=[c1.pk]), {"summary": "x", "self_score": "150"}
    )
    assert bad.status_code == 400
    c1.refresh_from_db()
    assert c1.self_submitted_at is None
    client.post(reverse("appraisal-self", args=[c1.pk]), {"summary": "完成", "self_score": "80"})
    c1.refresh_from_db()
    assert c1.self_submitted_at is not None


def test_r_apr_4_evaluation_page_outside_the_group_is_refused(quarter, client):
    cycle = to_leader_evaluation(quarter)
    c3 = appraisal_of(cycle, quarter["canvasser3"])
    client.force_login(quarter["leader1"].user)
    assert client.get(reverse("appraisal-evaluate", args=[c3.pk])).status_code == 404
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    assert client.get(reverse("appraisal-evaluate", args=[c1.pk])).status_code == 200
    assert client.get(reverse("appraisal-queue")).status_code == 200
    client.force_login(quarter["canvasser1"].user)
    assert client.get(reverse("appraisal-queue")).status_code == 403


def test_r_sys_2_ratings_and_reviews_keep_history(quarter):
    cycle = _published(quarter)
    hr = quarter["hr"].user
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    services.appraisal_review(actor=hr, appraisals=[c1], approve=True)
    assert c1.history.filter(review=Review.APPROVED, history_user=hr).exists()
    rating = c1.scores.get(indicator__code="leader_rating")
    assert rating.history.filter(score=Decimal("90.00")).exists()


def test_r_sys_1_refusals_read_in_chinese_by_default(quarter):
    from django.utils import translation

    cycle = appraisal_rollup(label="2026Q3").cycle
    mine = appraisal_of(cycle, quarter["canvasser1"])
    with translation.override("zh-hans"), pytest.raises(ValidationError, match="自评未开放"):
        services.self_assessment_submit(
            actor=quarter["canvasser1"].user,
            appraisal=mine,
            summary="x",
            improvements="",
            self_score=None,
        )
