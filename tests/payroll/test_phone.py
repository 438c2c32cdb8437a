"""R-PAY-10: the live estimate on a phone (360×640 in headless Chromium)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance.defaults import defaults_ensure
from outreach.money import money_text
from payroll.estimate import pay_estimate
from tests.factories import WageSchemeFactory
from tests.factories.attendance import rostered
from tests.payroll.test_worked_examples import _worked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_pay_10_estimate_reads_on_a_phone_and_matches_the_calculation(
    live_server, phone, org, client
):
    defaults_ensure()
    person = org["canvasser1"]
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    today = timezone.localdate()
    first = today.replace(day=1)
    days = [first + timedelta(days=i) for i in range((today - first).days + 3)]
    for day in days:
        rostered(person, day)
    _worked(person, [d for d in days if d < today])
    expected = pay_estimate(staff=person, today=today)

    client.force_login(person.user)
    phone.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    phone.goto(f"{live_server.url}/payroll/estimate/")
    assert phone.locator("#estimate-net").inner_text().strip() == money_text(expected.net)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".list-group-item").count() == len(expected.lines)
