"""R-APR-5: total, ranks, grade, bonus (no cap), honours, flags, career plan, pages,
the export and the bonus handed to payroll."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from appraisals import services
from appraisals.models import AppraisalCycle, CareerPlan, Honour
from appraisals.selectors import appraisal_bonuses_for_month
from outreach.models import AccessLog
from tests.factories import GroupFactory, staff_in_group

from .helpers import appraisal_of, evaluate_all, to_leader_evaluation

pytestmark = pytest.mark.django_db
ALL = {"canvasser1": 90, "canvasser2": 70, "canvasser3": 80, "leader1": 75, "leader2": 60}


def _published(org, scores=ALL):
    cycle = to_leader_evaluation(org)
    evaluate_all(org, cycle, scores)
    services.appraisal_cycle_advance(actor=org["manager"].user, cycle=cycle)
    cycle.refresh_from_db()
    return cycle


def _archive(org, cycle, when=None):
    services.appraisal_review(
        actor=org["hr"].user, appraisals=list(cycle.appraisals.all()), approve=True
    )
    AppraisalCycle.objects.filter(pk=cycle.pk).update(
        objection_deadline=timezone.now() - timedelta(minutes=1)
    )
    cycle.refresh_from_db()
    services.appraisal_cycle_archive(actor=org["hr"].user, cycle=cycle)
    if when:
        AppraisalCycle.objects.filter(pk=cycle.pk).update(archived_at=when)
    cycle.refresh_from_db()
    return cycle


def test_r_apr_5_totals_ranks_grades_and_bonuses_computed_by_hand(quarter):
    cycle = _published(quarter)
    got = {
        who: appraisal_of(cycle, quarter[who])
        for who in ("canvasser1", "canvasser2", "canvasser3", "leader1", "leader2")
    }
    # Indicator scores are tabled on the `quarter` fixture; dimension weights 50/20/15/15.
    # Results weights: new clients 25, visits 25, units 20, amount 15, events organised 5,
    # their attendees 5, their new leads 5.
    # canvasser1 (rating 90):
    #   results (25·75 + 25·100 + 20·100 + 15·100 + 5·25 + 5·100 + 5·75) ÷ 100 = 88.75
    #   client relations (40·90 + 30·100 + 30·100) ÷ 100 = 96
    #   teamwork (60·90 + 40·80) ÷ 100 = 86;  growth (50·50 + 50·80) ÷ 100 = 65
    #   total (50·88.75 + 20·96 + 15·86 + 15·65) ÷ 100 = (4437.5 + 1920 + 1290 + 975) ÷ 100
    #         = 86.225 → 86.23 → A (80 ≤ 86.23 < 90), bonus 1.50 × 1000
    c1 = got["canvasser1"]
    assert (c1.total_score, c1.grade, c1.coefficient, c1.bonus) == (
        Decimal("86.23"),
        "A",
        Decimal("1.50"),
        Decimal("1500.00"),
    )
    # canvasser2 (rating 70):
    #   results (25·75 + 25·50 + 20·50 + 15·50 + 5·25 + 5·0 + 5·75) ÷ 100 = 53.75
    #   client relations (40·60 + 30·50 + 30·25) ÷ 100 = 46.5
    #   teamwork (60·70 + 40·80) ÷ 100 = 74;  growth (50·100 + 50·80) ÷ 100 = 90
    #   total (2687.5 + 930 + 1110 + 1350) ÷ 100 = 60.775 → 60.78 → C, bonus 0.50 × 1000
    assert (got["canvasser2"].total_score, got["canvasser2"].grade) == (Decimal("60.78"), "C")
    assert got["canvasser2"].bonus == Decimal("500.00")
    # canvasser3 (rating 80):
    #   results (25·100 + 25·100 + 20·100 + 15·100 + 5·0 + 5·0 + 5·0) ÷ 100 = 85
    #   client relations, no complaints value: (40·80 + 30·50) ÷ 70 = 4700 ÷ 70 = 67.142857…
    #   teamwork (60·80 + 40·100) ÷ 100 = 88;  growth (hours 0 → 0; no training score) = 0
    #   total (4250 + 1342.857… + 1320 + 0) ÷ 100 = 69.128… → 69.13 → C
    assert (got["canvasser3"].total_score, got["canvasser3"].grade) == (Decimal("69.13"), "C")
    # leader1 (rating 75): results (25·0 + 25·100 + 0 + 0 + 5·100 + 5·50 + 5·0) ÷ 100
    #   = 32.5; client relations (40·100 + 30·25) ÷ 70 = 67.857…; teamwork (60·75 + 40·80)
    #   ÷ 100 = 77; growth 0 → (1625 + 1357.142… + 1155 + 0) ÷ 100 = 41.371… → 41.37 → D
    assert (got["leader1"].total_score, got["leader1"].grade) == (Decimal("41.37"), "D")
    # leader2 (rating 60): results (5·100 + 5·100 + 5·100) ÷ 100 = 15 (the events only);
    #   client relations 50 (repeat deals only); teamwork (60·60 + 40·100) ÷ 100 = 76;
    #   growth 0 → (750 + 1000 + 1140 + 0) ÷ 100 = 28.90 → D
    assert got["leader2"].total_score == Decimal("28.90")
    ranked = ("canvasser1", "canvasser3", "canvasser2", "leader1", "leader2")
    assert [got[w].rank_overall for w in ranked] == [1, 2, 3, 4, 5]
    assert (c1.rank_group, got["canvasser2"].rank_group, got["canvasser3"].rank_group) == (1, 2, 1)
    assert c1.honour == Honour.OUTSTANDING
    assert got["canvasser2"].training_candidate
    assert not c1.training_candidate
    assert got["leader2"].grade == "D"
    assert got["leader2"].bonus == Decimal("0.00")


def test_r_apr_5_the_bonus_base_is_per_cycle_and_not_capped(quarter):
    # canvasser1 rated 100: teamwork (60·100 + 40·80) ÷ 100 = 92
    # → (4437.5 + 1920 + 15·92 + 975) ÷ 100 = 87.125 → 87.13 → A, coefficient 1.50
    cycle = _published(quarter, ALL | {"canvasser1": 100})
    services.appraisal_cycle_bonus_base_set(
        actor=quarter["manager"].user, cycle=cycle, bonus_base=Decimal("123456.78")
    )
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    assert (c1.total_score, c1.coefficient) == (Decimal("87.13"), Decimal("1.50"))
    assert c1.bonus == Decimal("185185.17")  # 1.50 × 123,456.78 = 185,185.17, no cap


def test_r_apr_5_promotion_flag_and_best_outreach_honour(org, sources):
    g3 = GroupFactory(code="G03")
    star, runner = staff_in_group(g3), staff_in_group(g3)
    people = [org[w] for w in ("leader1", "leader2", "canvasser1", "canvasser2", "canvasser3")]
    # Only visits and training are measured here: every other measured indicator has no
    # value, so star's total is results 100 (visits 90 ≥ 30), teamwork 100, growth 100.
    nothing = {
        code: {}
        for code in (
            "new_clients",
            "deal_units",
            "deal_amount",
            "events_organised",
            "event_attendees",
            "event_new_leads",
            "satisfaction",
            "complaints_on_time",
            "repeat_deals",
            "group_target_share",
        )
    }
    sources(
        valid_visits={p.pk: 0 for p in people} | {star.pk: 90, runner.pk: 90},
        training_hours={p.pk: 0 for p in people} | {star.pk: 6, runner.pk: 6},
        training_score={star.pk: 100, runner.pk: 95},
        **nothing,
    )
    cycle = to_leader_evaluation(org)
    evaluate_all(org, cycle, ALL)
    manager = org["manager"].user
    from .helpers import evaluate

    evaluate(manager, appraisal_of(cycle, star), 100)
    evaluate(manager, appraisal_of(cycle, runner), 95)
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    best, second = appraisal_of(cycle, star), appraisal_of(cycle, runner)
    assert best.grade == "S"
    assert best.promotion_candidate
    assert best.honour == Honour.OUTSTANDING
    assert second.honour == Honour.BEST_OUTREACH


def test_r_apr_5_the_bonus_is_paid_the_month_after_the_archive(quarter):
    cycle = _published(quarter)
    tz = ZoneInfo("Asia/Shanghai")
    _archive(quarter, cycle, when=datetime(2026, 10, 31, 23, 30, tzinfo=tz))
    c1 = appraisal_of(cycle, quarter["canvasser1"])
    november = appraisal_bonuses_for_month(date(2026, 11, 1))
    assert (c1.pk, quarter["canvasser1"].pk, Decimal("1500.00")) in november
    assert all(amount > 0 for _a, _s, amount in november)
    assert appraisal_bonuses_for_month(date(2026, 10, 1)) == []
    assert appraisal_bonuses_for_month(date(2026, 12, 1)) == []


def test_r_apr_5_career_plan_with_dated_talks(org, client):
    person = org["canvasser1"]
    client.force_login(org["leader1"].user)
    url = reverse("career-plan", args=[person.pk])
    client.post(url, {"plan-goals": "三个月内成为组长助理", "plan-promotion_plan": "Q1 考核 A"})
    client.post(url, {"talk-held_on": "2026-10-12", "talk-notes": "谈了晋升路径"})
    plan = CareerPlan.objects.get(staff=person)
    assert plan.goals.startswith("三个月")
    assert plan.talks.get().held_on == date(2026, 10, 12)
    client.force_login(person.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"plan-goals": "x"}).status_code == 403
    client.force_login(org["leader2"].user)
    assert client.get(url).status_code == 404


def test_r_apr_5_pages_mine_cycle_and_archive_export(
    quarter, client, django_assert_max_num_queries
):
    cycle = _published(quarter)
    client.force_login(quarter["canvasser1"].user)
    mine = client.get(reverse("appraisal-mine"))
    assert mine.status_code == 200
    assert "2026Q3" in mine.content.decode()
    assert client.get(reverse("appraisal-cycle", args=[cycle.pk])).status_code == 403
    client.force_login(quarter["manager"].user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("appraisal-cycle", args=[cycle.pk]))
    body = page.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "grade-data" in body
    _archive(quarter, cycle)
    client.force_login(quarter["hr"].user)
    assert "2026Q3" in client.get(reverse("appraisal-archive")).content.decode()
    response = client.get(reverse("appraisal-cycle-export", args=[cycle.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6
    first = rows[1]
    assert first[0] == quarter["canvasser1"].employee_no
    assert Decimal(str(first[3])) == Decimal("86.23")
    assert first[6] == "A"
    assert Decimal(str(first[8])) == Decimal("1500")
    assert sheet.freeze_panes == "A2"
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_r_apr_5_the_cycle_page_query_count_does_not_grow(
    org, client, django_assert_max_num_queries
):
    from appraisals.rollup import appraisal_rollup

    small = appraisal_rollup(label="2026Q3").cycle
    group = GroupFactory(code="G08")
    for _ in range(30):
        staff_in_group(group)
    large = appraisal_rollup(label="2026Q2").cycle
    client.force_login(org["manager"].user)
    for cycle in (small, large):
        with django_assert_max_num_queries(20):
            assert client.get(reverse("appraisal-cycle", args=[cycle.pk])).status_code == 200


def test_r_apr_5_my_appraisals_and_the_queue_take_a_fixed_number_of_queries(
    org, client, django_assert_max_num_queries
):
    from appraisals.rollup import appraisal_rollup

    for label in ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"):
        appraisal_rollup(label=label)
    for who, name in (("canvasser1", "appraisal-mine"), ("leader1", "appraisal-queue")):
        client.force_login(org[who].user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_r_apr_5_the_bonus_line_appears_in_the_next_payroll_run(quarter):
    from payroll.calc import Kind
    from payroll.models import Payslip
    from payroll.services import payroll_run_calculate

    cycle = _published(quarter)
    tz = ZoneInfo("Asia/Shanghai")
    _archive(quarter, cycle, when=datetime(2026, 10, 31, 23, 30, tzinfo=tz))
    appraisal = appraisal_of(cycle, quarter["canvasser1"])
    run = payroll_run_calculate(month=date(2026, 11, 1))
    slip = Payslip.objects.get(run=run, staff=quarter["canvasser1"])
    line = slip.lines.get(kind=Kind.APPRAISAL_BONUS)
    assert (line.amount, line.source_id) == (Decimal("1500.00"), appraisal.pk)
    assert slip.appraisal_bonuses == Decimal("1500.00")
    assert slip.net - slip.gross + slip.fines_applied == Decimal("1500.00")  # outside gross
