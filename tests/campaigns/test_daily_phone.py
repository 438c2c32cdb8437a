"""R-DAY-2 on a 360×640 phone: the typed draft survives a reload, and a submission made
while offline is sent once the network is back — one report."""

import pytest

from campaigns.models import DailyReport
from outreach.models import Role
from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _login(phone, live_server):
    from attendance.defaults import defaults_ensure
    from outreach.dates import today
    from tests.factories.attendance import checked_in, rostered

    person = StaffFactory(user__username="canvasser1", role=Role.CANVASSER)
    defaults_ensure()
    rostered(person, today())  # a report is due for a rostered day with a check-in
    checked_in(person, today())
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "canvasser1")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-title")
    phone.goto(f"{live_server.url}/campaigns/daily/")
    phone.wait_for_selector("#daily-report-form")


def test_r_day_2_the_typed_draft_survives_a_reload(live_server, phone):
    _login(phone, live_server)
    key = phone.input_value("input[name=idempotency_key]")
    phone.fill("input[name=flyers]", "180")
    phone.fill("textarea[name=summary]", "万达东门派单，登记 3 组")
    phone.reload()
    phone.wait_for_selector("#daily-report-form")
    assert phone.input_value("input[name=flyers]") == "180"
    assert phone.input_value("textarea[name=summary]") == "万达东门派单，登记 3 组"
    assert phone.input_value("input[name=idempotency_key]") == key
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_r_day_2_an_offline_submit_is_retried_when_back_online(live_server, phone):
    _login(phone, live_server)
    phone.fill("textarea[name=summary]", "断网时提交")
    phone.context.set_offline(True)
    phone.click("#daily-report-form button[type=submit]")
    phone.wait_for_selector("#daily-report-status.alert-warning")
    assert DailyReport.objects.count() == 0
    phone.context.set_offline(False)
    phone.wait_for_selector("#report-title")
    assert DailyReport.objects.get().summary == "断网时提交"
    # The draft is gone once the report is in.
    assert phone.evaluate("Object.keys(localStorage).length") == 0
