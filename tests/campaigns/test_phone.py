"""R-PLAN-4: the pitch script reads well on a 360 px phone."""

import pytest

from outreach.models import Role
from tests.factories import TEST_PASSWORD, StaffFactory
from tests.factories.campaigns import LibraryItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_plan_4_pitch_script_on_a_phone_without_sideways_scrolling(live_server, phone):
    StaffFactory(user__username="canvasser1", role=Role.CANVASSER)
    item = LibraryItemFactory(
        title="项目统一说辞",
        body="您好，打扰一下！我们是城西新盘的置业顾问团队。" * 8
        + "\n\nhttps://example.invalid/a-very-long-unbroken-link-that-should-wrap-on-a-phone",
    )
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "canvasser1")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-title")
    phone.goto(f"{live_server.url}/campaigns/library/")
    phone.click(f"a[href='/campaigns/library/{item.pk}/']")
    phone.wait_for_selector("#library-body")
    assert "打扰一下" in phone.inner_text("#library-body")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    font_size = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#library-body')).fontSize)"
    )
    assert font_size >= 16
