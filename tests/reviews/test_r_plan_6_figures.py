"""R-PLAN-6: the review's figures on a small built world — exact, the previous quarter
beside, in agreement with the dashboard's selectors and the payroll runs, and computed
in a number of queries that does not grow with the data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.selectors import (
    deals_by_day,
    leads_registered_by_day,
    month_results_by_person,
)
from outreach.dates import next_month_start
from payroll.selectors import run_commissions_by_group
from reviews.figures import period_figures, review_figures
from tests.clock import runs_at

from .world import NOW, PREVIOUS, QUARTER, build_world, grow_world

pytestmark = [pytest.mark.django_db, runs_at(NOW)]


def _row(rows, key):
    return next(r for r in rows if r["key"] == key)


def test_r_plan_6_funnel_is_exact_per_group_kind_channel_and_point(org):
    world = build_world(org)
    funnel = period_figures(QUARTER)["funnel"]
    assert funnel["total"] == {"leads": 4, "valid_visits": 2, "deals": 1, "units": 2}
    g1, g2 = org["groups"]
    assert {
        k: _row(funnel["group"], str(g1.pk))[k] for k in ("leads", "valid_visits", "deals")
    } == {
        "leads": 2,
        "valid_visits": 2,
        "deals": 1,
    }
    assert _row(funnel["group"], str(g2.pk))["valid_visits"] == 0
    assert _row(funnel["kind"], "phone")["leads"] == 1
    assert _row(funnel["kind"], "in_person")["leads"] == 3
    assert _row(funnel["source"], "phone_in")["valid_visits"] == 1
    assert _row(funnel["source"], "roadshow")["leads"] == 1
    east = _row(funnel["point"], str(world["east"].pk))
    assert (east["leads"], east["valid_visits"], east["deals"], east["visits_per_lead"]) == (
        2,
        2,
        1,
        "1.00",
    )
    assert _row(funnel["point"], "")["leads"] == 1  # a lead without a point
    assert [m["leads"] for m in funnel["months"]] == [1, 1, 2]


def test_r_plan_6_costs_are_exact_decimals_and_per_lead_and_per_deal(org):
    build_world(org)
    costs = period_figures(QUARTER)["costs"]
    assert costs["events"] == "1534.56"  # 1000.00 + 234.56, the cancelled line not
    assert costs["claims"] == "88.80"  # the rejected claim not
    assert costs["commissions"] == "1200.00"  # 2 units × 500 + the leader's 2 × 100
    assert costs["total"] == "2823.36"
    assert costs["per_lead"] == "705.84"
    assert costs["per_deal"] == "2823.36"
    assert costs["months_not_locked"] == ["2026-06-01"]
    assert Decimal(costs["total"]) == Decimal("2823.36")


def test_r_plan_6_the_previous_quarter_is_beside_and_a_zero_divisor_gives_none(org):
    build_world(org)
    figures = review_figures(QUARTER)
    previous = figures["previous"]
    assert previous["quarter"] == PREVIOUS.isoformat()
    assert previous["funnel"]["total"] == {"leads": 1, "valid_visits": 0, "deals": 0, "units": 0}
    assert previous["costs"]["claims"] == "20.00"
    assert previous["costs"]["per_lead"] == "20.00"
    assert previous["costs"]["per_deal"] is None
    assert figures["current"]["label"] == "2026Q2"


def test_r_plan_6_targets_met_per_person_and_group(org):
    build_world(org)
    targets = period_figures(QUARTER)["targets"]
    people = {r["staff_id"]: (r["met"], r["months"]) for r in targets["people"]}
    assert people == {org["canvasser1"].pk: (2, 3), org["canvasser3"].pk: (0, 1)}
    assert [(g["code"], g["met"], g["months"]) for g in targets["groups"]] == [("G01", 0, 1)]


def test_r_plan_6_best_and_weakest_points_and_events(org):
    world = build_world(org)
    ranking = period_figures(QUARTER)["ranking"]
    assert [p["key"] for p in ranking["points"]["best"]] == [str(world["east"].pk)]
    assert [p["key"] for p in ranking["points"]["weakest"]] == [str(world["metro"].pk)]
    # held events only; no new leads nor guests, so the lower spend ranks first
    assert [e["theme"] for e in ranking["events"]["best"]] == ["客户沙龙"]
    assert [e["theme"] for e in ranking["events"]["weakest"]] == ["品鉴会"]


def test_r_plan_6_figures_agree_with_the_dashboard_month_by_month(org):
    build_world(org)
    grow_world(org, 3)
    funnel = period_figures(QUARTER)["funnel"]
    for row in funnel["months"]:
        first = date.fromisoformat(row["month"])
        last = next_month_start(first) - timedelta(days=1)
        assert row["leads"] == sum(
            leads_registered_by_day(owners=None, first=first, last=last).values()
        )
        assert row["deals"] == sum(deals_by_day(owners=None, first=first, last=last).values())
        people = month_results_by_person(first=first, next_first=next_month_start(first))
        assert row["valid_visits"] == sum(p["visits"] for p in people.values())
        assert row["units"] == sum(p["deals"] for p in people.values())


def test_r_plan_6_commissions_agree_with_the_locked_payroll_runs(org):
    world = build_world(org)
    costs = period_figures(QUARTER)["costs"]
    from_runs = Decimal("0.00")
    for run in world["runs"].values():
        for group in run_commissions_by_group(run):
            from_runs += sum(
                (v for k, v in group["totals"].items() if k != "team_award"), Decimal("0.00")
            )
    assert Decimal(costs["commissions"]) == from_runs == Decimal("1200.00")
    assert costs["commission_months"] == {"2026-04-01": "0.00", "2026-05-01": "1200.00"}


def _count(first):
    with CaptureQueriesContext(connection) as queries:
        review_figures(first)
    return len(queries)


def test_r_plan_6_the_query_count_does_not_grow_with_people_points_or_leads(
    org, django_assert_max_num_queries
):
    build_world(org)
    small = _count(QUARTER)
    grow_world(org, 8)
    with django_assert_max_num_queries(small):
        review_figures(QUARTER)
    assert _count(QUARTER) == small
    assert small <= 24
