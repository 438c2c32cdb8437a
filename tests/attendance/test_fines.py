"""R-FINE catalog, R-FINE-1, R-FINE-3, R-FINE-4."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.models import AttendanceSetting, RulebookVersion, Violation, ViolationRule
from attendance.selectors import violations_for_month
from attendance.services import (
    rulebook_acknowledge,
    rulebook_draft_create,
    rulebook_publish,
    rulebook_rule_update,
    violation_appeal,
    violation_record,
    violation_reduce,
    violation_waive,
)
from outreach.models import ClosedPayMonth, PaidDaysSetting, WorkCity
from tests.factories import GroupFactory, staff_in_group
from tests.factories.attendance import at, daily, monthly

DAY = date(2026, 3, 10)
WHEN = at(DAY, 11)

# code → (person amount for a 60/day person, for a 2,500/month person, leader amount)
CATALOG = {
    "ATT-LATE": ("20.00", "20.00", "0.00"),
    "ATT-NOSIGN": ("20.00", "20.00", "0.00"),
    "ATT-PROXY": ("20.00", "20.00", "0.00"),
    "ATT-NOLEAVE": ("0.00", "0.00", "20.00"),
    "ROSTER": ("20.00", "20.00", "0.00"),
    "DRESS": ("10.00", "10.00", "0.00"),
    "CONDUCT": ("20.00", "20.00", "0.00"),
    # half of 60 = 30; half of 2500 / 21.75 = 57.4712… → 57.47
    "POST-LEAVE": ("30.00", "57.47", "10.00"),
    "POST-CROSS": ("30.00", "57.47", "20.00"),
    "POST-CROWD": ("0.00", "0.00", "10.00"),
    "ATTITUDE": ("30.00", "57.47", "0.00"),
    # 2500 / 21.75 = 114.9425… → 114.94
    "MATERIAL": ("60.00", "114.94", "20.00"),
    "FAKE-LEAD": ("60.00", "114.94", "0.00"),
}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_r_fine_catalog_row_amounts_for_daily_staff(org, code):
    person = org["canvasser1"]
    daily(person)
    v = violation_record(staff=person, code=code, occurred_at=WHEN, recorded_by=org["leader1"])
    person_amount, _monthly, leader_amount = CATALOG[code]
    assert v.amount == Decimal(person_amount)
    assert v.leader_amount == Decimal(leader_amount)
    assert v.leader == (org["leader1"] if Decimal(leader_amount) else org["leader1"])


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_r_fine_catalog_row_amounts_for_monthly_staff(org, code):
    person = org["canvasser1"]
    monthly(person, "2500.00")
    v = violation_record(staff=person, code=code, occurred_at=WHEN, recorded_by=org["manager"])
    _daily, person_amount, leader_amount = CATALOG[code]
    assert v.amount == Decimal(person_amount)
    assert v.leader_amount == Decimal(leader_amount)


def test_r_fine_every_catalog_row_is_data():
    assert set(
        ViolationRule.objects.filter(version__number=1).values_list("code", flat=True)
    ) == set(CATALOG)


def test_r_fine_day_wage_uses_the_core_monthly_paid_days(org):
    person = org["canvasser1"]
    monthly(person, "3000.00")
    PaidDaysSetting.objects.create(effective_from=date(2026, 1, 1), days=Decimal("20"))
    v = violation_record(staff=person, code="MATERIAL", occurred_at=WHEN)
    assert v.amount == Decimal("150.00")


def test_r_fine_half_up_rounding(org):
    person = org["canvasser1"]
    daily(person, "60.05")  # half = 30.025 → 30.03
    v = violation_record(staff=person, code="POST-CROSS", occurred_at=WHEN)
    assert v.amount == Decimal("30.03")


def test_r_fine_no_joint_fine_for_the_leader_themself(org):
    v = violation_record(
        staff=org["leader1"], code="MATERIAL", occurred_at=WHEN, recorded_by=org["manager"]
    )
    assert v.leader is None
    assert v.leader_amount == 0


def test_r_fine_no_joint_fine_without_a_group(org):
    v = violation_record(
        staff=org["consultant1"], code="MATERIAL", occurred_at=WHEN, recorded_by=org["manager"]
    )
    assert v.leader is None
    assert v.leader_amount == 0


def test_r_fine_joint_fine_goes_to_who_led_the_group_at_that_time(org):
    from outreach.models import GroupMembership
    from tests.factories import MembershipFactory, StaffFactory

    group = GroupFactory(code="G09")
    old_leader = staff_in_group(group, leader=True)
    person = staff_in_group(group)
    GroupMembership.objects.filter(staff=old_leader).update(valid_to=date(2026, 3, 19))
    new_leader = StaffFactory(role="leader")
    MembershipFactory(staff=new_leader, group=group, is_leader=True, valid_from=date(2026, 3, 20))
    before = violation_record(staff=person, code="MATERIAL", occurred_at=WHEN)
    after = violation_record(staff=person, code="MATERIAL", occurred_at=at(date(2026, 3, 21), 11))
    assert before.leader == old_leader
    assert after.leader == new_leader


def test_r_fine_3_city_without_money_fines_records_zero(org):
    city = WorkCity.objects.create(name="No-fine city", money_fines_allowed=False)
    person = org["canvasser1"]
    person.work_city = city
    person.save()
    daily(person)
    v = violation_record(staff=person, code="MATERIAL", occurred_at=WHEN)
    assert (v.amount, v.leader_amount) == (0, 0)


def test_r_fine_a_leader_cannot_record_for_another_group(org):
    with pytest.raises(ValidationError, match="not in your group"):
        violation_record(
            staff=org["canvasser3"], code="DRESS", occurred_at=WHEN, recorded_by=org["leader1"]
        )
    assert not Violation.objects.exists()


def test_r_fine_evidence_must_be_an_image(org):
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="not an image"):
        violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=WHEN, evidence=fake)
    assert not Violation.objects.exists()


def test_r_fine_evidence_over_the_size_limit_is_refused(org):
    setting = AttendanceSetting.current()
    setting.photo_max_bytes = 100
    setting.save()
    big = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200, content_type="image/png")
    with pytest.raises(ValidationError, match="larger"):
        violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=WHEN, evidence=big)


def test_r_fine_fake_lead_keeps_a_lead_reference_and_opens_a_dismissal_case(org):
    daily(org["canvasser1"])
    v = violation_record(
        staff=org["canvasser1"], code="FAKE-LEAD", occurred_at=WHEN, lead_ref="L-123 13812345678"
    )
    assert v.lead_ref == "L-123 13812345678"
    assert org["canvasser1"].discipline.filter(trigger__startswith="dismissal").exists()


# --- R-FINE-4 escalation --------------------------------------------------------------------


def _late(person, day, hour=9, minute=30):
    return violation_record(staff=person, code="ATT-LATE", occurred_at=at(day, hour, minute))


def _amounts(person):
    return [
        (v.sequence, v.amount)
        for v in Violation.objects.filter(staff=person, code="ATT-LATE").order_by("occurred_at")
    ]


def test_r_fine_4_fourth_late_in_a_month_costs_50(org):
    p = org["canvasser1"]
    for d in (2, 3, 4, 5):
        _late(p, date(2026, 3, d))
    assert _amounts(p) == [(1, 20), (2, 20), (3, 20), (4, 50)]


def test_r_fine_4_counting_restarts_each_month(org):
    p = org["canvasser1"]
    for d in (2, 3, 4, 5):
        _late(p, date(2026, 3, d))
    assert _late(p, date(2026, 4, 1)).amount == 20


def test_r_fine_4_adding_an_earlier_one_renumbers_the_month(org):
    p = org["canvasser1"]
    for d in (3, 4, 5, 6):
        _late(p, date(2026, 3, d))
    _late(p, date(2026, 3, 2))
    assert _amounts(p) == [(1, 20), (2, 20), (3, 20), (4, 50), (5, 50)]


def test_r_fine_4_waiving_one_renumbers_the_month(org):
    p = org["canvasser1"]
    lates = [_late(p, date(2026, 3, d)) for d in (2, 3, 4, 5)]
    violation_waive(violation=lates[0], actor=org["manager"], reason="rainstorm")
    assert _amounts(p) == [(None, 20), (1, 20), (2, 20), (3, 20)]


def test_r_fine_4_a_closed_month_is_not_renumbered(org):
    p = org["canvasser1"]
    lates = [_late(p, date(2026, 3, d)) for d in (2, 3, 4, 5)]
    ClosedPayMonth.objects.create(month=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="closed"):
        violation_waive(violation=lates[0], actor=org["manager"], reason="rainstorm")
    _late(p, date(2026, 3, 1))
    assert _amounts(p) == [(None, 20), (1, 20), (2, 20), (3, 20), (4, 50)]


def test_r_fine_4_escalation_is_rulebook_data(org):
    version = RulebookVersion.objects.get(number=1)
    version.escalate_after, version.escalated_amount = 1, Decimal("30")
    version.save()
    p = org["canvasser1"]
    _late(p, date(2026, 3, 2))
    _late(p, date(2026, 3, 3))
    assert _amounts(p) == [(1, 20), (2, 30)]


# --- R-FINE-1 waive, reduce, appeal ---------------------------------------------------------


def test_r_fine_1_waiver_waives_the_joint_fine(org):
    daily(org["canvasser1"])
    v = violation_record(staff=org["canvasser1"], code="MATERIAL", occurred_at=WHEN)
    violation_waive(violation=v, actor=org["manager"], reason="storm")
    row = violations_for_month(DAY).get()
    assert (row.person_due, row.leader_due, row.state) == (0, 0, "waived")
    assert v.history.count() == 2


def test_r_fine_1_manager_may_keep_the_joint_fine_on_a_waiver(org):
    daily(org["canvasser1"])
    v = violation_record(staff=org["canvasser1"], code="MATERIAL", occurred_at=WHEN)
    violation_waive(violation=v, actor=org["manager"], reason="x", keep_joint=True)
    assert v.adjusted_leader_amount == Decimal("20.00")


def test_r_fine_1_reduction_reduces_the_joint_fine_in_proportion(org):
    daily(org["canvasser1"], "60.00")
    v = violation_record(staff=org["canvasser1"], code="POST-CROSS", occurred_at=WHEN)
    violation_reduce(
        violation=v, actor=org["manager"], new_amount=Decimal("10.00"), reason="weather"
    )
    # 20 × 10 / 30 = 6.666… → 6.67
    row = violations_for_month(DAY).get()
    assert (row.person_due, row.leader_due) == (Decimal("10.00"), Decimal("6.67"))


def test_r_fine_1_reduction_with_an_explicit_joint_amount(org):
    daily(org["canvasser1"])
    v = violation_record(staff=org["canvasser1"], code="POST-CROSS", occurred_at=WHEN)
    violation_reduce(
        violation=v,
        actor=org["manager"],
        new_amount=Decimal("10"),
        reason="w",
        leader_amount=Decimal("20"),
    )
    assert v.adjusted_leader_amount == Decimal("20.00")


def test_r_fine_1_a_waiver_needs_a_reason(org):
    v = violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=WHEN)
    with pytest.raises(ValidationError):
        violation_waive(violation=v, actor=org["manager"], reason="")


def test_r_fine_1_the_person_appeals_and_it_shows_for_payroll(org):
    v = violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=WHEN)
    violation_appeal(violation=v, actor=org["canvasser1"], reason="I was in uniform")
    assert violations_for_month(DAY).get().appeal == "open"
    with pytest.raises(ValidationError):
        violation_appeal(violation=v, actor=org["canvasser2"], reason="x")


# --- R-FINE-3 the rulebook and acknowledgement ----------------------------------------------


def test_r_fine_3_acknowledged_only_when_payer_acknowledged_version_at_or_before(org):
    p, leader = org["canvasser1"], org["leader1"]
    daily(p)
    version = RulebookVersion.objects.get(number=1)
    rulebook_acknowledge(version=version, actor=p, at=WHEN)  # exactly at the time: counts
    rulebook_acknowledge(version=version, actor=leader, at=at(DAY, 11, 0, 1))  # later: not
    violation_record(staff=p, code="MATERIAL", occurred_at=WHEN)
    row = violations_for_month(DAY).get()
    assert row.acknowledged is True
    assert row.leader_acknowledged is False


def test_r_fine_3_an_acknowledgement_of_another_version_does_not_count(org):
    p = org["canvasser1"]
    draft = rulebook_draft_create(title="v2", effective_from=at(date(2026, 4, 1), 0))
    rulebook_publish(version=draft, actor=org["manager"], at=at(DAY, 0))
    rulebook_acknowledge(version=draft, actor=p, at=at(DAY, 1))
    violation_record(staff=p, code="DRESS", occurred_at=WHEN)  # v1 still in force
    assert violations_for_month(DAY).get().acknowledged is False


def test_r_fine_3_the_version_in_force_is_kept_on_the_violation(org):
    draft = rulebook_draft_create(title="v2", effective_from=at(date(2026, 3, 5), 0))
    rule = draft.rules.get(code="DRESS")
    rulebook_rule_update(rule=rule, person_amount=Decimal("15"))
    rulebook_publish(version=draft, actor=org["manager"], at=at(date(2026, 3, 1), 0))
    early = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 4), 11)
    )
    late = violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=WHEN)
    assert (early.version.number, early.amount) == (1, 10)
    assert (late.version.number, late.amount) == (2, 15)


def test_r_fine_3_editing_an_acknowledged_version_is_refused(org):
    version = RulebookVersion.objects.get(number=1)
    rulebook_acknowledge(version=version, actor=org["canvasser1"])
    rule = version.rules.get(code="DRESS")
    with pytest.raises(ValidationError, match="acknowledged"):
        rulebook_rule_update(rule=rule, person_amount=Decimal("99"))
    rule.refresh_from_db()
    assert rule.person_amount == 10


def test_r_fine_3_an_unpublished_version_cannot_be_acknowledged(org):
    draft = rulebook_draft_create(title="v2", effective_from=WHEN)
    with pytest.raises(ValidationError):
        rulebook_acknowledge(version=draft, actor=org["canvasser1"])


def test_r_lead_7_fake_lead_makes_the_lead_invalid_and_cancels_its_deals(org):
    """R-FINE FAKE-LEAD: day wage, a dismissal case, the lead invalid, its deals
    cancelled through the canvasser's fault."""
    from datetime import date

    from attendance.models import DisciplineAction
    from clients.models import Deal, DealStatus, LeadStatus
    from clients.services.deals import DealInput, deal_record
    from tests.factories.clients import at as at_clients
    from tests.factories.clients import confirmed_visit, register

    person = org["canvasser1"]
    lead = register(person, "13900001234", now=at_clients(2026, 10, 1))
    confirmed_visit(lead, org["consultant1"], now=at_clients(2026, 10, 2))
    deal = deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        now=at_clients(2026, 10, 3),
        data=DealInput(project="一期", signed_on=date(2026, 10, 3), units=1),
    )
    violation = violation_record(
        staff=person,
        code="FAKE-LEAD",
        recorded_by=org["manager"],
        occurred_at=at_clients(2026, 10, 5),
        lead_ref=str(lead.pk),
    )
    lead.refresh_from_db()
    deal.refresh_from_db()
    assert lead.status == LeadStatus.INVALID
    assert (deal.status, deal.canvasser_fault) == (DealStatus.CANCELLED, True)
    assert DisciplineAction.objects.filter(staff=person).exists()
    assert violation.code == "FAKE-LEAD"
    assert Deal.objects.filter(status=DealStatus.SIGNED).count() == 0


def test_r_lead_7_a_fake_lead_violation_naming_no_real_lead_saves_nothing(org):
    from attendance.models import Violation
    from tests.factories.clients import at as at_clients

    with pytest.raises(ValidationError, match="99999"):
        violation_record(
            staff=org["canvasser1"],
            code="FAKE-LEAD",
            recorded_by=org["manager"],
            occurred_at=at_clients(2026, 10, 5),
            lead_ref="99999",
        )
    assert not Violation.objects.exists()
