"""R-LEAD-1, R-DAY-2: a canvasser registers a lead on a 360 px phone screen."""

import pytest

from clients.models import Lead
from outreach.models import Role
from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_lead_1_register_a_lead_on_a_phone(live_server, phone):
    StaffFactory(user__username="walker", name="王芳", role=Role.CANVASSER)
    phone.goto(f"{live_server.url}/accounts/login/?next=/crm/leads/register/")
    phone.fill("input[name=username]", "walker")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#lead-register-form")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("input[name=name]", "陈先生")
    phone.fill("input[name=phone]", "+86 138-0013-8000")
    # The draft survives a reload.
    phone.reload()
    phone.wait_for_selector("#lead-register-form")
    assert phone.input_value("input[name=phone]") == "+86 138-0013-8000"
    phone.check("input[name=kind][value=to_bring]")
    phone.fill("input[name=need]", "三居")
    box = phone.locator("#lead-register-submit").bounding_box()
    assert box["height"] >= 44  # a big tap target
    phone.click("#lead-register-submit")
    phone.wait_for_selector("#lead-phone")
    assert "13800138000" in phone.inner_text("#lead-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    lead = Lead.objects.get(phone="13800138000")
    assert lead.owner.name == "王芳"
    assert lead.kind == "to_bring"
