"""R-PAY-CALC worked examples through the real facts: attendance days and fines, valid
visits and conversions, deals and clawbacks, read from their apps' selectors."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from attendance.defaults import defaults_ensure
from attendance.models import DayRecord, LeaveRequest, LeaveType
from attendance.services import violation_record
from clients.models import LeadKind
from clients.services.deals import DealInput, deal_cancel, deal_record
from clients.services.visits import visit_end_reception
from outreach.models import Role, WageKind
from payroll import services
from payroll.calc import Kind
from payroll.models import FineConfirmation, Payslip, PayslipLine, RunStatus
from tests.factories import GroupFactory, MembershipFactory, StaffFactory, WageSchemeFactory
from tests.factories.attendance import acknowledge_all, rostered
from tests.factories.attendance import at as at_day
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db

OCT = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _attendance_defaults():
    defaults_ensure()


def _month_days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def _worked(person, days):
    for day in days:
        DayRecord.objects.create(staff=person, day=day, check_in_at=at_day(day, 8, 55))


def _leave(person, day, code):
    LeaveRequest.objects.create(
        staff=person,
        leave_type=LeaveType.objects.get(code=code),
        first_day=day,
        last_day=day,
        reason="家中有事",
        submitted_at=at_day(day - timedelta(days=2), 12),
        state=LeaveRequest.State.APPROVED,
    )


def _visits(owner, consultant, count, *, phone_leads, start):
    """`count` leads of `owner`, each visiting once (confirmed); the first `phone_leads`
    registered as phone leads (call-to-visit conversions)."""
    for i in range(count):
        kind = LeadKind.PHONE if i < phone_leads else LeadKind.IN_PERSON
        moment = start + timedelta(hours=i)
        lead = register(
            owner, f"139{i + 10_000_000 * (owner.pk % 9):08d}"[:11], now=moment, kind=kind
        )
        visit = confirmed_visit(lead, consultant, now=moment + timedelta(minutes=30))
        visit_end_reception(
            actor=consultant.user, visit_id=visit.pk, now=moment + timedelta(minutes=50)
        )
    return lead


def test_r_pay_calc_day_rate_canvasser_worked_example_nets_4400():
    # The first worked example, every fact through its app:
    # 24 rostered days, 22 worked, 1 unpaid leave (事假), 1 absent → W = 60 × 22 = 1,320.00
    # fixed 1,056.00; c 12 / T_c 10 and v 34 / T_v 30 → performance 264.00
    # bonuses 10 × 2 + 50 × 4 = 220.00; 2 units × 500 = 1,000.00
    # alone in the only group → awards 300 + 600 + 1,000 = 1,900.00; gross 4,440.00
    # DRESS 10.00 + POST-LEAVE half day wage 30.00 = 40.00 → net 4,400.00
    group = GroupFactory(code="G01")
    canvasser = StaffFactory(role=Role.CANVASSER)
    WageSchemeFactory(staff=canvasser, kind=WageKind.DAILY, amount=Decimal("60.00"))
    MembershipFactory(staff=canvasser, group=group)
    consultant = StaffFactory(role=Role.CONSULTANT)
    manager = StaffFactory(role=Role.MANAGER)
    sales_manager = StaffFactory(role=Role.SALES_MANAGER)
    acknowledge_all(canvasser)

    days = _month_days(OCT, 24)
    for day in days:
        rostered(canvasser, day)
    _worked(canvasser, days[:22])
    _leave(canvasser, days[22], "personal")  # the 24th day stays absent

    last = _visits(canvasser, consultant, 34, phone_leads=12, start=at(2026, 10, 2, 9))
    deal_record(
        actor=manager.user,
        lead_id=last.pk,
        now=at(2026, 10, 20),
        data=DealInput(
            project="一期",
            signed_on=date(2026, 10, 20),
            units=2,
            amount=Decimal("2000000"),
            first_payment_on=date(2026, 10, 25),
        ),
    )
    violation_record(
        staff=canvasser, code="DRESS", occurred_at=at(2026, 10, 5, 10), recorded_by=manager
    )
    violation_record(
        staff=canvasser, code="POST-LEAVE", occurred_at=at(2026, 10, 6, 11), recorded_by=manager
    )
    services.target_set(
        actor=sales_manager.user, month=OCT, staff=canvasser, conversions=10, visits=30
    )

    run = services.payroll_run_calculate(month=OCT)
    slip = Payslip.objects.get(run=run, staff=canvasser)
    assert (slip.scheduled_days, slip.worked_days) == (24, 22)
    assert (slip.wage, slip.fixed, slip.performance) == (
        Decimal("1320.00"),
        Decimal("1056.00"),
        Decimal("264.00"),
    )
    assert (slip.bonuses, slip.commission, slip.awards) == (
        Decimal("220.00"),
        Decimal("1000.00"),
        Decimal("1900.00"),
    )
    assert slip.gross == Decimal("4440.00")
    assert (slip.fines, slip.fines_applied) == (Decimal("40.00"), Decimal("40.00"))
    assert slip.net == Decimal("4400.00")
    assert run.warnings == []


def test_r_pay_5_leader_override_and_clawback_of_a_locked_deal(org):
    # September: canvasser1 (G01, led by leader1) sells 3 units → 1,500 to canvasser1
    # and 300 override to leader1; September is locked. October: the deal is cancelled
    # through the canvasser's fault; canvasser1 sells 1 unit (500) → clawback due 1,500,
    # applied 500, 1,000 carried; leader1 earns 100 override, clawback due 300 → 100
    # applied, 200 carried.
    for who in ("canvasser1", "leader1"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    consultant, manager = org["consultant1"], org["manager"]
    sep_lead = register(org["canvasser1"], "13700000001", now=at(2026, 9, 1))
    confirmed_visit(sep_lead, consultant, now=at(2026, 9, 2))
    sep_deal = deal_record(
        actor=manager.user,
        lead_id=sep_lead.pk,
        now=at(2026, 9, 10),
        data=DealInput(
            project="一期", signed_on=date(2026, 9, 10), units=3, first_payment_on=date(2026, 9, 12)
        ),
    )
    september = services.payroll_run_calculate(month=date(2026, 9, 1))
    services.payroll_run_approve(run=september, actor=manager.user)
    services.payroll_run_lock(run=september, actor=org["hr"].user)
    paid = dict(
        PayslipLine.objects.filter(payslip__run=september, source_id=sep_deal.pk).values_list(
            "payslip__staff_id", "amount"
        )
    )
    assert paid == {org["canvasser1"].pk: Decimal("1500.00"), org["leader1"].pk: Decimal("300.00")}

    deal_cancel(
        actor=manager.user,
        deal_id=sep_deal.pk,
        cause="客户违约",
        canvasser_fault=True,
        now=at(2026, 10, 3),
    )
    oct_lead = register(org["canvasser1"], "13700000002", now=at(2026, 10, 1))
    confirmed_visit(oct_lead, consultant, now=at(2026, 10, 2))
    deal_record(
        actor=manager.user,
        lead_id=oct_lead.pk,
        now=at(2026, 10, 10),
        data=DealInput(
            project="一期",
            signed_on=date(2026, 10, 10),
            units=1,
            first_payment_on=date(2026, 10, 11),
        ),
    )
    october = services.payroll_run_calculate(month=OCT)
    canvasser = Payslip.objects.get(run=october, staff=org["canvasser1"])
    leader = Payslip.objects.get(run=october, staff=org["leader1"])
    assert (canvasser.commission, canvasser.clawback_applied, canvasser.clawback_carry_out) == (
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("1000.00"),
    )
    assert (leader.commission, leader.clawback_applied, leader.clawback_carry_out) == (
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("200.00"),
    )
    assert october.status == RunStatus.CALCULATED


def test_r_pay_calc_a_revisit_earns_nothing_and_a_pool_claim_earns_the_new_owner(org):
    from clients.services.leads import lead_claim
    from clients.tasks import leads_expire

    for who in ("canvasser1", "canvasser2"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    consultant = org["consultant1"]
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 8, 1))
    confirmed_visit(lead, consultant, now=at(2026, 8, 2))  # August: valid for canvasser1
    confirmed_visit(lead, consultant, now=at(2026, 8, 20))  # revisit: earns nothing
    # 30 days after the last confirmed visit (8-20) the lead expires into the pool
    leads_expire()  # (the job may run late: protection is decided by protected_until)
    lead_claim(
        actor=org["canvasser2"].user,
        claimer=org["canvasser2"],
        lead_id=lead.pk,
        now=at(2026, 10, 1),
    )
    confirmed_visit(lead, consultant, now=at(2026, 10, 5))
    august = services.payroll_run_calculate(month=date(2026, 8, 1))
    october = services.payroll_run_calculate(month=OCT)
    visits = {
        (s.run.month.month, s.staff_id): s.lines.get(kind=Kind.PERFORMANCE).params["visits"]
        for s in Payslip.objects.filter(run__in=[august, october]).select_related("run")
    }
    assert visits[(8, org["canvasser1"].pk)] == 1
    assert visits[(10, org["canvasser1"].pk)] == 0
    assert visits[(10, org["canvasser2"].pk)] == 1
    conversions = (
        Payslip.objects.get(run=october, staff=org["canvasser2"])
        .lines.get(kind=Kind.PERFORMANCE)
        .params["conversions"]
    )
    assert conversions == 1  # claimed from the pool: a phone lead for R-PAY-CALC


def test_r_fine_3_unacknowledged_fine_counts_zero_and_blocks_approval_until_confirmed(org):
    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    violation = violation_record(
        staff=person, code="DRESS", occurred_at=at(2026, 10, 5), recorded_by=org["leader1"]
    )
    run = services.payroll_run_calculate(month=OCT)
    slip = Payslip.objects.get(run=run, staff=person)
    assert slip.fines == Decimal("0.00")
    assert [w["violation"] for w in run.warnings if w["blocking"]] == [violation.pk]
    with pytest.raises(Exception, match="罚款"):
        services.payroll_run_approve(run=run, actor=org["manager"].user)
    FineConfirmation.objects.create(
        violation=violation, side="person", reason="已当面告知", confirmed_by=org["manager"].user
    )
    run = services.payroll_run_calculate(month=OCT)
    assert Payslip.objects.get(run=run, staff=person).fines == Decimal("10.00")
    services.payroll_run_approve(run=run, actor=org["manager"].user)


def test_r_pay_calc_monthly_leader_with_an_absence_joint_fine_and_override(org):
    # leader1: base 2,800, 22 rostered, 21 worked, 1 absent → W = 2,800 − 2,800 ÷ 21.75
    # = 2,671.26; no targets → fixed 2,137.01 + performance 534.25
    # canvasser1 (G01) sells 2 units → override 2 × 100 = 200.00
    # G01 tops visits (1) and deals (2 units): 600 ÷ 3 members = 200.00 and 1,000 ÷ 3 =
    # 333.34 for the first employee number (leader1) → awards 533.34
    # gross = 2,137.01 + 534.25 + 200 + 533.34 = 3,404.60
    # canvasser1's MATERIAL violation → joint 20.00 charged to leader1 → net 3,384.60
    leader, member = org["leader1"], org["canvasser1"]
    WageSchemeFactory(staff=leader, kind=WageKind.MONTHLY, amount=Decimal("2800.00"))
    WageSchemeFactory(staff=member, amount=Decimal("60.00"))
    acknowledge_all(leader, member)
    days = _month_days(OCT, 22)
    for day in days:
        rostered(leader, day)
    _worked(leader, days[:21])
    lead = register(member, "13500000001", now=at(2026, 10, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 10, 2))
    deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        now=at(2026, 10, 9),
        data=DealInput(
            project="二期", signed_on=date(2026, 10, 9), units=2, first_payment_on=date(2026, 10, 9)
        ),
    )
    violation_record(
        staff=member, code="MATERIAL", occurred_at=at(2026, 10, 7), recorded_by=org["manager"]
    )
    run = services.payroll_run_calculate(month=OCT)
    slip = Payslip.objects.get(run=run, staff=leader)
    assert slip.wage == Decimal("2671.26")
    assert (slip.fixed, slip.performance, slip.commission) == (
        Decimal("2137.01"),
        Decimal("534.25"),
        Decimal("200.00"),
    )
    assert slip.awards == Decimal("533.34")
    assert slip.gross == Decimal("3404.60")
    assert slip.fines == Decimal("20.00")
    assert slip.net == Decimal("3384.60")
    joint = slip.lines.get(kind=Kind.FINE)
    assert joint.params["joint"] is True


def test_r_fine_3_manager_confirms_a_listed_fine_from_the_run_page(client, org):
    from django.urls import reverse

    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    violation = violation_record(
        staff=person, code="DRESS", occurred_at=at(2026, 10, 5), recorded_by=org["leader1"]
    )
    run = services.payroll_run_calculate(month=OCT)
    client.force_login(org["hr"].user)
    url = reverse("payroll-fine-confirm", args=[run.pk])
    data = {"violation": violation.pk, "side": "person", "reason": "当面告知"}
    assert client.post(url, data).status_code == 403
    client.force_login(org["manager"].user)
    page = client.get(reverse("payroll-run", args=[run.pk])).content.decode()
    assert url in page
    client.post(url, data)
    assert FineConfirmation.objects.filter(violation=violation).count() == 1


def test_r_disc_1_a_case_opens_when_a_target_is_missed_two_months_running(org):
    from attendance.models import DisciplineAction

    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    for month in (date(2026, 9, 1), OCT):
        services.target_set(actor=org["salesmgr"].user, month=month, staff=person, visits=5)
    services.payroll_run_calculate(month=date(2026, 9, 1))
    assert not DisciplineAction.objects.filter(staff=person).exists()
    services.payroll_run_calculate(month=OCT)
    services.payroll_run_calculate(month=OCT)  # recalculating opens no second case
    case = DisciplineAction.objects.get(staff=person, trigger="target-miss")
    assert case.month == OCT


def test_r_pay_7_an_approved_expense_claim_is_reimbursed_outside_gross(org):
    # canvasser1: 60 × 0 days → gross 0; a claim of 88.50 approved in October → net 88.50;
    # consultant1 (no wage scheme) gets a payslip with the reimbursement only
    from campaigns.models import ClaimStatus
    from tests.factories.campaigns import ExpenseClaimFactory

    WageSchemeFactory(staff=org["canvasser1"], amount=Decimal("60.00"))
    for who in ("canvasser1", "consultant1"):
        ExpenseClaimFactory(
            staff=org[who],
            amount=Decimal("88.50"),
            status=ClaimStatus.APPROVED,
            decided_at=at(2026, 10, 15),
        )
    run = services.payroll_run_calculate(month=OCT)
    for who in ("canvasser1", "consultant1"):
        slip = Payslip.objects.get(run=run, staff=org[who])
        assert (slip.gross, slip.reimbursements, slip.net) == (
            Decimal("0.00"),
            Decimal("88.50"),
            Decimal("88.50"),
        )


def test_manager_sees_commissions_and_awards_by_group(client, org, django_assert_max_num_queries):
    from django.urls import reverse

    WageSchemeFactory(staff=org["canvasser1"], amount=Decimal("60.00"))
    lead = register(org["canvasser1"], "13400000001", now=at(2026, 10, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 10, 2))
    deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        now=at(2026, 10, 9),
        data=DealInput(
            project="一期", signed_on=date(2026, 10, 9), units=2, first_payment_on=date(2026, 10, 9)
        ),
    )
    run = services.payroll_run_calculate(month=OCT)
    client.force_login(org["manager"].user)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("payroll-run-commissions", args=[run.pk])).content.decode()
    assert "¥1,000.00" in body  # canvasser1: 2 units × 500
    assert "G01" in body
    client.force_login(org["salesmgr"].user)
    assert client.get(reverse("payroll-run-commissions", args=[run.pk])).status_code == 403


def test_r_pay_calc_an_old_month_recomputes_with_its_old_policy(org):
    # September is paid under the 2020 policy (50 per visit above target); a policy from
    # November raises it to 80. Recomputing September after that still pays 50.
    from payroll.models import PayPolicy

    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    services.target_set(actor=org["salesmgr"].user, month=date(2026, 9, 1), staff=person, visits=1)
    for i in range(3):
        lead = register(person, f"1330000000{i}", now=at(2026, 9, 1, 9 + i))
        visit = confirmed_visit(lead, org["consultant1"], now=at(2026, 9, 2, 9 + i))
        visit_end_reception(
            actor=org["consultant1"].user, visit_id=visit.pk, now=at(2026, 9, 2, 9 + i, 30)
        )

    def visit_bonus():
        run = services.payroll_run_calculate(month=date(2026, 9, 1))
        return Payslip.objects.get(run=run, staff=person).lines.get(kind=Kind.BONUS_VISITS).amount

    assert visit_bonus() == Decimal("100.00")  # 2 above target × 50
    PayPolicy.objects.create(effective_from=date(2026, 11, 1), visit_bonus=Decimal("80"))
    assert visit_bonus() == Decimal("100.00")


def test_r_pay_10_the_estimate_matches_a_calculation_of_the_month_so_far(org):
    # On the 20th, the estimate equals R-PAY-CALC over the facts to the 19th (a daily-rate
    # canvasser, so the wage rule is the same): 15 days worked, 2 valid visits, a fine.
    from payroll.estimate import pay_estimate

    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    acknowledge_all(person)
    days = _month_days(OCT, 15)
    for d in days:
        rostered(person, d)
    _worked(person, days)
    for i in range(2):
        lead = register(person, f"1320000001{i}", now=at(2026, 10, 5, 9 + i))
        visit = confirmed_visit(lead, org["consultant1"], now=at(2026, 10, 6, 9 + i))
        visit_end_reception(
            actor=org["consultant1"].user, visit_id=visit.pk, now=at(2026, 10, 6, 9 + i, 30)
        )
    violation_record(
        staff=person, code="DRESS", occurred_at=at(2026, 10, 7), recorded_by=org["manager"]
    )
    estimate = pay_estimate(staff=person, today=date(2026, 10, 20))
    run = services.payroll_run_calculate(month=OCT)  # nothing happens after the 19th
    slip = Payslip.objects.get(run=run, staff=person)
    assert estimate.wage == slip.wage == Decimal("900.00")
    assert estimate.fines_applied == slip.fines_applied == Decimal("10.00")
    assert estimate.net == slip.net - slip.awards
