"""Issue 2 §9: a canvasser logs in on a 360×640 phone screen and sees the home page."""

import pytest

from outreach.models import Role
from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_canvasser_logs_in_on_a_phone_and_sees_home(live_server, phone):
    StaffFactory(user__username="canvasser1", name="王芳", role=Role.CANVASSER)
    phone.goto(f"{live_server.url}/")
    assert "/accounts/login/" in phone.url
    phone.fill("input[name=username]", "canvasser1")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-title")
    assert "王芳" in phone.inner_text("#home-title")
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # Bootstrap was served locally, so the page is styled (the navbar is coloured).
    colour = phone.evaluate(
        "getComputedStyle(document.querySelector('nav.navbar')).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
