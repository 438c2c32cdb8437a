"""Issue 18 point 1 on a 360×640 phone (R-DAY-1, R-DAY-2): the daily report opens with
the day's figures already counted, the system's counts shown but not editable."""

from datetime import date

import pytest

from attendance.defaults import defaults_ensure
from attendance.models import DayRecord
from campaigns.services import material_handout_record
from outreach.models import Role
from tests.clock import local_at, runs_at
from tests.factories import TEST_PASSWORD, PointFactory, StaffFactory
from tests.factories.attendance import rostered
from tests.factories.clients import register

DAY = date(2026, 3, 12)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    runs_at("2026-03-12 17:00"),
]


def test_r_day_1_the_phone_form_opens_with_the_days_numbers(live_server, phone):
    defaults_ensure()
    person = StaffFactory(user__username="canvasser1", role=Role.CANVASSER)
    leader = StaffFactory(role=Role.MANAGER)
    point = PointFactory(name="万达东门")
    rostered(person, DAY, point=point)
    DayRecord.objects.create(staff=person, day=DAY, check_in_at=local_at(DAY, 8, 55))
    for n in range(3):
        register(person, f"1390000000{n}", now=local_at(DAY, 10, n))
    material_handout_record(
        actor=leader.user,
        staff=person,
        day=DAY,
        material="项目单页",
        received=200,
        used=180,
        returned=20,
    )

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "canvasser1")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-title")
    phone.goto(f"{live_server.url}/campaigns/daily/")
    phone.wait_for_selector("#daily-report-form")

    assert phone.input_value("#id_leads_registered") == "3"
    assert phone.is_disabled("#id_leads_registered")
    assert phone.input_value("#id_visits_confirmed") == "0"
    # 08:55 to 17:00 is past the 16:30 shift end: 7 h 35 less the lunch hour.
    assert phone.input_value("#id_hours_worked") == "6.6"
    assert phone.input_value("input[name=flyers]") == "180"
    assert phone.input_value("input[name=contacts]") == "3"
    assert phone.is_editable("input[name=flyers]")
    assert phone.input_value("select[name=point]") == str(point.pk)
    assert "项目单页" in phone.inner_text("#daily-report-materials")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
