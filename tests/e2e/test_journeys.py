"""Issue 8 §5: the product end to end in Debian Chromium, as the people who use it:
a canvasser on a 360×640 phone, a consultant, a manager at a desk, HR.

Screenshots of the key screens go to test-output/screenshots/ (not committed); a few
are copied by hand into docs/screenshots/ for the README.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from attendance.defaults import defaults_ensure
from attendance.models import DayRecord
from campaigns.models import DailyReport
from clients.models import Lead, Visit
from outreach.dates import month_start, today
from payroll.models import PayrollExport, PayrollRun
from tests.factories import TEST_PASSWORD, PointFactory
from tests.factories.attendance import at, daily, rostered
from tests.factories.clients import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", person.user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#home-title")


def _fits(page, width=360):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def desk(browser):
    """A desktop browser window (1366×900)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _month_so_far(org):
    """Earlier days' leads and this month's targets, so the trend and bars have a shape."""
    from payroll.models import Target, TargetStatus

    people = ["canvasser1", "canvasser2", "canvasser3"]
    for n in range(18):
        days_back = 1 + (n * 7) % 26
        register(
            org[people[n % 3]],
            f"1370000{n:04d}",
            now=timezone.now() - timedelta(days=days_back, minutes=5),
            name=f"客户{n}",
        )
    first = month_start(today())
    for who, visits in (("canvasser1", 4), ("canvasser2", 3), ("canvasser3", 5)):
        Target.objects.create(
            month=first, staff=org[who], visits=visits, deals=1, status=TargetStatus.APPROVED
        )
    for group, visits in zip(org["groups"], (7, 5), strict=True):
        Target.objects.create(
            month=first, group=group, visits=visits, deals=2, status=TargetStatus.APPROVED
        )


def test_r_dash_2_a_canvasser_works_a_day_on_the_phone(live_server, phone, org):
    person = org["canvasser1"]
    defaults_ensure()
    daily(person)
    rostered(person, today(), point=PointFactory(name="万达广场东门"))
    for back in range(1, 6):  # some days worked this month, so the pay estimate shows
        day = today() - timedelta(days=back)
        if day >= month_start(today()):
            rostered(person, day)
            DayRecord.objects.create(staff=person, day=day, check_in_at=at(day, 8, 55))
    _login(phone, live_server, person)
    _fits(phone)
    assert "万达广场东门" in phone.inner_text("#today-shift")

    # Check in from the home's big button.
    phone.click("#checkin-button")
    phone.click("#check-button")
    phone.wait_for_selector(".alert-success")
    assert DayRecord.objects.get(staff=person, day=today()).check_in_at is not None
    phone.goto(f"{live_server.url}/")
    phone.wait_for_selector("#checkin-status")

    # Register a lead, then find it in my leads with its countdown.
    phone.click("#register-lead")
    phone.wait_for_selector("#lead-register-form")
    _fits(phone)
    phone.fill("input[name=name]", "陈先生")
    phone.fill("input[name=phone]", "13800138000")
    phone.check("input[name=kind][value=to_bring]")
    phone.fill("input[name=need]", "三居")
    phone.click("#lead-register-submit")
    phone.wait_for_selector("#lead-phone")
    phone.goto(f"{live_server.url}/")
    phone.wait_for_selector("#my-leads")
    assert "陈先生" in phone.inner_text("#my-leads")
    assert Lead.objects.get(phone="13800138000").owner == person
    _fits(phone)
    _shot(phone, "phone-home")

    # Today's report: the draft survives a reload; a double tap gives one report.
    phone.click("#daily-report-link")
    phone.wait_for_selector("#daily-report-form")
    phone.fill("input[name=flyers]", "150")
    phone.fill("textarea[name=summary]", "万达东门派单，登记陈先生一组")
    phone.reload()
    phone.wait_for_selector("#daily-report-form")
    assert phone.input_value("textarea[name=summary]") == "万达东门派单，登记陈先生一组"
    _fits(phone)
    _shot(phone, "phone-daily-report")
    phone.dblclick("#daily-report-form button[type=submit]")
    phone.wait_for_selector("#report-title")
    assert DailyReport.objects.filter(staff=person, day=today()).count() == 1
    phone.goto(f"{live_server.url}/")
    phone.wait_for_selector("#daily-report-status")
    assert phone.locator("#daily-report-link.btn-outline-secondary").count() == 1
    _fits(phone)


def test_r_dash_1_consultant_takes_a_visitor_and_the_manager_sees_it(
    live_server, desk, browser, org
):
    lead = register(
        org["canvasser1"], "13900000001", now=timezone.now() - timedelta(minutes=5), name="李女士"
    )
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}, locale="zh-CN")
    page = tablet.new_page()
    page.set_default_timeout(15_000)
    try:
        _login(page, live_server, org["consultant1"])
        page.click("#take-next")
        page.wait_for_selector("#rotation-queue")
        page.click("form[action$='/reception/setup/'] button")
        page.wait_for_selector("#rotation-queue li >> text=" + org["consultant1"].name)
        page.fill("input[name=phone]", lead.phone)
        page.click(
            "form:not([action]) button.btn-primary, form[method=post]:has(input[name=phone]) button"
        )
        page.wait_for_selector(".alert-success")
        visit = Visit.objects.get(lead=lead)
        assert visit.consultant_id == org["consultant1"].pk
        page.goto(f"{live_server.url}/")
        page.wait_for_selector("#visits-to-confirm")
        assert "李女士" in page.inner_text("#visits-to-confirm")
        _shot(page, "tablet-consultant-home")
        page.click("#visits-to-confirm .confirm-visit")
        page.wait_for_selector(".alert-success")
        visit.refresh_from_db()
        assert visit.confirmed_at is not None
    finally:
        tablet.close()

    _month_so_far(org)
    _login(desk, live_server, org["manager"])
    desk.wait_for_selector("#trend-chart")
    assert desk.inner_text("#tile-leads .tile-value").strip() == "1"
    assert desk.inner_text("#tile-visits .tile-value").strip() == "1"
    # Chart.js drew the trend (served locally: the canvas has pixels).
    desk.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('trend-chart')")
    assert "李女士" not in desk.content()  # the dashboard shows numbers, not clients
    _fits(desk, 1366)
    _shot(desk, "desktop-manager-dashboard")
    desk.click("#tile-leads")
    desk.wait_for_url("**/crm/clients/**")
    assert "李女士" in desk.content()


def test_r_dash_3_hr_calculates_a_month_and_downloads_the_spreadsheet(live_server, desk, org):
    defaults_ensure()
    last = month_start(month_start(today()) - timedelta(days=1))
    for who in ("canvasser1", "canvasser2"):
        daily(org[who], rate="60.00")
        for n in range(5):
            day = last + timedelta(days=n)
            rostered(org[who], day)
            DayRecord.objects.create(staff=org[who], day=day, check_in_at=at(day, 8, 50))
    _login(desk, live_server, org["hr"])
    desk.click("#runs-h + a")
    desk.wait_for_selector("input[name=month]")
    desk.fill("input[name=month]", f"{last:%Y-%m}")
    desk.click("form[action$='/runs/calculate/'] button")
    desk.wait_for_selector("form[action$='/export/'] button")
    run = PayrollRun.objects.get(month=last)
    payslip = run.payslips.get(staff=org["canvasser1"])
    assert payslip.gross == Decimal("300.00")  # 5 days × 60
    desk.click("form[action$='/export/'] button")
    desk.wait_for_selector("a[href$='/download/']")
    with desk.expect_download() as download:
        desk.click("a[href$='/download/']")
    path = download.value.path()
    assert Path(path).read_bytes()[:2] == b"PK"  # an .xlsx is a zip
    assert download.value.suggested_filename == f"payroll-{last:%Y-%m}.xlsx"
    assert PayrollExport.objects.get(run=run).status == PayrollExport.Status.DONE
    desk.goto(f"{live_server.url}/payroll/payslips/{payslip.pk}/")
    desk.wait_for_selector("h1")
    _shot(desk, "desktop-payslip")
    desk.goto(f"{live_server.url}/")
    desk.wait_for_selector("#hr-runs")
    assert f"{last:%Y-%m}" in desk.inner_text("#hr-runs")
    _shot(desk, "desktop-hr-home")
