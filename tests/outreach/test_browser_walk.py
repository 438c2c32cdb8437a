"""Issue 18 "Done when": every demo role walks its home and every page of its menu in
headless Chromium at 360×640 and at 1280×800: no server error, no 405 from a link, no
console error."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from outreach.models import Staff
from tests.test_crawl import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [
    {"width": 360, "height": 640, "is_mobile": True, "has_touch": True},
    {"width": 1280, "height": 800, "is_mobile": False, "has_touch": False},
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _session_cookie(live_server, username: str) -> dict:
    """Logged in as the role without the login form (the form has its own tests)."""
    client = Client()
    client.force_login(Staff.objects.get(user__username=username).user)
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _walk(browser, live_server, username: str, viewport: dict) -> list[tuple]:
    size = {"width": viewport["width"], "height": viewport["height"]}
    context = browser.new_context(
        viewport=size,
        is_mobile=viewport["is_mobile"],
        has_touch=viewport["has_touch"],
        locale="zh-CN",
    )
    context.add_cookies([_session_cookie(live_server, username)])
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[tuple] = []
    where = {"url": "/"}
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and problems.append((username, size["width"], where["url"], "console", msg.text))
        ),
    )
    page.on(
        "pageerror",
        lambda error: problems.append((username, size["width"], where["url"], "js", str(error))),
    )
    try:
        response = page.goto(f"{live_server.url}/")
        assert response is not None
        home = page.url.removeprefix(live_server.url)
        if response.status >= 500 or response.status == 405:
            problems.append((username, size["width"], home, "status", response.status))
        # The menu is in the page whether or not it is folded (phone): read its links.
        links = page.eval_on_selector_all(
            "nav a[href]",
            "els => els.map(e => e.getAttribute('href'))",
        )
        targets = sorted(
            {link for link in links if link.startswith("/") and not link.startswith("//")}
        )
        assert targets, f"no menu for {username}"
        for target in targets:
            where["url"] = target
            response = page.goto(f"{live_server.url}{target}")
            status = response.status if response is not None else 0
            if status >= 500 or status == 405:
                problems.append((username, size["width"], target, "status", status))
    finally:
        context.close()
    return problems


def test_first_use_every_role_walks_its_menu_and_home_on_phone_and_desktop(
    demo, live_server, browser
):
    problems = []
    for username in ROLES:
        for viewport in VIEWPORTS:
            problems += _walk(browser, live_server, username, viewport)
    assert problems == []
