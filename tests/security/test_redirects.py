"""Issue 17, finding 4: every `next` a form sends is followed only when it is a local path.

Each endpoint that reads `next` is posted to with hostile values and must answer with a
redirect that stays on the site (its own fallback page); a good local `next` is still
followed. Django's own login and language views are walked too, as they read `next`.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import CampaignStatus, PrepTask
from clients.services.visits import rotation_day_setup, visit_register
from outreach.dates import today
from outreach.models import Role
from outreach.redirects import safe_next
from tests.clock import runs_at
from tests.factories import StaffFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import register

pytestmark = [pytest.mark.django_db, runs_at("2026-03-02 10:00")]

EVIL = [
    "http://evil.example/x",
    "https://evil.example",
    "//evil.example/x",
    "///evil.example/x",
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "\\/evil.example/x",
    "/\t/evil.example/x",
    " //evil.example/x",
    "http:///evil.example/x",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
]
GOOD = "/crm/clients/?q=1"


def _visit(org):
    consultant = StaffFactory(role=Role.CONSULTANT)
    rotation_day_setup(actor=None, day=today(), consultants=[consultant])
    lead = register(org["canvasser1"], "13300000001", now=timezone.now())
    visit = visit_register(actor=consultant.user, phone=lead.phone, now=timezone.now())
    return consultant, reverse("visit-end", args=[visit.pk]), reverse("reception"), {}


def _event(org):
    campaign = CampaignFactory(
        owner=org["leader1"],
        status=CampaignStatus.RUNNING,
        starts_at=timezone.now() + timedelta(hours=2),
    )
    campaign.participants.add(org["canvasser1"])
    invitation = campaign_services.invitation_invite_guest(
        actor=org["canvasser1"].user,
        campaign=campaign,
        inviter=org["canvasser1"],
        name="王先生",
        phone="13900001111",
    )
    return campaign, invitation


def _check_in(org):
    campaign, invitation = _event(org)
    url = reverse("invitation-check-in", args=[invitation.pk])
    return org["canvasser1"], url, reverse("campaign-checkin", args=[campaign.pk]), {}


def _rate(org):
    _campaign, invitation = _event(org)
    url = reverse("invitation-rate", args=[invitation.pk])
    back = reverse("invitation-detail", args=[invitation.pk])
    return org["canvasser1"], url, back, {"satisfaction": "5"}


def _prep_task(org):
    campaign = CampaignFactory(owner=org["leader1"])
    task = PrepTask.objects.create(
        campaign=campaign, title="订场地", owner=org["canvasser1"], due_date=today()
    )
    back = reverse("campaign-detail", args=[campaign.pk])
    return org["canvasser1"], reverse("prep-task-done", args=[task.pk]), back, {"done": "1"}


def _login(org):
    person = org["canvasser1"]
    person.user.set_password("pw-Redirect-17")
    person.user.save(update_fields=["password"])
    data = {"username": person.user.username, "password": "pw-Redirect-17"}
    return None, reverse("login"), reverse("home"), data


def _set_language(org):
    return org["canvasser1"], reverse("set_language"), "/", {"language": "en"}


ENDPOINTS = {
    "visit-end": _visit,
    "invitation-check-in": _check_in,
    "invitation-rate": _rate,
    "prep-task-done": _prep_task,
    "login": _login,
    "set_language": _set_language,
}
# Django's own views, which check `next` themselves.
DJANGOS = {"login", "set_language"}


def _post(client, org, endpoint, target):
    person, url, fallback, data = ENDPOINTS[endpoint](org)
    if person is not None:
        client.force_login(person.user)
    return client.post(url, {**data, "next": target}), fallback


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hardening_open_redirect_next_stays_on_site(client, org, endpoint, target):
    response, fallback = _post(client, org, endpoint, target)
    assert response.status_code == 302
    location = response["Location"]
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert not location.startswith(("//", "/\\", "\\"))
    if endpoint not in DJANGOS:
        # Ours fall back to the view's own page; Django's follow a relative path, which
        # stays on the site as well.
        assert location == fallback


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hardening_open_redirect_a_local_next_is_followed(client, org, endpoint):
    response, _fallback = _post(client, org, endpoint, GOOD)
    assert response.status_code == 302
    assert response["Location"] == GOOD


@pytest.mark.parametrize("target", EVIL)
def test_hardening_safe_next_refuses_anything_but_a_local_path(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/home/") == "/home/"


def test_hardening_safe_next_reads_the_query_string_too():
    assert safe_next(RequestFactory().get("/", {"next": "/a/?b=1"}), "/") == "/a/?b=1"
    assert safe_next(RequestFactory().get("/", {"next": "//evil.example"}), "/") == "/"
