"""R-CAM-4 on a 360×640 phone: guests checked in by code (typed or scanned) and by name or
phone search, a walk-in added at the door, a double tap gives one check-in, and no page
scrolls sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import CampaignStatus, Invitation
from clients.models import FollowUp, FollowUpKind, Lead
from tests.factories import TEST_PASSWORD
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def door(org):
    campaign = CampaignFactory(
        owner=org["leader1"],
        status=CampaignStatus.RUNNING,
        starts_at=timezone.now() + timedelta(hours=1),
        theme="业主答谢会",
    )
    campaign.participants.add(org["canvasser1"])
    me = org["canvasser1"]
    guests = [
        services.invitation_invite_guest(
            actor=me.user, campaign=campaign, inviter=me, name=name, phone=phone
        )
        for name, phone in (("王先生", "13900001111"), ("赵女士", "13900002468"))
    ]
    return campaign, guests


def _login(phone, live_server, username="canvasser1"):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", username)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-title")


def _no_sideways_scroll(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def _org_usernames(org):
    for key in ("canvasser1", "leader1"):
        user = org[key].user
        user.username = key
        user.save(update_fields=["username"])


def test_r_cam_4_phone_check_in_by_typed_and_scanned_code(live_server, phone, org, door):
    _org_usernames(org)
    campaign, (wang, zhao) = door
    _login(phone, live_server)
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/checkin/")
    phone.wait_for_selector("#check-in-title")
    _no_sideways_scroll(phone)
    phone.fill("#code-input", wang.code.lower())
    phone.click("#code-form button[type=submit]")
    phone.wait_for_selector("#guest-card")
    assert phone.inner_text("#guest-name") == "王先生"
    _no_sideways_scroll(phone)
    phone.click("#confirm-form button[type=submit]")
    phone.wait_for_selector("#check-in-title")
    assert Invitation.objects.get(pk=wang.pk).checked_in_at is not None
    # The QR holds the page's absolute URL: what the phone camera opens.
    phone.goto(f"{live_server.url}/campaigns/checkin/{zhao.code}/")
    phone.click("#confirm-form button[type=submit]")
    phone.wait_for_selector("#check-in-title")
    assert Invitation.objects.get(pk=zhao.pk).checked_in_at is not None
    _no_sideways_scroll(phone)


def test_r_cam_4_phone_check_in_by_name_and_phone_search(live_server, phone, org, door):
    _org_usernames(org)
    campaign, (wang, zhao) = door
    _login(phone, live_server)
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/checkin/")
    phone.fill("#search-input", "2468")
    phone.click("#search-form button[type=submit]")
    phone.wait_for_selector("#search-results")
    assert "赵女士" in phone.inner_text("#search-results")
    assert "王先生" not in phone.inner_text("#search-results")
    _no_sideways_scroll(phone)
    phone.click(f"[data-invitation='{zhao.pk}'] button[type=submit]")
    phone.wait_for_selector("#search-results .badge.text-bg-success")
    assert Invitation.objects.get(pk=zhao.pk).checked_in_at is not None
    phone.fill("#search-input", "王")
    phone.click("#search-form button[type=submit]")
    phone.wait_for_selector(f"[data-invitation='{wang.pk}']")
    phone.click(f"[data-invitation='{wang.pk}'] button[type=submit]")
    phone.wait_for_selector(f"[data-invitation='{wang.pk}'] .badge.text-bg-success")
    assert Invitation.objects.filter(checked_in_at__isnull=False).count() == 2
    _no_sideways_scroll(phone)


def test_r_cam_4_phone_walk_in_at_the_door(live_server, phone, org, door):
    _org_usernames(org)
    campaign, _guests = door
    _login(phone, live_server)
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/checkin/")
    phone.click("#walk-in summary")
    phone.fill("#walk-in-form input[name=name]", "路过的孙先生")
    phone.fill("#walk-in-form input[name=phone]", "13900009999")
    _no_sideways_scroll(phone)
    phone.click("#walk-in-form button[type=submit]")
    phone.wait_for_selector(".alert-success")
    walk_in = Invitation.objects.get(phone="13900009999")
    assert walk_in.is_walk_in
    assert walk_in.checked_in_at is not None
    assert Lead.objects.get(phone="13900009999").owner == org["canvasser1"]
    assert "1" in phone.inner_text("#check-in-counts")


def test_r_cam_4_phone_double_tap_gives_one_check_in(live_server, phone, org, door):
    _org_usernames(org)
    campaign, (wang, zhao) = door
    _login(phone, live_server)
    phone.goto(f"{live_server.url}/campaigns/checkin/{wang.code}/")
    phone.dblclick("#confirm-form button[type=submit]")
    phone.wait_for_selector("#check-in-title")
    assert Invitation.objects.filter(checked_in_at__isnull=False).count() == 1
    assert FollowUp.objects.filter(kind=FollowUpKind.EVENT).count() == 1
    # Two taps that both reach the server (no script in the way) still give one.
    phone.goto(f"{live_server.url}/campaigns/checkin/{zhao.code}/")
    statuses = phone.evaluate(
        """async () => {
            const form = document.getElementById("confirm-form");
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form),
                                                   redirect: "manual"});
            const answers = await Promise.all([send(), send()]);
            return answers.map(a => a.type);
        }"""
    )
    assert len(statuses) == 2
    zhao.refresh_from_db()
    assert zhao.checked_in_at is not None
    assert Invitation.objects.filter(checked_in_at__isnull=False).count() == 2
    assert FollowUp.objects.filter(kind=FollowUpKind.EVENT).count() == 2
    phone.goto(f"{live_server.url}/campaigns/checkin/{zhao.code}/")
    phone.wait_for_selector("#already-checked-in")
    _no_sideways_scroll(phone)
