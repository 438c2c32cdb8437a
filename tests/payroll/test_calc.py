"""R-PAY-CALC worked examples, computed by hand in the comments, checked to the cent."""

from decimal import Decimal as D

from payroll.calc import (
    Clawback,
    DayCounts,
    DealCredit,
    Fine,
    GroupTotals,
    Kind,
    Money,
    PayPolicy,
    PersonMonth,
    calculate,
    round_cents,
    split_cents,
    team_awards,
)

POLICY = PayPolicy()


def test_r_pay_calc_day_rate_canvasser_alone_in_a_one_group_month_nets_4400():
    # 24 rostered, 22 worked, 1 unpaid leave, 1 absent; 60/day → W = 60 × 22 = 1,320.00
    # fixed = 80% × 1,320 = 1,056.00; c 12/10 and v 34/30 → both achieved →
    # performance = 20% × 1,320 × (0.3 + 0.7) = 264.00
    # bonuses = 10 × 2 + 50 × 4 = 220.00; commission = 2 units × 500 = 1,000.00
    # alone in the only group → all three awards: 300 + 600 + 1,000 = 1,900.00
    # gross = 1,056 + 264 + 220 + 1,000 + 1,900 = 4,440.00
    # fines: DRESS 10 + POST-LEAVE half day wage 30 = 40 ≤ 20% × 4,440 → net 4,400.00
    shares, warnings = team_awards({"G01": GroupTotals(12, 34, 2)}, {"G01": ["E0001"]}, POLICY)
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("60.00"),
        days=DayCounts(scheduled=24, worked=22, unpaid_leave=1, absent=1),
        conversions=12,
        visits=34,
        target_conversions=10,
        target_visits=30,
        deals=[DealCredit(1, 2)],
        awards=shares["E0001"],
        fines=[Fine(1, "DRESS", D("10.00")), Fine(2, "POST-LEAVE", D("30.00"))],
    )
    slip = calculate(person, POLICY)
    assert warnings == []
    assert (slip.wage, slip.fixed, slip.performance) == (D("1320.00"), D("1056.00"), D("264.00"))
    assert (slip.bonuses, slip.commission, slip.awards) == (D("220.00"), D("1000.00"), D("1900.00"))
    assert slip.gross == D("4440.00")
    assert (slip.fines, slip.fines_applied, slip.held_back) == (D("40.00"), D("40.00"), D("0.00"))
    assert slip.net == D("4400.00")


def test_r_pay_calc_monthly_leader_with_an_absence_joint_fines_and_override():
    # base 2,800, 1 absent day: day wage = 2,800 ÷ 21.75 = 128.7356…
    # W = 2,800 − 128.7356… = 2,671.2643… → 2,671.26
    # fixed = 0.8 × 2,671.26 = 2,137.008 → 2,137.01; no targets → performance achieved:
    # 0.2 × 2,671.26 = 534.252 → 534.25; override: 3 units × 100 = 300.00
    # gross = 2,137.01 + 534.25 + 300 = 2,971.26
    # fines: own CONDUCT 20 + joint MATERIAL 20 + joint POST-LEAVE 10 = 50 → net 2,921.26
    person = PersonMonth(
        wage_kind="monthly",
        wage_amount=D("2800.00"),
        days=DayCounts(scheduled=22, worked=21, absent=1),
        overrides=[DealCredit(7, 3)],
        fines=[
            Fine(1, "CONDUCT", D("20.00")),
            Fine(2, "MATERIAL", D("20.00"), joint=True),
            Fine(3, "POST-LEAVE", D("10.00"), joint=True),
        ],
    )
    slip = calculate(person, POLICY)
    assert slip.wage == D("2671.26")
    assert (slip.fixed, slip.performance) == (D("2137.01"), D("534.25"))
    assert slip.commission == D("300.00")
    assert slip.gross == D("2971.26")
    assert slip.net == D("2921.26")
    assert not [line for line in slip.lines if line.kind in (Kind.BONUS_VISITS,)]


def test_r_pay_calc_part_month_pays_worked_days_at_the_day_wage():
    # hired mid-month: W = min(2,500, 2,500 ÷ 21.75 × (10 worked + 1 paid leave))
    # = 114.9425… × 11 = 1,264.3678… → 1,264.37
    person = PersonMonth(
        wage_kind="monthly",
        wage_amount=D("2500.00"),
        days=DayCounts(scheduled=12, worked=10, paid_leave=1, absent=1),
        part_month=True,
    )
    assert calculate(person, POLICY).wage == D("1264.37")


def test_r_pay_calc_part_month_is_capped_at_the_base():
    # 23 days × 114.9425… = 2,643.68 > 2,500 → W = 2,500.00
    person = PersonMonth(
        wage_kind="monthly",
        wage_amount=D("2500.00"),
        days=DayCounts(scheduled=23, worked=23),
        part_month=True,
    )
    assert calculate(person, POLICY).wage == D("2500.00")


def test_r_pay_6_three_way_tie_for_deals_and_two_way_tie_for_visits():
    # deals: G01, G02, G03 all 2 units → 1,000 ÷ 3 = 333.33 each, 1 cent left → G01
    # visits: G02 and G03 tie on 9 → 300 / 300; conversions: G01 alone on 5 → 300
    totals = {
        "G01": GroupTotals(conversions=5, visits=4, deals=2),
        "G02": GroupTotals(conversions=1, visits=9, deals=2),
        "G03": GroupTotals(conversions=0, visits=9, deals=2),
    }
    receivers = {"G01": ["E0001"], "G02": ["E0002"], "G03": ["E0003"]}
    shares, _ = team_awards(totals, receivers, POLICY)
    by = {(p, s.metric): s.amount for p, ss in shares.items() for s in ss}
    assert by[("E0001", "deals")] == D("333.34")
    assert by[("E0002", "deals")] == D("333.33")
    assert by[("E0003", "deals")] == D("333.33")
    assert by[("E0002", "visits")] == D("300.00")
    assert by[("E0003", "visits")] == D("300.00")
    assert by[("E0001", "conversions")] == D("300.00")
    assert ("E0001", "visits") not in by


def test_r_pay_6_a_groups_share_splits_by_employee_number_in_code_point_order():
    # 1,000 among 3 members: 333.34 / 333.33 / 333.33; "E0010" < "E0009"? no: "E0009" < "E0010"
    shares, _ = team_awards(
        {"G01": GroupTotals(deals=1)}, {"G01": ["E0010", "E0009", "E0011"]}, POLICY
    )
    assert shares["E0009"][0].amount == D("333.34")
    assert shares["E0010"][0].amount == D("333.33")


def test_r_pay_6_no_award_when_the_top_total_is_zero_and_warn_when_nobody_receives():
    shares, warnings = team_awards({"G01": GroupTotals(), "G02": GroupTotals(visits=3)}, {}, POLICY)
    assert shares == {}
    assert warnings == [{"metric": "visits", "group": "G02", "amount": "600.00"}]


def test_r_fine_2_fines_are_capped_at_20_percent_of_gross():
    # W = 60 × 10 = 600 → gross 600 (no targets); fines 200; cap = 20% × 600 = 120
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("60.00"),
        days=DayCounts(scheduled=10, worked=10),
        fines=[Fine(1, "MATERIAL", D("60.00")), Fine(2, "MATERIAL", D("140.00"))],
    )
    slip = calculate(person, POLICY)
    assert (slip.gross, slip.fines_applied, slip.held_back) == (
        D("600.00"),
        D("120.00"),
        D("80.00"),
    )
    assert slip.net == D("480.00")
    assert [line.amount for line in slip.lines if line.kind == Kind.HELD_BACK] == [D("80.00")]


def test_r_fine_2_fines_never_take_pay_below_the_pro_rata_minimum_wage():
    # W = 100 × 20 = 2,000 = gross; floor = 1,900 × 20 ÷ 20 = 1,900; fines 150
    # applied = min(150, 400, 2,000 − 1,900 = 100) = 100; held back 50; net 1,900
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("100.00"),
        days=DayCounts(scheduled=20, worked=20),
        monthly_minimum_wage=D("1900.00"),
        fines=[Fine(1, "MATERIAL", D("150.00"))],
    )
    slip = calculate(person, POLICY)
    assert (slip.floor, slip.fines_applied, slip.held_back) == (
        D("1900.00"),
        D("100.00"),
        D("50.00"),
    )
    assert slip.net == D("1900.00")


def test_r_pay_5_clawback_larger_than_the_commission_carries_the_rest():
    # commission 1 unit × 500 = 500; clawback due = carry 200 + cancelled deal paid 1,500
    # = 1,700; applied = min(1,700, 500) = 500; carried to next month 1,200
    person = PersonMonth(
        deals=[DealCredit(3, 1)],
        clawback_carry=D("200.00"),
        clawbacks=[Clawback(9, D("1500.00"))],
    )
    slip = calculate(person, POLICY)
    assert (slip.commission, slip.clawback_applied, slip.clawback_carry_out) == (
        D("500.00"),
        D("500.00"),
        D("1200.00"),
    )
    assert slip.gross == D("0.00")


def test_r_fine_3_an_unacknowledged_fine_counts_zero_but_is_listed():
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("60.00"),
        days=DayCounts(scheduled=10, worked=10),
        fines=[Fine(5, "DRESS", D("10.00"), counts=False)],
    )
    slip = calculate(person, POLICY)
    assert slip.fines == D("0.00")
    assert slip.net == D("600.00")
    fine_lines = [line for line in slip.lines if line.kind == Kind.FINE]
    assert fine_lines[0].params["counts"] is False
    assert fine_lines[0].source_id == 5


def test_r_pay_2_performance_uses_both_achievement_ratios():
    # W = 60 × 20 = 1,200; a_c = 3/10, a_v = 15/30 = 1/2
    # performance = 0.2 × 1,200 × (0.3 × 0.3 + 0.7 × 0.5) = 240 × 0.44 = 105.60
    # bonuses: none above target → 0
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("60.00"),
        days=DayCounts(scheduled=20, worked=20),
        conversions=3,
        visits=15,
        target_conversions=10,
        target_visits=30,
    )
    slip = calculate(person, POLICY)
    assert slip.performance == D("105.60")
    assert slip.bonuses == D("0.00")


def test_r_pay_3_a_component_without_target_counts_as_achieved_and_earns_no_bonus():
    person = PersonMonth(
        wage_kind="daily",
        wage_amount=D("60.00"),
        days=DayCounts(scheduled=20, worked=20),
        conversions=0,
        visits=40,
        target_conversions=None,
        target_visits=30,
    )
    slip = calculate(person, POLICY)
    assert slip.performance == D("240.00")  # 0.2 × 1,200 × (0.3 × 1 + 0.7 × 1)
    assert slip.bonuses == D("500.00")  # 50 × 10 above; no conversion bonus line
    assert {line.kind for line in slip.lines} >= {Kind.BONUS_VISITS}
    assert Kind.BONUS_CONVERSIONS not in {line.kind for line in slip.lines}


def test_r_pay_7_reimbursements_appraisal_and_adjustments_are_outside_gross():
    person = PersonMonth(
        reimbursements=[Money(D("88.50"), 1)],
        appraisal_bonuses=[Money(D("300.00"), 2)],
        adjustments=[Money(D("-20.00"), 3, "多发更正")],
    )
    slip = calculate(person, POLICY)
    assert slip.gross == D("0.00")
    assert slip.net == D("368.50")


def test_r_pay_calc_rounding_is_half_up_to_the_cent():
    assert round_cents(D("0.005")) == D("0.01")
    assert round_cents(D("2.675")) == D("2.68")
    assert split_cents(D("0.05"), ["a", "b"]) == {"a": D("0.03"), "b": D("0.02")}


def test_r_pay_10_monthly_estimate_prorates_the_base_over_the_scheduled_days():
    # base 2,500; 10 worked + 1 paid leave of 22 scheduled so far → 2,500 × 11 ÷ 22 = 1,250
    person = PersonMonth(
        wage_kind="monthly",
        wage_amount=D("2500.00"),
        days=DayCounts(scheduled=22, worked=10, paid_leave=1),
        estimate=True,
    )
    assert calculate(person, POLICY).wage == D("1250.00")


def test_r_pay_10_estimate_with_no_scheduled_days_is_zero():
    person = PersonMonth(wage_kind="monthly", wage_amount=D("2500.00"), estimate=True)
    assert calculate(person, POLICY).wage == D("0.00")
