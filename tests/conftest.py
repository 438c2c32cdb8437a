import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from hypothesis import settings as hypothesis_settings

from outreach.models import Role
from tests.factories import GroupFactory, StaffFactory, staff_in_group

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run beside one unless told that this is a deliberate, single-threaded test use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests (issue 9): the same examples on every run and machine, no timing
# flakiness, and nothing written to a .hypothesis/ example database.
hypothesis_settings.register_profile(
    "ci", deadline=None, max_examples=50, derandomize=True, database=None, print_blob=True
)
hypothesis_settings.register_profile("deep", deadline=None, max_examples=1000, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@receiver(setting_changed)
def _sendfile_root_follows_media_root(*, setting, value, **kwargs):
    """Files are served from SENDFILE_ROOT = MEDIA_ROOT (issue 17): a test that moves
    MEDIA_ROOT (to a tmp_path) moves where downloads are read from with it, as Django
    moves its storage."""
    if setting == "MEDIA_ROOT":
        django_settings.SENDFILE_ROOT = value


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """`make test-instants` runs the suite with the process clock moved by faketime to an
    edge instant (OUTREACH_TEST_INSTANT, local time). faketime's clock ticks on through a
    run of minutes, so each test that does not set its own instant is also started at
    that instant (time-machine), so that all of them, not only the first minute's, meet
    it. Runs before time-machine's own hook, which turns the marker into its fixture."""
    instant = os.environ.get("OUTREACH_TEST_INSTANT")
    if not instant:
        return
    from tests.clock import runs_at

    marker = runs_at(instant)
    for item in items:
        if item.get_closest_marker("time_machine") is None:
            item.add_marker(marker)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def org(db):
    """Two groups, each with a leader and two canvassers, plus one of every office role."""
    g1, g2 = GroupFactory(code="G01"), GroupFactory(code="G02")
    people = {
        "leader1": staff_in_group(g1, leader=True),
        "canvasser1": staff_in_group(g1),
        "canvasser2": staff_in_group(g1),
        "leader2": staff_in_group(g2, leader=True),
        "canvasser3": staff_in_group(g2),
        "manager": StaffFactory(role=Role.MANAGER),
        "salesmgr": StaffFactory(role=Role.SALES_MANAGER),
        "hr": StaffFactory(role=Role.HR),
        "admin": StaffFactory(role=Role.ADMIN),
        "consultant1": StaffFactory(role=Role.CONSULTANT),
    }
    people["groups"] = (g1, g2)
    return people


def _chromium_env() -> dict[str, str] | None:
    """Under faketime (`make test-instants`) the tests run with libfaketime's monotonic
    fix off, for speed (scripts/test_instants.sh); Chromium needs it on, or its frames
    never settle and no click lands. Elsewhere it inherits the environment as it is."""
    if "FAKETIME" not in os.environ:
        return None
    return {**os.environ, "FAKETIME_FORCE_MONOTONIC_FIX": "1"}


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail("Debian's chromium is not installed: run `apt-get install -y chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS, env=_chromium_env()
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page the size of a phone screen (360×640), touch enabled."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
