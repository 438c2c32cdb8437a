"""R-PAY-10: the estimate is R-PAY-CALC on the facts up to yesterday."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.defaults import defaults_ensure
from outreach.models import WageKind
from payroll.estimate import pay_estimate
from tests.factories import WageSchemeFactory
from tests.factories.attendance import rostered
from tests.payroll.test_worked_examples import _worked

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 12)


@pytest.fixture(autouse=True)
def _attendance_defaults():
    defaults_ensure()


def _roster_month(person, worked_until_yesterday: int):
    days = [date(2026, 11, 2) + timedelta(days=i) for i in range(22)]
    for day in days:
        rostered(person, day)
    _worked(person, [d for d in days if d < TODAY][:worked_until_yesterday])


def test_r_pay_10_daily_estimate_counts_days_worked_so_far(org):
    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    _roster_month(person, worked_until_yesterday=8)
    slip = pay_estimate(staff=person, today=TODAY)
    assert slip.wage == Decimal("480.00")  # 60 × 8; future rostered days are not absences


def test_r_pay_10_monthly_estimate_prorates_over_the_months_scheduled_days(org):
    # base 2,800; 8 worked so far of 22 scheduled → 2,800 × 8 ÷ 22 = 1,018.1818… → 1,018.18
    person = org["leader1"]
    WageSchemeFactory(staff=person, kind=WageKind.MONTHLY, amount=Decimal("2800.00"))
    _roster_month(person, worked_until_yesterday=8)
    slip = pay_estimate(staff=person, today=TODAY)
    assert slip.wage == Decimal("1018.18")
    assert slip.awards == Decimal("0.00")


def test_r_pay_10_estimate_page_is_labelled_and_my_own(client, org):
    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    client.force_login(person.user)
    body = client.get(reverse("pay-estimate")).content.decode()
    assert "估算" in body or "estimate" in body
    assert 'id="estimate-net"' in body
