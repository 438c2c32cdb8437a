"""Issue 20 in Chromium on a 360×640 phone: the service worker keeps the field pages,
a check-in, a lead and a daily report made with the network off wait on the phone
(across a reload), and once the network is back each gives exactly one record."""

import io

import pytest
from django.utils import timezone

from attendance.models import DayRecord
from campaigns.models import DailyReport
from clients.models import Lead
from outreach.dates import today
from tests.browser import assert_no_sideways_scroll, phone_login
from tests.clock import wait_until
from tests.factories.attendance import checked_in, rostered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT_PAGES = """async (paths) => {
  const names = (await caches.keys()).filter((n) => n.startsWith("outreach-pages-"));
  if (!names.length) { return false; }
  const cache = await caches.open(names[0]);
  const kept = (await cache.keys()).map((r) => new URL(r.url).pathname);
  return paths.every((p) => kept.includes(p));
}"""


def _controlled(phone, live_server, path, kept):
    """Open `path`, wait for the worker to control the page and to keep `kept`."""
    phone.goto(f"{live_server.url}{path}")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.wait_for_function(KEPT_PAGES, arg=kept, timeout=30_000)


def _waiting(phone, n):
    phone.wait_for_function(
        "(n) => document.getElementById('offline-waiting-count').textContent === String(n)",
        arg=n,
    )


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_offline_check_in_and_lead_made_offline_are_sent_once_back_online(
    live_server, phone, org, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    person = org["canvasser1"]
    rostered(person, today())
    phone_login(phone, live_server, person)
    _controlled(
        phone, live_server, "/attendance/checkin/", ["/attendance/checkin/", "/crm/leads/register/"]
    )

    phone.context.set_offline(True)
    # The photo waits in IndexedDB as a Blob with the rest of the check-in.
    phone.set_input_files(
        "#id_photo", files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png()}]
    )
    phone.click("#check-button")
    _waiting(phone, 1)
    assert "alert-warning" in phone.get_attribute("#check-form .offline-form-status", "class")

    phone.goto(f"{live_server.url}/crm/leads/register/")  # from the worker's cache
    phone.fill("input[name=name]", "陈先生")
    phone.fill("input[name=phone]", "13800138000")
    phone.click("#lead-register-submit")
    _waiting(phone, 2)
    assert phone.input_value("input[name=phone]") == ""  # ready for the next lead

    # A field page opened with the network off shows its content and the queue.
    phone.reload()
    phone.wait_for_selector("#lead-register-form")
    _waiting(phone, 2)
    assert phone.is_visible("#offline-queue")
    assert phone.is_visible("#offline-banner")
    assert phone.locator("#offline-queue-list li[data-state=waiting]").count() == 2
    assert_no_sideways_scroll(phone)
    assert not DayRecord.objects.exists()
    assert not Lead.objects.exists()

    phone.context.set_offline(False)
    _waiting(phone, 0)
    phone.wait_for_function(
        "() => document.querySelectorAll('#offline-queue-list li[data-state=accepted]')"
        ".length === 2"
    )
    record = wait_until(lambda: DayRecord.objects.filter(staff=person).first())
    lead = wait_until(lambda: Lead.objects.filter(phone="13800138000").first())
    assert record.check_in_key is not None
    assert record.check_in_photo.name
    assert record.check_in_acted_at is not None
    assert record.check_in_acted_at <= record.check_in_at
    assert lead.owner == person
    assert lead.acted_at is not None
    assert lead.acted_at <= lead.registered_at

    # Another load sends nothing again: one record per submission.
    phone.reload()
    _waiting(phone, 0)
    phone.click("#offline-queue-list li[data-state=accepted] .offline-dismiss >> nth=0")
    phone.wait_for_function(
        "() => document.querySelectorAll('#offline-queue-list li').length === 1"
    )
    assert DayRecord.objects.filter(staff=person).count() == 1
    assert Lead.objects.filter(phone="13800138000").count() == 1


def test_offline_daily_report_made_offline_is_sent_once_and_opens_the_report(
    live_server, phone, org
):
    person = org["canvasser1"]
    rostered(person, today())
    checked_in(person, today())
    phone_login(phone, live_server, person)
    _controlled(phone, live_server, "/campaigns/daily/", ["/campaigns/daily/"])

    phone.context.set_offline(True)
    phone.fill("textarea[name=summary]", "断网时写的日报")
    phone.click("#daily-report-form button[type=submit]")
    phone.wait_for_selector("#daily-report-status.alert-warning")
    _waiting(phone, 1)
    assert not DailyReport.objects.exists()

    phone.context.set_offline(False)
    phone.wait_for_selector("#report-title")  # the page follows its accepted report
    report = DailyReport.objects.get(staff=person)
    assert report.summary == "断网时写的日报"
    assert report.acted_at is not None
    assert report.acted_at <= timezone.now()
    assert phone.is_visible("#offline-flash")


def test_offline_a_field_page_opened_offline_shows_its_content_and_the_queue(
    live_server, phone, org
):
    person = org["canvasser1"]
    rostered(person, today())
    phone_login(phone, live_server, person)
    # Opening one page is enough: the others were fetched for offline use meanwhile.
    _controlled(
        phone,
        live_server,
        "/attendance/checkin/",
        ["/", "/crm/leads/register/", "/campaigns/library/", "/campaigns/materials/"],
    )
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/")
    phone.wait_for_selector("#today-shift")
    assert person.name in phone.inner_text("#home-title")
    assert phone.is_visible("#offline-queue")
    assert phone.is_visible("#offline-banner.alert-warning")
    assert phone.inner_text("#offline-waiting-count") == "0"
    phone.goto(f"{live_server.url}/campaigns/library/")
    phone.wait_for_selector("#offline-queue:not([hidden])")
    assert phone.locator("main h1").count() == 1
    assert_no_sideways_scroll(phone)


def test_offline_queue_waits_for_a_new_login_when_the_session_ended(live_server, phone, org):
    from django.contrib.sessions.models import Session

    person = org["canvasser1"]
    rostered(person, today())
    phone_login(phone, live_server, person)
    _controlled(phone, live_server, "/attendance/checkin/", ["/attendance/checkin/"])
    phone.context.set_offline(True)
    phone.click("#check-button")
    _waiting(phone, 1)

    Session.objects.all().delete()  # the session expired while the phone was offline
    phone.context.set_offline(False)
    phone.wait_for_selector("#offline-queue-list li[data-state=login]")
    assert phone.is_visible("#offline-login")
    _waiting(phone, 1)
    assert not DayRecord.objects.exists()

    phone_login(phone, live_server, person)  # a new session, a new CSRF token
    _waiting(phone, 0)
    phone.wait_for_selector("#offline-queue-list li[data-state=accepted]")
    assert DayRecord.objects.filter(staff=person).count() == 1


def test_offline_a_cached_form_never_reuses_the_key_of_a_sent_submission(live_server, phone, org):
    person = org["canvasser1"]
    phone_login(phone, live_server, person)
    _controlled(phone, live_server, "/crm/leads/register/", ["/crm/leads/register/"])
    # The worker kept this very page, key and all; it is sent online and accepted.
    phone.reload()
    used = phone.input_value("input[name=key]")
    phone.fill("input[name=name]", "陈先生")
    phone.fill("input[name=phone]", "13800138000")
    phone.click("#lead-register-submit")
    phone.wait_for_selector("#lead-phone")

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/crm/leads/register/")  # the kept copy, with the used key
    phone.wait_for_function(
        "(used) => document.querySelector('input[name=key]').value !== used", arg=used
    )
    phone.fill("input[name=name]", "李女士")
    phone.fill("input[name=phone]", "13900139000")
    phone.click("#lead-register-submit")
    _waiting(phone, 1)
    phone.context.set_offline(False)
    _waiting(phone, 0)
    assert wait_until(lambda: Lead.objects.filter(phone="13900139000").exists())
    assert Lead.objects.count() == 2
