"""Issue 21 §3/§4: payroll runs, payslips and appraisal results through the API — read
only, the same scope as the pages, money as exact decimal strings."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from appraisals import services as appraisal_services
from appraisals.defaults import template_default
from appraisals.models import Appraisal, AppraisalCycle, AppraisalState, CycleState
from payroll import services as payroll_services
from payroll.models import PayrollRun, Payslip, PayslipLine, RunStatus
from tests.factories import GroupFactory, staff_in_group
from tests.factories.clients import at

NOW = at(2026, 7, 10, 10)
JUNE, MAY = date(2026, 6, 1), date(2026, 5, 1)
pytestmark = pytest.mark.django_db


def _run(month: date, slips: dict, *, status=RunStatus.CALCULATED) -> PayrollRun:
    """A run with one payslip per person: {staff: (gross, net)}, each with a commission
    line (2 units × 500.00) and an adjustment line for the rest."""
    run = PayrollRun.objects.create(month=month, status=RunStatus.CALCULATED)
    for staff, (gross, net) in slips.items():
        slip = Payslip.objects.create(
            run=run,
            staff=staff,
            employee_no=staff.employee_no,
            name=staff.name,
            group_code="G01",
            bank_account="6222000011112222",
            commission=Decimal("1000.00"),
            gross=gross,
            net=net,
            fines_applied=gross - net,
        )
        PayslipLine.objects.create(
            payslip=slip,
            position=0,
            kind="commission",
            amount=Decimal("1000.00"),
            params={"units": 2, "rate": "500.00"},
            source_id=77,
        )
        PayslipLine.objects.create(
            payslip=slip,
            position=1,
            kind="adjustment",
            amount=gross - Decimal("1000.00"),
            params={"note": "补发交通费"},
            source_id=5,
        )
    if status != RunStatus.CALCULATED:
        PayrollRun.objects.filter(pk=run.pk).update(status=status)
        run.refresh_from_db()
    return run


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- payroll runs ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_r_pay_8_hr_lists_runs_with_exact_totals(org, api_as):
    run = _run(
        JUNE,
        {
            org["canvasser1"]: (Decimal("3210.55"), Decimal("3110.05")),
            org["canvasser3"]: (Decimal("1000.10"), Decimal("1000.10")),
        },
        status=RunStatus.LOCKED,
    )
    body = api_as(org["hr"]).get("/api/v1/payroll-runs/").json()
    assert body["results"] == [
        {
            "id": run.pk,
            "month": "2026-06-01",
            "status": "locked",
            "people": 2,
            "total_gross": "4210.65",
            "total_net": "4110.15",
            "calculated_at": None,
            "approved_at": None,
            "locked_at": None,
            "created_at": body["results"][0]["created_at"],
            "updated_at": body["results"][0]["updated_at"],
        }
    ]
    detail = api_as(org["manager"]).get(f"/api/v1/payroll-runs/{run.pk}/").json()
    assert detail["groups"] == [
        {"group_code": "G01", "people": 2, "gross": "4210.65", "fines": "100.50", "net": "4110.15"}
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("role", ["canvasser1", "leader1", "salesmgr", "admin", "consultant1"])
def test_r_role_1_payroll_runs_are_refused_without_view_all_payslips(org, api_as, role):
    run = _run(JUNE, {org["canvasser1"]: (Decimal("100.00"), Decimal("100.00"))})
    client = api_as(org[role])
    assert client.get("/api/v1/payroll-runs/").status_code == 403
    response = client.get(f"/api/v1/payroll-runs/{run.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@time_machine.travel(NOW, tick=False)
def test_payroll_runs_are_read_only(org, api_as):
    run = _run(JUNE, {})
    client = api_as(org["hr"])
    assert client.post_json("/api/v1/payroll-runs/", {"month": "2026-07-01"}).status_code == 405
    assert client.delete(f"/api/v1/payroll-runs/{run.pk}/").status_code == 405
    assert PayrollRun.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_payroll_run_list_keeps_its_query_count(org, api_as, django_assert_max_num_queries):
    client = api_as(org["hr"])
    client.get("/api/v1/payroll-runs/")  # the token's first use writes last_used_at

    def months(first: int, count: int):
        for i in range(count):
            year, month = divmod(first + i, 12)
            _run(date(2000 + year, month + 1, 1), {org["canvasser1"]: (Decimal(1), Decimal(1))})

    months(0, 3)
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/payroll-runs/?page_size=1000"))) == 3
    months(3, 27)
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/payroll-runs/?page_size=1000"))) == 30


# --- payslips -------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_r_role_1_a_canvasser_sees_only_own_payslips(org, api_as):
    run = _run(
        JUNE,
        {
            org["canvasser1"]: (Decimal("3210.55"), Decimal("3110.05")),
            org["canvasser2"]: (Decimal("2000.00"), Decimal("2000.00")),
        },
    )
    mine = Payslip.objects.get(run=run, staff=org["canvasser1"])
    theirs = Payslip.objects.get(run=run, staff=org["canvasser2"])
    client = api_as(org["canvasser1"])
    body = client.get("/api/v1/payslips/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert (row["gross"], row["net"], row["fines_applied"]) == ("3210.55", "3110.05", "100.50")
    assert row["bank_account"] is None  # the payslip page does not show it
    assert row["run"] == {"id": run.pk, "month": "2026-06-01", "status": "calculated"}
    assert client.get(f"/api/v1/payslips/{theirs.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_r_role_1_a_leader_sees_their_groups_payslips_not_another_groups(org, api_as):
    run = _run(
        JUNE,
        {
            org["canvasser1"]: (Decimal("100.00"), Decimal("100.00")),
            org["canvasser3"]: (Decimal("200.00"), Decimal("200.00")),
        },
    )
    ours = Payslip.objects.get(run=run, staff=org["canvasser1"])
    other = Payslip.objects.get(run=run, staff=org["canvasser3"])
    client = api_as(org["leader1"])
    assert _ids(client.get("/api/v1/payslips/")) == [ours.pk]
    assert client.get(f"/api/v1/payslips/{other.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_r_pay_8_a_locked_runs_payslip_gives_its_lines_with_their_reasons(org, api_as):
    run = _run(JUNE, {org["canvasser1"]: (Decimal("1234.56"), Decimal("1234.56"))}, status="locked")
    slip = Payslip.objects.get(run=run)
    client = api_as(org["canvasser1"])
    # In the reader's language, Chinese by default, as on the payslip page.
    body = client.get(f"/api/v1/payslips/{slip.pk}/").json()
    assert body["run"]["status"] == "locked"
    assert body["lines"] == [
        {
            "position": 0,
            "kind": "commission",
            "label": "成交提成",
            "amount": "1000.00",
            "reason": "成交 #77:2 套 × 500.00 = 1,000.00",
            "source_id": 77,
            "sources": [],
        },
        {
            "position": 1,
            "kind": "adjustment",
            "label": "调整",
            "amount": "234.56",
            "reason": "#5 补发交通费",
            "source_id": 5,
            "sources": [],
        },
    ]
    assert Decimal(body["lines"][0]["amount"]) + Decimal(body["lines"][1]["amount"]) == Decimal(
        body["gross"]
    )


@time_machine.travel(NOW, tick=False)
def test_hr_filters_payslips_by_run_and_person_and_sees_bank_accounts(org, api_as):
    june = _run(
        JUNE,
        {
            org["canvasser1"]: (Decimal("1.00"), Decimal("1.00")),
            org["canvasser2"]: (Decimal("2.00"), Decimal("2.00")),
        },
    )
    may = _run(MAY, {org["canvasser1"]: (Decimal("3.00"), Decimal("3.00"))})
    client = api_as(org["hr"])
    in_june = _ids(client.get(f"/api/v1/payslips/?run={june.pk}"))
    assert sorted(in_june) == sorted(june.payslips.values_list("pk", flat=True))
    no = org["canvasser1"].employee_no
    body = client.get(f"/api/v1/payslips/?run={may.pk}&staff={no}").json()
    assert [row["net"] for row in body["results"]] == ["3.00"]
    assert body["results"][0]["bank_account"] == "6222000011112222"


@time_machine.travel(NOW, tick=False)
def test_locking_a_run_touches_its_payslips_for_sync(org, api_as):
    run = _run(JUNE, {org["canvasser1"]: (Decimal("1.00"), Decimal("1.00"))}, status="approved")
    client = api_as(org["hr"])
    since = (NOW + timedelta(hours=1)).isoformat()
    assert _ids(client.get("/api/v1/payslips/", {"updated_since": since})) == []
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        payroll_services.payroll_run_lock(run=run, actor=org["manager"].user)
    rows = client.get("/api/v1/payslips/", {"updated_since": since}).json()["results"]
    assert [(row["id"], row["run"]["status"]) for row in rows] == [
        (run.payslips.get().pk, "locked")
    ]
    assert _ids(client.get("/api/v1/payroll-runs/", {"updated_since": since})) == [run.pk]


@time_machine.travel(NOW, tick=False)
def test_payslip_list_keeps_its_query_count(org, api_as, django_assert_max_num_queries):
    client = api_as(org["hr"])
    client.get("/api/v1/payslips/")
    group = GroupFactory()
    _run(JUNE, {staff_in_group(group): (Decimal(1), Decimal(1)) for _ in range(3)})
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/payslips/?page_size=1000"))) == 3
    _run(MAY, {staff_in_group(group): (Decimal(1), Decimal(1)) for _ in range(27)})
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/payslips/?page_size=1000"))) == 30


# --- appraisals -----------------------------------------------------------------------------


def _cycle(label: str, state: str, people: dict) -> AppraisalCycle:
    """A cycle with an evaluated appraisal per person: {staff: (score, bonus)}."""
    start = date(2026, 4, 1) if label.endswith("Q2") else date(2026, 1, 1)
    cycle = AppraisalCycle.objects.create(
        kind="quarterly",
        label=label,
        period_start=start,
        period_end=start + timedelta(days=90),
        template=template_default(),
        state=state,
        bonus_base=Decimal("1000.00"),
        rolled_up_at=timezone.now(),
    )
    for rank, (staff, (score, bonus)) in enumerate(people.items(), start=1):
        Appraisal.objects.create(
            cycle=cycle,
            staff=staff,
            group=staff.memberships.first().group if staff.memberships.exists() else None,
            state=AppraisalState.EVALUATED,
            total_score=score,
            grade="A",
            rank_overall=rank,
            rank_group=rank,
            coefficient=Decimal("1.20"),
            bonus=bonus,
            leader_comment="好",
        )
    return cycle


@time_machine.travel(NOW, tick=False)
def test_r_apr_4_a_person_sees_own_result_only_once_published(org, api_as):
    published = _cycle(
        "2026Q1",
        CycleState.PUBLISHED,
        {org["canvasser1"]: (Decimal("88.50"), Decimal("1200.00")), org["canvasser2"]: (1, 1)},
    )
    evaluating = _cycle(
        "2026Q2", CycleState.LEADER_EVALUATION, {org["canvasser1"]: (Decimal("90.00"), 5)}
    )
    client = api_as(org["canvasser1"])
    rows = {
        row["cycle"]["label"]: row for row in client.get("/api/v1/appraisals/").json()["results"]
    }
    assert set(rows) == {"2026Q1", "2026Q2"}
    shown, hidden = rows["2026Q1"], rows["2026Q2"]
    assert (shown["total_score"], shown["bonus"], shown["grade"]) == ("88.50", "1200.00", "A")
    assert shown["coefficient"] is None  # not on the person's page
    assert (hidden["total_score"], hidden["bonus"], hidden["grade"]) == (None, None, None)
    mine = Appraisal.objects.get(cycle=evaluating, staff=org["canvasser1"])
    assert client.get(f"/api/v1/appraisals/{mine.pk}/").json()["total_score"] is None
    theirs = Appraisal.objects.get(cycle=published, staff=org["canvasser2"])
    assert client.get(f"/api/v1/appraisals/{theirs.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_r_apr_4_hr_sees_results_before_publication_and_a_leader_only_their_group(org, api_as):
    cycle = _cycle(
        "2026Q2",
        CycleState.LEADER_EVALUATION,
        {
            org["canvasser1"]: (Decimal("90.00"), Decimal("1200.00")),
            org["canvasser3"]: (Decimal("70.25"), Decimal("800.00")),
        },
    )
    hr_rows = api_as(org["hr"]).get("/api/v1/appraisals/").json()["results"]
    assert sorted((r["total_score"], r["bonus"], r["coefficient"]) for r in hr_rows) == [
        ("70.25", "800.00", "1.20"),
        ("90.00", "1200.00", "1.20"),
    ]
    leader = api_as(org["leader2"])
    other = Appraisal.objects.get(cycle=cycle, staff=org["canvasser1"])
    assert [r["staff"]["id"] for r in leader.get("/api/v1/appraisals/").json()["results"]] == [
        org["canvasser3"].pk
    ]
    assert leader.get(f"/api/v1/appraisals/{other.pk}/").status_code == 404
    assert api_as(org["salesmgr"]).get(f"/api/v1/appraisals/{other.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_moving_a_cycle_to_the_leaders_touches_its_appraisals_for_sync(org, api_as):
    cycle = _cycle("2026Q2", CycleState.SELF_ASSESSMENT, {org["canvasser1"]: (None, None)})
    Appraisal.objects.filter(cycle=cycle).update(state=AppraisalState.SELF)
    client = api_as(org["canvasser1"])
    since = (NOW + timedelta(hours=1)).isoformat()
    assert _ids(client.get("/api/v1/appraisals/", {"updated_since": since})) == []
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        appraisal_services.appraisal_cycle_advance(actor=org["manager"].user, cycle=cycle)
    rows = client.get("/api/v1/appraisals/", {"updated_since": since}).json()["results"]
    assert [(r["state"], r["cycle"]["state"]) for r in rows] == [("leader", "leader_evaluation")]


@time_machine.travel(NOW, tick=False)
def test_appraisal_list_keeps_its_query_count(org, api_as, django_assert_max_num_queries):
    client = api_as(org["hr"])
    client.get("/api/v1/appraisals/")
    group = GroupFactory()
    _cycle("2026Q1", CycleState.PUBLISHED, {staff_in_group(group): (1, 1) for _ in range(3)})
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/appraisals/?page_size=1000"))) == 3
    _cycle("2026Q2", CycleState.PUBLISHED, {staff_in_group(group): (1, 1) for _ in range(27)})
    with django_assert_max_num_queries(4):
        assert len(_ids(client.get("/api/v1/appraisals/?page_size=1000"))) == 30
