"""R-CAM-5: an event's measured results on a constructed example, satisfaction per
attendee, and photos and files checked by content and size."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignAttachment, CampaignStatus, Invitation, InvitationReply
from campaigns.selectors import campaign_results
from campaigns.services import results as result_services
from clients.models import Deal, Lead, Visit
from tests.factories.campaigns import BudgetLineFactory, CampaignFactory, image_upload
from tests.factories.clients import register

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
S = CampaignStatus
START = datetime(2026, 10, 1, 14, 0, tzinfo=SH)  # the 30-day window ends 10-31 14:00


def _visit(phone, arrived, *, confirmed=True):
    Visit.objects.create(
        lead=Lead.objects.get(phone=phone),
        arrived_at=arrived,
        state="ended",
        confirmed_at=arrived + timedelta(minutes=30) if confirmed else None,
    )


def _deal(phone, signed_on, *, cancelled=False):
    Deal.objects.create(
        lead=Lead.objects.get(phone=phone),
        project="城西新盘",
        units=1,
        signed_on=signed_on,
        status="cancelled" if cancelled else "signed",
        cancelled_at=START + timedelta(days=20) if cancelled else None,
    )


@pytest.fixture
def example(org):
    """Six guests of one event (A…E invited, W a walk-in):

    guest  how                         reply      attended  new lead
    A      own client from the archive accepted   yes       no
    B      new guest                   accepted   yes       yes
    C      new guest                   declined   no        yes
    D      own client from the archive pending    no        no
    E      canvasser3's protected lead accepted   yes       no (blocked)
    W      walk-in, new                —          yes       yes
    → invited 5 (A–E), accepted 3 (A, B, E), attended 4 (A, B, E, W), new leads 3 (B, C, W)
    """
    me, leader = org["canvasser1"], org["leader1"]
    campaign = CampaignFactory(owner=leader, status=S.RUNNING, starts_at=START, venue="售楼处")
    campaign.participants.add(me)
    a = register(me, "13800000001", now=START - timedelta(days=20), name="A")
    d = register(me, "13800000004", now=START - timedelta(days=20), name="D")
    register(org["canvasser3"], "13800000005", now=START - timedelta(days=3), name="E")

    def client_invite(lead, reply):
        return services.invitation_invite_client(
            actor=me.user, campaign=campaign, client=lead.client, inviter=me, reply=reply
        )

    def guest(name, phone, reply):
        return services.invitation_invite_guest(
            actor=me.user,
            campaign=campaign,
            inviter=me,
            name=name,
            phone=phone,
            reply=reply,
            now=START - timedelta(days=2),
        )

    inv = {
        "A": client_invite(a, InvitationReply.ACCEPTED),
        "B": guest("B", "13800000002", InvitationReply.ACCEPTED),
        "C": guest("C", "13800000003", InvitationReply.DECLINED),
        "D": client_invite(d, InvitationReply.PENDING),
        "E": guest("E", "13800000005", InvitationReply.ACCEPTED),
    }
    for key in ("A", "B", "E"):
        services.invitation_check_in(
            actor=leader.user,
            campaign=campaign,
            invitation_id=inv[key].pk,
            now=START + timedelta(minutes=10),
        )
    inv["W"] = services.walk_in_check_in(
        actor=leader.user,
        campaign=campaign,
        inviter=me,
        name="W",
        phone="13800000006",
        now=START + timedelta(minutes=40),
    )
    # Visits: only confirmed visits of attendees inside [START, START + 30 days] count.
    _visit("13800000001", START + timedelta(days=2))  # A: in               → 1
    _visit("13800000002", START + timedelta(days=31))  # B: after the window
    _visit("13800000002", START + timedelta(days=3), confirmed=False)  # B: not confirmed
    _visit("13800000006", START - timedelta(days=1))  # W: before the event
    _visit("13800000005", START + timedelta(days=29, hours=23))  # E: in         → 2
    _visit("13800000003", START + timedelta(days=5))  # C: did not attend
    # Deals: signed, not cancelled, signed between 10-01 and 10-31 (the window's days).
    _deal("13800000001", date(2026, 10, 31))  # A: last day of the window → 1
    _deal("13800000006", date(2026, 11, 1))  # W: one day late
    _deal("13800000005", date(2026, 10, 10), cancelled=True)  # E: cancelled
    _deal("13800000002", date(2026, 10, 15))  # B: in                        → 2
    _deal("13800000003", date(2026, 10, 12))  # C: did not attend
    # Budget: planned 1000 + 500 = 1500 (the cancelled 200 line does not count);
    # actual 1234.58 + 300.00 = 1534.58; variance +34.58.
    BudgetLineFactory(campaign=campaign, planned=Decimal("1000"), actual=Decimal("1234.58"))
    BudgetLineFactory(campaign=campaign, planned=Decimal("500"), actual=Decimal("300.00"))
    BudgetLineFactory(campaign=campaign, planned=Decimal("200"), is_cancelled=True)
    campaign.status = S.FINISHED
    campaign.save(update_fields=["status"])
    return campaign, inv


def test_r_cam_5_results_of_a_constructed_example(example):
    campaign, inv = example
    assert inv["E"].blocked_by_owner is not None
    results = campaign_results(campaign)
    assert (results.invited, results.accepted, results.attended) == (5, 3, 4)
    assert results.walk_ins == 1
    assert results.new_leads == 3
    assert results.visits == 2
    assert results.deals == 2
    assert results.planned == Decimal("1500.00")
    assert results.actual == Decimal("1534.58")
    assert results.variance == Decimal("34.58")
    # 1534.58 / 4 = 383.645 → half up 383.65 (half-even would say 383.64)
    assert results.cost_per_attendee == Decimal("383.65")
    # 1534.58 / 3 = 511.5266… → 511.53
    assert results.cost_per_lead == Decimal("511.53")
    assert results.funnel["values"] == [5, 3, 4, 3, 2, 2]


def test_r_cam_5_the_campaign_page_shows_the_report_and_funnel(client, org, example):
    campaign, _inv = example
    client.force_login(org["leader1"].user)
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'id="r-per-lead">511.53<' in page
    assert 'id="r-per-attendee">¥383.65<' in page
    assert 'id="funnel-data"' in page
    assert "js/campaign_results.js" in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_r_cam_5_cost_per_head_is_a_dash_when_nobody_came(client, org):
    campaign = CampaignFactory(owner=org["leader1"], status=S.FINISHED)
    BudgetLineFactory(campaign=campaign, planned=Decimal("100"), actual=Decimal("80"))
    results = campaign_results(campaign)
    assert results.cost_per_attendee is None
    assert results.cost_per_lead is None
    client.force_login(org["leader1"].user)
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'id="r-per-lead">—<' in page
    assert 'id="r-per-attendee">—<' in page


def test_r_cam_5_satisfaction_is_1_to_5_and_only_for_attendees(org, example):
    campaign, inv = example
    actor = org["leader1"].user
    rated = services.invitation_rate(actor=actor, invitation=inv["A"], score=4, comment="好")
    assert rated.satisfaction == 4
    services.invitation_rate(actor=actor, invitation=inv["B"], score=5)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.invitation_rate(actor=actor, invitation=inv["E"], score=6)
    with pytest.raises(ValidationError, match="attended"):
        services.invitation_rate(actor=actor, invitation=inv["C"], score=3)
    assert Invitation.objects.get(pk=inv["C"].pk).satisfaction is None
    assert campaign_results(campaign).satisfaction == Decimal("4.5")


def test_r_cam_5_photos_and_files_are_checked_by_content_and_size(org, example, monkeypatch):
    campaign, _inv = example
    actor = org["leader1"].user
    photo = services.campaign_attachment_add(
        actor=actor, campaign=campaign, upload=image_upload("合影.jpg", fmt="JPEG")
    )
    assert photo.kind == "photo"
    pdf = SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n%fake but starts right\n")
    assert services.campaign_attachment_add(actor=actor, campaign=campaign, upload=pdf).kind == (
        "file"
    )
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image at all")
    with pytest.raises(ValidationError, match="neither a photo"):
        services.campaign_attachment_add(actor=actor, campaign=campaign, upload=fake)
    monkeypatch.setattr(result_services, "ATTACHMENT_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="larger than"):
        services.campaign_attachment_add(
            actor=actor, campaign=campaign, upload=image_upload("big.png", size=(400, 400))
        )
    assert CampaignAttachment.objects.count() == 2


def test_r_cam_5_attaching_through_the_page(client, org, example):
    client.cookies["django_language"] = "en"  # messages matched in English
    campaign, _inv = example
    client.force_login(org["leader1"].user)
    url = reverse("campaign-attachment-add", args=[campaign.pk])
    bad = SimpleUploadedFile("x.png", b"nope")
    response = client.post(url, {"file": bad, "title": "坏文件"}, follow=True)
    assert "neither a photo" in response.content.decode()
    client.post(url, {"file": image_upload("ok.png"), "title": "现场"})
    assert list(CampaignAttachment.objects.values_list("title", flat=True)) == ["现场"]
