"""R-CAM-4: invitations (existing clients and new guests), codes and QR, check-in at the
door, walk-ins, and the owner's pending invitations."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import CampaignStatus, Invitation, InvitationReply
from campaigns.selectors import pending_invitations_for_owner
from clients.models import FollowUp, FollowUpKind, Lead, SourceChannel
from outreach.models import Notification
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import register

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
S = CampaignStatus


@pytest.fixture
def event(org):
    """A running campaign of leader1 with canvasser1 taking part."""
    campaign = CampaignFactory(
        owner=org["leader1"],
        status=S.RUNNING,
        starts_at=timezone.now() + timedelta(hours=2),
        venue="售楼处",
    )
    campaign.participants.add(org["canvasser1"])
    return campaign


def _guest(org, event, phone="13900001111", name="王先生", who="canvasser1", **extra):
    person = org[who]
    # The blocked owner is told once the invitation is committed: run that here too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.invitation_invite_guest(
            actor=person.user, campaign=event, inviter=person, name=name, phone=phone, **extra
        )


def test_r_cam_4_a_new_guest_becomes_a_lead_of_the_inviting_canvasser(org, event):
    invitation = _guest(org, event, channel="wechat", sent_at=timezone.now())
    lead = Lead.objects.get(phone="13900001111")
    assert lead.owner == org["canvasser1"]
    assert lead.source == SourceChannel.EVENT
    assert invitation.client_id == lead.client_id
    assert invitation.created_lead is True
    assert invitation.blocked_by_owner is None
    assert invitation.reply == InvitationReply.PENDING
    assert len(invitation.code) == 10


def test_r_cam_4_another_canvassers_protected_lead_is_recorded_and_owner_notified(org, event):
    register(org["canvasser3"], "13900002222", now=timezone.now() - timedelta(days=1))
    invitation = _guest(org, event, phone="13900002222", name="李女士")
    assert invitation.blocked_by_owner == org["canvasser3"]
    assert invitation.created_lead is False
    lead = Lead.objects.get(phone="13900002222")
    assert lead.owner == org["canvasser3"]  # no lead for the inviter
    assert Lead.objects.filter(phone="13900002222").count() == 1
    notes = Notification.objects.filter(recipient=org["canvasser3"].user)
    assert notes.count() == 1
    assert "李女士" in notes.get().message
    # A second attempt is refused and notifies nobody again.
    with pytest.raises(ValidationError, match="already invited"):
        _guest(org, event, phone="13900002222", name="李女士")
    assert notes.count() == 1


def test_r_cam_4_the_loser_of_two_invitations_of_one_new_phone_is_blocked(org, event):
    """Sequential form of the race: lead_register lets the first win; the second inviter's
    invitation (on another campaign) is recorded as blocked by the winner."""
    other = CampaignFactory(owner=org["leader1"], status=S.PREPARING)
    other.participants.add(org["canvasser2"])
    first = _guest(org, event, phone="13900003333")
    second = _guest(org, other, phone="13900003333", who="canvasser2")
    assert first.created_lead
    assert not second.created_lead
    assert second.blocked_by_owner == org["canvasser1"]
    assert Lead.objects.filter(phone="13900003333").count() == 1


def test_r_cam_4_one_invitation_per_client_per_campaign_in_the_database(org, event):
    invitation = _guest(org, event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            campaign=event,
            client_id=invitation.client_id,
            guest_name="x",
            phone=invitation.phone,
            invited_by=org["canvasser1"],
        )


def test_r_cam_4_a_bad_phone_saves_nothing(org, event):
    with pytest.raises(ValidationError):
        _guest(org, event, phone="12345")
    assert Invitation.objects.count() == 0
    assert Lead.objects.count() == 0


def test_r_cam_4_the_inviter_must_be_on_the_campaigns_team(org, event):
    with pytest.raises(ValidationError, match="owner or a participant"):
        services.invitation_invite_guest(
            actor=org["leader1"].user,
            campaign=event,
            inviter=org["canvasser3"],
            name="x",
            phone="13900004444",
        )
    with pytest.raises(PermissionDenied):
        _guest(org, event, who="canvasser2")  # not on the team


def test_r_cam_4_inviting_from_the_archive_respects_visibility(client, org, event):
    mine = register(org["canvasser1"], "13900005555", now=timezone.now(), name="老客户")
    theirs = register(org["canvasser3"], "13900006666", now=timezone.now(), name="别人的客户")
    client.force_login(org["canvasser1"].user)
    url = reverse("campaign-invite-client", args=[event.pk])
    base = {"invited_by": org["canvasser1"].pk, "reply": "pending", "expected_head_count": 1}
    assert client.post(url, {**base, "client": theirs.client_id}).status_code == 404
    assert client.post(url, {**base, "client": mine.client_id}).status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.client_id == mine.client_id
    assert not invitation.created_lead
    page = client.get(reverse("campaign-invitations", args=[event.pk]), {"q": "客户"})
    assert "老客户" in page.content.decode()
    assert "别人的客户" not in page.content.decode()


def test_r_cam_4_check_in_is_logged_on_the_clients_timeline(org, event):
    invitation = _guest(org, event)
    services.invitation_check_in(
        actor=org["canvasser1"].user, campaign=event, invitation_id=invitation.pk
    )
    invitation.refresh_from_db()
    assert invitation.checked_in_by == org["canvasser1"]
    assert invitation.reply == InvitationReply.ACCEPTED
    follow_up = FollowUp.objects.get(client_id=invitation.client_id)
    assert follow_up.kind == FollowUpKind.EVENT
    assert event.theme in follow_up.summary


def test_r_cam_4_checking_a_guest_in_twice_changes_nothing(client, org, event):
    client.cookies["django_language"] = "en"  # messages matched in English
    invitation = _guest(org, event)
    client.force_login(org["canvasser1"].user)
    url = reverse("invitation-check-in", args=[invitation.pk])
    client.post(url)
    first = Invitation.objects.get().checked_in_at
    response = client.post(url, follow=True)
    assert "already checked in" in response.content.decode()
    assert Invitation.objects.get().checked_in_at == first
    assert FollowUp.objects.filter(kind=FollowUpKind.EVENT).count() == 1


def test_r_cam_4_a_code_from_another_event_gets_a_clear_message(client, org, event):
    client.cookies["django_language"] = "en"  # messages matched in English
    other = CampaignFactory(owner=org["leader1"], status=S.RUNNING)
    stranger = services.invitation_invite_guest(
        actor=org["leader1"].user,
        campaign=other,
        inviter=org["leader1"],
        name="别的活动",
        phone="13900007777",
    )
    client.force_login(org["canvasser1"].user)
    page = client.get(reverse("campaign-checkin", args=[event.pk]), {"code": stranger.code})
    assert page.status_code == 200
    assert "belongs to another event" in page.content.decode()
    unknown = client.get(reverse("campaign-checkin", args=[event.pk]), {"code": "ZZZZ"})
    assert "No invitation has the code" in unknown.content.decode()
    with pytest.raises(ValidationError, match="another event"):
        services.invitation_check_in(
            actor=org["leader1"].user, campaign=event, invitation_id=stranger.pk
        )
    assert Invitation.objects.filter(checked_in_at__isnull=False).count() == 0


def test_r_cam_4_a_typed_code_leads_to_the_confirm_page_and_checks_in(client, org, event):
    invitation = _guest(org, event)
    client.force_login(org["canvasser1"].user)
    typed = invitation.code[:5].lower() + " " + invitation.code[5:]
    response = client.get(reverse("campaign-checkin", args=[event.pk]), {"code": typed})
    assert response.url == reverse("invitation-code", args=[invitation.code])
    page = client.get(response.url)
    assert "王先生" in page.content.decode()
    client.post(reverse("invitation-check-in", args=[invitation.pk]))
    assert Invitation.objects.get().checked_in_at is not None


def test_r_cam_4_the_qr_holds_the_absolute_check_in_url(client, org, event):
    invitation = _guest(org, event)
    client.force_login(org["canvasser1"].user)
    response = client.get(reverse("invitation-qr", args=[invitation.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    url = f"http://testserver/campaigns/checkin/{invitation.code}/"
    assert reverse("invitation-code", args=[invitation.code]) in url
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="svg", scale=6, border=2)
    assert response.content == expected.getvalue()
    detail = client.get(reverse("invitation-detail", args=[invitation.pk])).content.decode()
    assert url in detail
    assert invitation.code in detail


def test_r_cam_4_a_walk_in_becomes_a_lead_and_is_checked_in(client, org, event):
    client.force_login(org["leader1"].user)
    response = client.post(
        reverse("campaign-walk-in", args=[event.pk]),
        {"name": "路过的张先生", "phone": "139-0000-8888", "invited_by": org["canvasser1"].pk},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.is_walk_in
    assert invitation.checked_in_at is not None
    assert invitation.checked_in_by == org["leader1"]
    assert invitation.created_lead
    assert Lead.objects.get(phone="13900008888").owner == org["canvasser1"]
    assert FollowUp.objects.filter(kind=FollowUpKind.EVENT).count() == 1


def test_r_cam_4_a_walk_in_already_on_the_list_is_checked_in_once(org, event):
    invitation = _guest(org, event)
    again = services.walk_in_check_in(
        actor=org["leader1"].user,
        campaign=event,
        inviter=org["canvasser1"],
        name="王先生",
        phone="13900001111",
    )
    assert again.pk == invitation.pk
    assert Invitation.objects.count() == 1
    with pytest.raises(ValidationError, match="already checked in"):
        services.walk_in_check_in(
            actor=org["leader1"].user,
            campaign=event,
            inviter=org["canvasser1"],
            name="王先生",
            phone="13900001111",
        )


def test_r_cam_4_outsiders_cannot_check_guests_in(client, org, event):
    invitation = _guest(org, event)
    client.force_login(org["canvasser2"].user)  # not on the team: does not see the event
    assert client.get(reverse("campaign-checkin", args=[event.pk])).status_code == 404
    assert client.post(reverse("invitation-check-in", args=[invitation.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.invitation_check_in(
            actor=org["canvasser2"].user, campaign=event, invitation_id=invitation.pk
        )


def test_r_cam_4_no_check_in_before_approval(org, event):
    invitation = _guest(org, event)
    event.status = S.DRAFT
    event.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="checked in while"):
        services.invitation_check_in(
            actor=org["leader1"].user, campaign=event, invitation_id=invitation.pk
        )


def test_r_cam_4_check_in_search_by_name_and_phone(client, org, event):
    _guest(org, event, name="王先生", phone="13900001111")
    _guest(org, event, name="赵女士", phone="13900002468")
    client.force_login(org["canvasser1"].user)
    url = reverse("campaign-checkin", args=[event.pk])
    by_name = client.get(url, {"q": "赵"}).content.decode()
    assert "赵女士" in by_name
    assert "王先生" not in by_name
    by_phone = client.get(url, {"q": "2468"}).content.decode()
    assert "赵女士" in by_phone
    assert "王先生" not in by_phone
    assert "139****2468" in by_phone
    assert "13900002468" not in by_phone


def test_r_cam_4_pending_invitations_for_owner(org, django_assert_num_queries):
    me = org["canvasser1"]
    soon = CampaignFactory(owner=org["leader1"], status=S.PREPARING)
    soon.starts_at = timezone.now() + timedelta(days=3)
    later = CampaignFactory(owner=org["leader1"], status=S.APPROVED)
    later.starts_at = timezone.now() + timedelta(days=9)
    done = CampaignFactory(owner=org["leader1"], status=S.RUNNING)
    for c in (soon, later, done):
        c.save()
        c.participants.add(org["canvasser1"], org["canvasser3"])

    def invite(campaign, phone, who="canvasser1", **extra):
        person = org[who]
        return services.invitation_invite_guest(
            actor=person.user, campaign=campaign, inviter=person, name=phone, phone=phone, **extra
        )

    a = invite(later, "13900000001")
    b = invite(soon, "13900000002")
    invite(soon, "13900000003", reply=InvitationReply.DECLINED)
    checked = invite(soon, "13900000004")
    services.invitation_check_in(actor=me.user, campaign=soon, invitation_id=checked.pk)
    invite(done, "13900000005")
    invite(soon, "13900000006", who="canvasser3")  # someone else's client
    done.status = S.FINISHED
    done.save(update_fields=["status"])
    with django_assert_num_queries(1):
        pending = list(pending_invitations_for_owner(me))
        assert [i.campaign.theme for i in pending]  # related rows come with the query
    assert [i.pk for i in pending] == [b.pk, a.pk]


def _fill(org, event, count, start=0):
    for n in range(start, start + count):
        _guest(org, event, phone=f"1390001{n:04d}", name=f"嘉宾{n}")


@pytest.mark.parametrize("count", [5, 50])
def test_r_cam_4_the_check_in_page_keeps_a_fixed_number_of_queries(
    client, org, event, count, django_assert_num_queries
):
    _fill(org, event, count)
    client.force_login(org["canvasser1"].user)
    url = reverse("campaign-checkin", args=[event.pk])
    with django_assert_num_queries(CHECK_IN_PAGE_QUERIES):
        assert client.get(url, {"q": "嘉宾"}).status_code == 200


# Session, user, staff, permissions, campaign, team check, team, counts, search… (pinned).
CHECK_IN_PAGE_QUERIES = 11


def test_r_cam_4_a_check_in_keeps_the_time_it_is_given(org, event):
    """`now` passes through: check-ins recorded for a past event keep their time."""
    invitation = _guest(org, event)
    when = datetime(2026, 11, 1, 15, tzinfo=SH)
    services.invitation_check_in(
        actor=org["leader1"].user, campaign=event, invitation_id=invitation.pk, now=when
    )
    assert Invitation.objects.get().checked_in_at == when
    assert FollowUp.objects.get().at == when


def test_r_cam_4_the_guest_list_keeps_a_fixed_number_of_queries(client, org, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org["leader1"].user)
    url = reverse("campaign-invitations", args=[event.pk])
    counts = []
    for size in (5, 50):
        have = Invitation.objects.count()
        _fill(org, event, size - have, start=have)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "嘉宾"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
