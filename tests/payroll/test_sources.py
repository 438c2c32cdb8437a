"""R-PAY-8: every payslip line shows the facts it counts (visits, deals, fines, claims),
in a fixed number of queries."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.defaults import defaults_ensure
from attendance.services import violation_record
from campaigns.models import ClaimStatus
from clients.models import LeadKind, Visit
from clients.services.deals import DealInput, deal_record
from payroll import services
from payroll.calc import Kind
from payroll.models import Payslip
from tests.factories import WageSchemeFactory
from tests.factories.attendance import acknowledge_all
from tests.factories.campaigns import ExpenseClaimFactory
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db

OCT = date(2026, 10, 1)


def _month_with_every_source(org, visits: int):
    canvasser, consultant = org["canvasser1"], org["consultant1"]
    WageSchemeFactory(staff=canvasser, amount=Decimal("60.00"))
    acknowledge_all(canvasser)
    for i in range(visits):
        kind = LeadKind.PHONE if i == 0 else LeadKind.IN_PERSON
        lead = register(canvasser, f"1370000{i:04d}", now=at(2026, 10, 2, 9), kind=kind)
        confirmed_visit(lead, consultant, now=at(2026, 10, 3 + i % 20, 10))
    deal = deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        now=at(2026, 10, 25),
        data=DealInput(
            project="一期",
            signed_on=date(2026, 10, 25),
            units=1,
            first_payment_on=date(2026, 10, 25),
        ),
    )
    violation = violation_record(
        staff=canvasser, code="DRESS", occurred_at=at(2026, 10, 5), recorded_by=org["leader1"]
    )
    claim = ExpenseClaimFactory(
        staff=canvasser,
        amount=Decimal("12.00"),
        status=ClaimStatus.APPROVED,
        decided_at=at(2026, 10, 15),
    )
    services.target_set(
        actor=org["salesmgr"].user, month=OCT, staff=canvasser, conversions=1, visits=1
    )
    run = services.payroll_run_calculate(month=OCT)
    return Payslip.objects.get(run=run, staff=canvasser), deal, violation, claim


def test_r_pay_8_performance_and_bonus_lines_keep_the_visits_they_count(org):
    slip, *_ = _month_with_every_source(org, visits=3)
    visit_ids = sorted(Visit.objects.values_list("pk", flat=True))
    first_visit = Visit.objects.get(lead__kind=LeadKind.PHONE).pk
    performance = slip.lines.get(kind=Kind.PERFORMANCE).params
    assert (performance["visits"], sorted(performance["visit_ids"])) == (3, visit_ids)
    assert performance["conversion_ids"] == [first_visit]
    assert sorted(slip.lines.get(kind=Kind.BONUS_VISITS).params["visit_ids"]) == visit_ids
    assert slip.lines.get(kind=Kind.BONUS_CONVERSIONS).params["visit_ids"] == [first_visit]


def test_r_pay_8_payslip_page_lists_each_lines_sources(client, org):
    slip, deal, violation, claim = _month_with_every_source(org, visits=3)
    client.force_login(org["canvasser1"].user)
    body = client.get(reverse("payslip-detail", args=[slip.pk])).content.decode()
    for visit in Visit.objects.all():
        assert re.search(rf"#{visit.pk}\D", body)
    assert re.search(rf"#{deal.pk}\W+一期", body)
    assert reverse("violation-detail", args=[violation.pk]) in body
    assert reverse("claim-detail", args=[claim.pk]) in body
    assert "1370000" not in body.replace("1370000****", "")  # phones stay masked


@pytest.mark.parametrize("visits", [2, 12])
def test_r_pay_8_payslip_page_queries_do_not_grow_with_its_sources(
    client, org, visits, django_assert_max_num_queries
):
    slip, *_ = _month_with_every_source(org, visits=visits)
    client.force_login(org["canvasser1"].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("payslip-detail", args=[slip.pk])).status_code == 200


@pytest.fixture(autouse=True)
def _attendance_defaults():
    defaults_ensure()


def test_r_pay_8_reasons_show_the_policys_shares_as_plain_percentages():
    from payroll.reasons import percent

    assert [percent(s) for s in ("0.8000", "0.20", "0.125", "1")] == ["80%", "20%", "12.5%", "100%"]
