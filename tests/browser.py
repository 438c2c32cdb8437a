"""What the phone tests share: log in through the real form, and check the page never
scrolls sideways at 360 px (the `phone` fixture is in conftest.py)."""

from tests.factories import TEST_PASSWORD

PHONE_WIDTH = 360


def phone_login(phone, live_server, person) -> None:
    """Log `person` (a Staff) in on the phone and land on their home."""
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", person.user.username)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")


def assert_no_sideways_scroll(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
