"""R-PLAN-5 on the leader's phone: the attendance screen at 360×640 in headless Chromium —
a row per attendee with four choices, no sideways scroll, one submit."""

import pytest

from tests.browser import assert_no_sideways_scroll, phone_login
from tests.factories import staff_in_group

from .helpers import briefing_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_plan_5_the_leader_takes_attendance_on_the_phone(live_server, phone, org):
    for _n in range(4):
        staff_in_group(org["groups"][0], name="欧阳晓明慧")
    meeting = briefing_today(org)
    phone_login(phone, live_server, org["leader1"])
    phone.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    assert_no_sideways_scroll(phone)
    rows = phone.locator(".attendance-row")
    assert rows.count() == 7
    assert rows.first.locator("input[type=radio]").count() == 4
    canvasser = org["canvasser1"]
    phone.locator(f"label[for=s-{canvasser.pk}-late]").click()
    phone.locator(f"label[for=s-{org['canvasser2'].pk}-absent]").click()
    assert_no_sideways_scroll(phone)
    phone.click("#attendance-submit")
    phone.wait_for_selector(".alert-success")
    assert_no_sideways_scroll(phone)
    statuses = dict(meeting.attendees.values_list("staff_id", "status"))
    assert statuses[canvasser.pk] == "late"
    assert statuses[org["canvasser2"].pk] == "absent"
    assert statuses[org["leader1"].pk] == "present"
    meeting.refresh_from_db()
    assert meeting.state == "held"
