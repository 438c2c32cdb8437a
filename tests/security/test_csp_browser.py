"""Issue 9: the pages that run our JavaScript work under the Content-Security-Policy, and
the browser reports no violation (headless Chromium)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from appraisals.rollup import appraisal_rollup
from attendance.models import DayRecord
from outreach.models import Role
from tests.factories import TEST_PASSWORD, StaffFactory
from tests.factories.attendance import at, point_at, rostered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """A phone-sized page that records console errors, page errors and CSP reports."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    # Init scripts run outside the page's policy: count the violations the page reports.
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    context.close()


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _no_violation(page):
    assert page.evaluate("window.__csp") == []
    assert [p for p in page.problems if "Content Security Policy" in p] == []
    assert page.problems == []


def test_security_check_in_js_runs_under_the_policy(live_server, page, org):
    person = org["canvasser1"]
    rostered(person, timezone.localdate(), point=point_at("30.320100", "120.141900"))
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 30.3202, "longitude": 120.1420})
    _login(page, live_server, person.user.username)
    page.goto(f"{live_server.url}/attendance/checkin/")
    page.click("#check-button")
    page.wait_for_selector(".alert-success")
    _no_violation(page)
    # static/js/checkin.js put the position into the form before sending it.
    record = DayRecord.objects.get(staff=person)
    assert abs(record.check_in_lat - Decimal("30.3202")) < Decimal("0.0001")


def test_security_daily_report_js_runs_under_the_policy(live_server, page):
    from attendance.defaults import defaults_ensure
    from outreach.dates import today

    person = StaffFactory(user__username="canvasser1", role=Role.CANVASSER)
    defaults_ensure()
    rostered(person, today())
    DayRecord.objects.create(staff=person, day=today(), check_in_at=at(today(), 8, 55))
    _login(page, live_server, "canvasser1")
    page.goto(f"{live_server.url}/campaigns/daily/")
    page.fill("input[name=flyers]", "120")
    page.reload()  # static/js/daily_report.js keeps the draft in localStorage
    page.wait_for_selector("#daily-report-form")
    assert page.input_value("input[name=flyers]") == "120"
    _no_violation(page)


def test_security_appraisal_cycle_chart_draws_under_the_policy(live_server, page, org):
    cycle = appraisal_rollup(label="2026Q3").cycle
    _login(page, live_server, org["manager"].user.username)
    page.goto(f"{live_server.url}/payroll/appraisals/cycles/{cycle.pk}/")
    # static/js/appraisal_cycle.js drew the chart from the json_script data.
    labels = page.evaluate("Chart.getChart(document.getElementById('grade-chart')).data.labels")
    assert labels
    _no_violation(page)


def test_security_the_browser_blocks_an_injected_inline_script(live_server, page):
    """The policy is really enforced: a script element written into the page does not run,
    and the violation is seen by the checks above."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.injected") is None
    assert page.evaluate("window.__csp")[0].startswith("script-src")
