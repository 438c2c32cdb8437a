"""R-APR-1/2/3: cycles, the template as data, the roll-up computed by hand, idempotency,
concurrency, the archive lock and pro-rata joiners."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appraisals.defaults import template_default
from appraisals.indicators import SOURCES, unavailable
from appraisals.models import (
    Appraisal,
    AppraisalCycle,
    CycleKind,
    CycleState,
    IndicatorScore,
    Scoring,
)
from appraisals.periods import labels_closed_on, period_of
from appraisals.rollup import appraisal_rollup
from appraisals.tasks import appraisal_cycles_due_task
from outreach.models import Role
from tests.factories import GroupFactory, StaffFactory, staff_in_group
from tests.factories.training import result, session_held

from .helpers import appraisal_of

pytestmark = pytest.mark.django_db


def test_r_apr_1_periods_are_quarters_and_years():
    assert period_of("2026Q3") == (CycleKind.QUARTERLY, date(2026, 7, 1), date(2026, 9, 30))
    assert period_of("2026q4") == (CycleKind.QUARTERLY, date(2026, 10, 1), date(2026, 12, 31))
    assert period_of("2026") == (CycleKind.ANNUAL, date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValueError, match="2026Q3"):
        period_of("2026Q5")


def test_r_apr_1_the_beat_job_rolls_up_the_quarter_and_year_that_closed():
    assert labels_closed_on(date(2026, 10, 1)) == ["2026Q3"]
    assert labels_closed_on(date(2027, 1, 1)) == ["2026Q4", "2026"]
    assert labels_closed_on(date(2026, 10, 2)) == []
    from outreach.celery import app

    entry = app.conf.beat_schedule["appraisal-cycles-due"]
    assert entry["task"] == "payroll.appraisals.tasks.appraisal_cycles_due_task"
    assert "payroll.appraisals.tasks.appraisal_cycles_due_task" in app.tasks


def test_r_apr_1_the_job_creates_the_cycles_on_the_first_of_the_quarter(org, monkeypatch):
    monkeypatch.setattr("appraisals.tasks.today", lambda: date(2027, 1, 1))
    appraisal_cycles_due_task()
    cycles = AppraisalCycle.objects.order_by("kind")
    assert [(c.label, c.kind, c.state) for c in cycles] == [
        ("2026", CycleKind.ANNUAL, CycleState.OPEN),
        ("2026Q4", CycleKind.QUARTERLY, CycleState.OPEN),
    ]
    monkeypatch.setattr("appraisals.tasks.today", lambda: date(2027, 1, 2))
    assert appraisal_cycles_due_task() == []


def test_r_apr_2_the_default_template_is_data_with_weights_50_20_15_15(db):
    template = template_default()
    dims = list(template.dimensions.order_by("position").values_list("code", "weight"))
    assert dims == [
        ("results", Decimal("50.00")),
        ("client_relations", Decimal("20.00")),
        ("teamwork", Decimal("15.00")),
        ("growth", Decimal("15.00")),
    ]
    codes = {i.code: i for d in template.dimensions.all() for i in d.indicators.all()}
    assert set(codes) == set(SOURCES) | {"leader_rating"}
    assert codes["leader_rating"].scoring == Scoring.RATED
    assert codes["valid_visits"].scoring == Scoring.TARGET
    assert codes["new_clients"].scoring == Scoring.DISTRIBUTION
    bands = list(template.bands.values_list("grade", "min_score", "coefficient"))
    assert bands[0] == ("S", Decimal("90.00"), Decimal("2.00"))
    assert [b[0] for b in bands] == ["S", "A", "B", "C", "D"]
    assert template_default() == template  # ensured once


def test_r_apr_2_every_measured_indicator_of_the_template_has_a_source():
    template = template_default()
    measured = {
        i.code
        for d in template.dimensions.all()
        for i in d.indicators.all()
        if i.scoring != Scoring.RATED
    }
    assert measured == set(SOURCES)
    assert all(SOURCES[code] is not unavailable for code in measured)


def test_r_apr_3_the_roll_up_on_a_constructed_quarter_computed_by_hand(quarter):
    """The raw values and indicator scores are tabled on the `quarter` fixture."""
    org = quarter
    result_ = appraisal_rollup(label="2026Q3")
    cycle = result_.cycle
    assert result_.people == 5  # canvassers and leaders; office roles are not appraised
    c1 = appraisal_of(cycle, org["canvasser1"])
    scores = {s.indicator.code: (s.actual, s.score) for s in c1.scores.select_related("indicator")}
    assert scores == {
        "valid_visits": (Decimal("40.00"), Decimal("100.00")),  # 40 against 30
        "new_clients": (Decimal("10.00"), Decimal("75.00")),  # G01 5, 10, 10: (1 + ½) ÷ 2
        "deal_units": (Decimal("3.00"), Decimal("100.00")),  # G01 0, 3, 1: 2 ÷ 2
        "deal_amount": (Decimal("3000000.00"), Decimal("100.00")),
        "events_organised": (Decimal("1.00"), Decimal("25.00")),  # G01 2, 1, 1: (0 + ½) ÷ 2
        "event_attendees": (Decimal("30.00"), Decimal("100.00")),  # G01 20, 30, 12: 2 ÷ 2
        "event_new_leads": (Decimal("4.00"), Decimal("75.00")),  # G01 0, 4, 4: (1 + ½) ÷ 2
        "satisfaction": (Decimal("4.50"), Decimal("90.00")),  # 4.5 ÷ 5
        "complaints_on_time": (Decimal("100.00"), Decimal("100.00")),
        "repeat_deals": (Decimal("1.00"), Decimal("100.00")),  # G01 0, 1, 0: 2 ÷ 2
        "group_target_share": (Decimal("80.00"), Decimal("80.00")),  # 80 ÷ 100
        "training_hours": (Decimal("3.00"), Decimal("50.00")),  # 3 h against 6 h
        "training_score": (Decimal("80.00"), Decimal("80.00")),  # 80 ÷ 100
    }
    c2 = appraisal_of(cycle, org["canvasser2"])
    c2_scores = {s.indicator.code: s.score for s in c2.scores.select_related("indicator")}
    assert c2_scores["training_hours"] == Decimal("100.00")  # 6 h
    assert c2_scores["training_score"] == Decimal("80.00")  # (60 + 100) ÷ 2
    leader1 = appraisal_of(cycle, org["leader1"])
    assert leader1.scores.get(indicator__code="new_clients").score == Decimal("0.00")
    assert not leader1.scores.filter(indicator__code="complaints_on_time").exists()  # no value
    assert appraisal_of(cycle, org["canvasser3"]).scores.get(
        indicator__code="new_clients"
    ).score == Decimal("100.00")  # G02: leader2 0, canvasser3 7
    # canvasser1 before any rating (indicator weights within each dimension):
    #   results  (25·75 + 25·100 + 20·100 + 15·100 + 5·25 + 5·100 + 5·75) ÷ 100
    #            = 8875 ÷ 100 = 88.75
    #   client relations (40·90 + 30·100 + 30·100) ÷ 100 = 96
    #   teamwork: only the group target share so far = 80
    #   growth   (50·50 + 50·80) ÷ 100 = 65
    #   total    (50·88.75 + 20·96 + 15·80 + 15·65) ÷ 100
    #            = (4437.5 + 1920 + 1200 + 975) ÷ 100 = 85.325 → 85.33 (half up)
    assert c1.total_score == Decimal("85.33")


def test_r_apr_3_rolling_up_twice_gives_the_same_rows(quarter):
    appraisal_rollup(label="2026Q3")
    first = sorted(
        IndicatorScore.objects.values_list("appraisal_id", "indicator_id", "actual", "score")
    )
    appraisals = sorted(Appraisal.objects.values_list("pk", "staff_id", "total_score"))
    appraisal_rollup(label="2026Q3")
    assert (
        sorted(
            IndicatorScore.objects.values_list("appraisal_id", "indicator_id", "actual", "score")
        )
        == first
    )
    assert sorted(Appraisal.objects.values_list("pk", "staff_id", "total_score")) == appraisals
    assert AppraisalCycle.objects.count() == 1


def test_r_apr_3_an_archived_cycle_is_left_alone_and_says_so(quarter, capsys):
    appraisal_rollup(label="2026Q3")
    AppraisalCycle.objects.update(state=CycleState.ARCHIVED)
    before = sorted(IndicatorScore.objects.values_list("pk", "score", "updated_at"))
    StaffFactory(role=Role.CANVASSER, hire_date=date(2026, 8, 1))
    call_command("rollup_appraisals", "2026Q3")  # exits 0
    assert "archived" in capsys.readouterr().out
    assert sorted(IndicatorScore.objects.values_list("pk", "score", "updated_at")) == before
    assert Appraisal.objects.count() == 5


def test_r_apr_3_the_command_refuses_a_bad_period(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="2026Q3"):
        call_command("rollup_appraisals", "Q3")


def test_r_apr_3_a_mid_quarter_joiner_is_appraised_pro_rata_and_marked(org):
    hr = org["hr"].user
    joiner = staff_in_group(org["groups"][1], hire_date=date(2026, 8, 16))
    session = session_held(actor=hr, day=date(2026, 9, 2), hours=3, attendees=[joiner])
    result(hr, session, joiner, exam_score=90)
    cycle = appraisal_rollup(label="2026Q3").cycle
    appraisal = appraisal_of(cycle, joiner)
    assert appraisal.pro_rata is True
    assert appraisal.coverage == Decimal("0.5000")  # 46 of 92 days
    # 3 h against 6 h × 0.5 → fully met
    assert appraisal.scores.get(indicator__code="training_hours").score == Decimal("100.00")
    assert appraisal_of(cycle, org["canvasser1"]).pro_rata is False


def test_r_apr_3_people_who_left_before_the_quarter_are_not_appraised(org):
    StaffFactory(role=Role.CANVASSER, hire_date=date(2025, 1, 1), leave_date=date(2026, 6, 30))
    assert appraisal_rollup(label="2026Q3").people == 5


def _people(n):
    group = GroupFactory(code="G09")
    return [staff_in_group(group) for _ in range(n)]


def _rollup_queries(label):
    with CaptureQueriesContext(connection) as ctx:
        appraisal_rollup(label=label)
    return len(ctx.captured_queries)


def _sqlite_real_parameter_limit(monkeypatch):
    """Django assumes SQLite's old 999-variable limit and splits big statements; the linked
    library allows more, so measure the algorithm rather than that conservative default."""
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


def test_r_apr_3_the_roll_up_takes_a_fixed_number_of_queries(
    org, django_assert_max_num_queries, monkeypatch
):
    _sqlite_real_parameter_limit(monkeypatch)
    hr = org["hr"].user
    few = _people(5)
    session = session_held(actor=hr, day=date(2026, 8, 1), attendees=few)
    for person in few:
        result(hr, session, person, exam_score=70)
    small = _rollup_queries("2026Q3")
    many = [staff_in_group(GroupFactory(code="G10")) for _ in range(45)]
    session = session_held(actor=hr, day=date(2026, 5, 1), attendees=few + many)
    for person in few + many:
        result(hr, session, person, exam_score=70)
    with django_assert_max_num_queries(small):
        appraisal_rollup(label="2026Q2")
    assert Appraisal.objects.filter(cycle__label="2026Q2").count() == 55


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_r_apr_3_two_concurrent_roll_ups_give_the_same_rows(quarter):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this on PostgreSQL")
    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            appraisal_rollup(label="2026Q3")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AppraisalCycle.objects.count() == 1
    assert Appraisal.objects.count() == 5
    rows = sorted(IndicatorScore.objects.values_list("appraisal_id", "indicator_id", "score"))
    appraisal_rollup(label="2026Q3")
    assert (
        sorted(IndicatorScore.objects.values_list("appraisal_id", "indicator_id", "score")) == rows
    )


def test_r_apr_3_an_annual_cycle_scales_volume_targets_by_four(org):
    hr = org["hr"].user
    c1 = org["canvasser1"]
    for month in (2, 5, 8, 11):
        session = session_held(actor=hr, day=date(2026, month, 3), hours=3, attendees=[c1])
        result(hr, session, c1, exam_score=90)
    cycle = appraisal_rollup(label="2026").cycle
    assert cycle.kind == CycleKind.ANNUAL
    hours = appraisal_of(cycle, c1).scores.get(indicator__code="training_hours")
    assert hours.actual == Decimal("12.00")
    assert hours.score == Decimal("50.00")  # 12 h against 6 h × 4 quarters
    # an average is not a volume: its target is not scaled
    assert appraisal_of(cycle, c1).scores.get(indicator__code="training_score").score == Decimal(
        "90.00"
    )
