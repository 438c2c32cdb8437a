"""R-PAY-3 targets and the versioned pay policy (R-PAY-1…7 as data)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from payroll import services
from payroll.models import PayPolicy, Target, TargetStatus
from payroll.selectors import pay_policy_for_month

pytestmark = pytest.mark.django_db

MONTH = date(2026, 10, 1)


def test_r_pay_3_saving_zero_stores_absent(org):
    target = services.target_set(
        actor=org["salesmgr"].user, month=MONTH, staff=org["canvasser1"], visits=30, conversions=0
    )
    assert (target.visits, target.conversions, target.deals) == (30, None, None)


def test_r_pay_3_manager_proposes_visit_targets_and_the_sales_manager_approves(org):
    target = services.target_set(
        actor=org["manager"].user, month=MONTH, staff=org["canvasser1"], visits=30, conversions=10
    )
    assert target.status == TargetStatus.PROPOSED
    services.target_approve(actor=org["salesmgr"].user, target=target)
    target.refresh_from_db()
    assert target.status == TargetStatus.APPROVED
    assert target.approved_by == org["salesmgr"].user


def test_r_pay_3_only_the_sales_manager_sets_deal_targets(org):
    with pytest.raises(PermissionDenied):
        services.target_set(
            actor=org["manager"].user, month=MONTH, staff=org["canvasser1"], deals=2
        )
    target = services.target_set(
        actor=org["salesmgr"].user, month=MONTH, staff=org["canvasser1"], deals=2
    )
    assert target.deals == 2


def test_r_pay_3_changing_an_approved_visit_target_makes_it_a_proposal_again(org):
    target = services.target_set(
        actor=org["salesmgr"].user, month=MONTH, staff=org["canvasser1"], visits=30
    )
    assert target.status == TargetStatus.APPROVED
    target = services.target_set(
        actor=org["manager"].user, month=MONTH, staff=org["canvasser1"], visits=35
    )
    assert target.status == TargetStatus.PROPOSED


def test_r_pay_3_no_target_for_someone_who_left(org):
    person = org["canvasser1"]
    person.leave_date = date(2026, 9, 15)
    person.save(update_fields=["leave_date"])
    with pytest.raises(ValidationError, match="离职"):
        services.target_set(actor=org["salesmgr"].user, month=MONTH, staff=person, visits=10)
    assert not Target.objects.exists()


def test_r_pay_3_copy_from_last_month_fills_only_missing_targets(org):
    sm = org["salesmgr"].user
    services.target_set(actor=sm, month=date(2026, 9, 1), staff=org["canvasser1"], visits=20)
    services.target_set(actor=sm, month=date(2026, 9, 1), staff=org["canvasser2"], visits=25)
    services.target_set(actor=sm, month=MONTH, staff=org["canvasser2"], visits=40)
    copied = services.targets_copy_from_last_month(
        actor=sm, month=MONTH, people=[org["canvasser1"], org["canvasser2"]], groups=[]
    )
    assert copied == 1
    assert Target.objects.get(month=MONTH, staff=org["canvasser1"]).visits == 20
    assert Target.objects.get(month=MONTH, staff=org["canvasser2"]).visits == 40


def test_r_pay_3_group_board_saves_a_whole_group_on_one_screen(client, org):
    g1 = org["groups"][0]
    client.force_login(org["salesmgr"].user)
    data = {
        "g-visits": "90",
        f"s{org['canvasser1'].pk}-visits": "30",
        f"s{org['canvasser1'].pk}-deals": "2",
        f"s{org['canvasser2'].pk}-visits": "0",
    }
    response = client.post(f"{reverse('target-board')}?month=2026-10&group={g1.pk}", data)
    assert response.status_code == 302
    assert Target.objects.get(group=g1, month=MONTH).visits == 90
    assert Target.objects.get(staff=org["canvasser1"], month=MONTH).deals == 2
    assert not Target.objects.filter(staff=org["canvasser2"]).exists()


def test_r_pay_3_target_board_is_403_for_canvassers_and_hr(client, org):
    for who in ("canvasser1", "hr", "leader1"):
        client.force_login(org[who].user)
        assert client.get(reverse("target-board")).status_code == 403


def test_r_pay_calc_the_month_uses_the_policy_in_force_on_its_first():
    PayPolicy.objects.create(effective_from=date(2026, 11, 1), visit_bonus=Decimal("60"))
    assert pay_policy_for_month(date(2026, 10, 31)).visit_bonus == Decimal("50.00")
    assert pay_policy_for_month(date(2026, 11, 30)).visit_bonus == Decimal("60.00")


def test_r_pay_calc_a_month_with_no_policy_in_force_is_refused():
    with pytest.raises(ValidationError, match="没有生效的薪酬政策"):
        pay_policy_for_month(date(2019, 12, 1))


def test_r_pay_3_a_quarters_targets_are_broken_into_its_months(org, client):
    g1 = org["groups"][0]
    client.force_login(org["salesmgr"].user)
    person = org["canvasser1"]
    data = {f"s{person.pk}-visits": "31", f"s{person.pk}-conversions": "9", "g-deals": "4"}
    url = f"{reverse('target-board')}?month=2026-11&group={g1.pk}&scope=quarter"
    assert client.post(url, data).status_code == 302
    visits = [Target.objects.get(staff=person, month=date(2026, m, 1)).visits for m in (10, 11, 12)]
    assert visits == [11, 10, 10]
    assert [
        Target.objects.get(staff=person, month=date(2026, m, 1)).conversions for m in (10, 11, 12)
    ] == [3, 3, 3]
    assert [Target.objects.get(group=g1, month=date(2026, m, 1)).deals for m in (10, 11, 12)] == [
        2,
        1,
        1,
    ]
    page = client.get(url).content.decode()
    assert 'value="31"' in page  # the board shows the quarter's totals back
