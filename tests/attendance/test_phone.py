"""Phone screens at 360×640 in headless Chromium: check-in (with the browser's location),
record a violation, inspection (R-ATT-3, R-FINE, R-ATT-7)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from attendance.models import DayRecord, Violation
from tests.browser import assert_no_sideways_scroll, phone_login
from tests.factories.attendance import point_at, rostered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_att_3_phone_check_in_sends_the_browser_location(live_server, phone, org):
    person = org["canvasser1"]
    rostered(person, timezone.localdate(), point=point_at("30.320100", "120.141900"))
    phone.context.grant_permissions(["geolocation"], origin=live_server.url)
    phone.context.set_geolocation({"latitude": 30.3202, "longitude": 120.1420})
    phone_login(phone, live_server, person)
    phone.goto(f"{live_server.url}/attendance/checkin/")
    assert_no_sideways_scroll(phone)
    button = phone.locator("#check-button")
    box = button.bounding_box()
    assert box["height"] >= 60  # a big tap target
    button.click()
    phone.wait_for_selector(".alert-success")
    record = DayRecord.objects.get(staff=person)
    assert record.check_in_at is not None
    assert abs(record.check_in_lat - Decimal("30.3202")) < Decimal("0.0001")
    assert record.distance_m is not None
    assert not record.not_at_point
    assert len(record.check_in_device) == 32
    assert_no_sideways_scroll(phone)
    assert phone.locator("#check-button").count() == 1  # now the check-out button


def test_r_att_3_phone_check_in_without_location_permission_still_works(live_server, phone, org):
    person = org["canvasser1"]
    phone_login(phone, live_server, person)
    phone.goto(f"{live_server.url}/attendance/checkin/")
    phone.click("#check-button")
    phone.wait_for_selector(".alert-success")
    assert DayRecord.objects.get(staff=person).check_in_lat is None


def test_r_fine_leader_records_a_violation_on_the_phone(live_server, phone, org):
    phone_login(phone, live_server, org["leader1"])
    phone.goto(f"{live_server.url}/attendance/violations/new/")
    assert_no_sideways_scroll(phone)
    phone.select_option("select[name=staff]", str(org["canvasser1"].pk))
    phone.select_option("select[name=code]", "DRESS")
    phone.fill("input[name=note]", "no uniform")
    phone.click("#violation-form button[type=submit]")
    phone.wait_for_selector("#fine")
    violation = Violation.objects.get()
    assert (violation.code, violation.amount, violation.recorded_by) == (
        "DRESS",
        10,
        org["leader1"],
    )
    assert_no_sideways_scroll(phone)


def test_r_att_7_inspection_on_the_phone(live_server, phone, org):
    point = point_at()
    rostered(org["canvasser1"], timezone.localdate(), point=point)
    phone_login(phone, live_server, org["leader1"])
    phone.goto(f"{live_server.url}/attendance/inspections/new/?point={point.pk}")
    assert_no_sideways_scroll(phone)
    phone.click(f"label[for=mark-{org['canvasser1'].pk}-present]")
    phone.click("details summary")
    phone.click(f"label[for=mark-{org['canvasser2'].pk}-cross]")
    phone.click("#save-inspection")
    phone.wait_for_selector(".alert-success")
    assert Violation.objects.get().code == "POST-CROSS"
    assert DayRecord.objects.get(staff=org["canvasser1"]).present_by_inspection
    assert_no_sideways_scroll(phone)


def test_my_attendance_calendar_fits_a_phone(live_server, phone, org):
    person = org["canvasser1"]
    rostered(person, timezone.localdate())
    phone_login(phone, live_server, person)
    phone.goto(f"{live_server.url}/attendance/me/")
    phone.wait_for_selector("#calendar")
    assert_no_sideways_scroll(phone)
    today = timezone.localdate().isoformat()
    assert phone.get_attribute(f"td[data-day='{today}']", "data-status") == "rostered"
    phone.click("#acknowledge-button")
    phone.wait_for_selector(".alert-success")
    assert person.acknowledgements.count() == 1
