"""Issue 18 §3: every link shown to a person opens a page that works for that person.

A notification's link, a menu entry or a link on any page is a promise: following it
(GET, as the person it is shown to) must not answer 405 (a POST-only address), 5xx, or
403/404 (a link a person may not open should not be shown to them).
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from appraisals.models import AppraisalCycle
from appraisals.services import appraisal_forms_notify
from outreach.models import Notification, Staff
from tests.test_crawl import ROLES, _patterns, _url_for

pytestmark = pytest.mark.django_db

BROKEN = {403, 404, 405}


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(page_url: str, html: str) -> list[str]:
    """Every `<a href>` of a page that stays on the site, as path?query (no fragment)."""
    parser = _Anchors()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin("http://testserver" + page_url, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def is_broken(status: int) -> bool:
    return status in BROKEN or status >= 500


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    # An open appraisal cycle sends its forms (the job does so daily); whatever state the
    # demo leaves its cycles in, their notifications are part of what people meet.
    for cycle in AppraisalCycle.objects.all():
        appraisal_forms_notify(cycle=cycle)


def test_first_use_every_notification_link_of_the_demo_opens_for_its_recipient(demo):
    notes = Notification.objects.exclude(link="").select_related("recipient")
    assert notes.exists()
    assert not Notification.objects.filter(link="").exists(), "a notification without a link"
    failures = []
    clients: dict[int, Client] = {}
    for note in notes:
        client = clients.setdefault(note.recipient_id, client_for(note.recipient))
        response = client.get(note.link, follow=True)
        if response.status_code != 200:
            failures.append((note.recipient.username, note.kind, note.link, response.status_code))
    assert failures == []


@pytest.mark.slow
def test_first_use_every_link_shown_to_a_role_opens_for_that_role(demo):
    """The home page's menu and every link on every page the crawl discovers, per role."""
    pages = [u for u in (_url_for(n, r) for n, r in _patterns()) if u]
    failures = []
    for username in ROLES:
        client = client_for(Staff.objects.get(user__username=username).user)
        home = client.get("/", follow=True)
        assert home.status_code == 200
        assert same_site_links("/", home.content.decode()), f"no menu for {username}"
        checked: dict[str, int] = {}
        for page in ["/", *pages]:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in same_site_links(page, response.content.decode()):
                if link not in checked:
                    checked[link] = client.get(link, follow=True).status_code
                if is_broken(checked[link]):
                    failures.append((username, page, link, checked[link]))
    assert failures == []
