"""R-CAM-1: campaigns, their status flow with a log, visibility, list filters, calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignKind, CampaignStatus, CampaignTransition
from tests.factories.campaigns import BudgetLineFactory, CampaignFactory

pytestmark = pytest.mark.django_db
S = CampaignStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _new(org, **kwargs):
    return services.campaign_create(
        actor=org["leader1"].user,
        theme=kwargs.pop("theme", "品鉴会"),
        kind=kwargs.pop("kind", CampaignKind.TASTING),
        starts_at=kwargs.pop("starts_at", datetime(2026, 12, 20, 14, tzinfo=SHANGHAI)),
        owner=kwargs.pop("owner", org["leader1"]),
        **kwargs,
    )


def test_r_cam_1_every_kind_of_the_spec_exists():
    assert set(CampaignKind.values) == {
        "party",
        "forum",
        "tasting",
        "banquet",
        "launch",
        "appreciation",
        "salon",
        "expo",
        "flyer",
        "roadshow",
        "group_purchase",
        "other",
    }


def test_r_cam_1_full_status_flow_is_logged_with_actor(org):
    campaign = _new(org, participants=[org["canvasser1"]])
    services.budget_line_add(
        actor=org["leader1"].user, campaign=campaign, category="venue", planned=100
    )
    owner, manager = org["leader1"].user, org["manager"].user
    for to, actor in [
        (S.SUBMITTED, owner),
        (S.APPROVED, manager),
        (S.PREPARING, owner),
        (S.RUNNING, owner),
        (S.FINISHED, owner),
        (S.REVIEWED, manager),
    ]:
        campaign = services.campaign_transition(actor=actor, campaign=campaign, to_status=to)
    assert campaign.status == S.REVIEWED
    log = list(CampaignTransition.objects.filter(campaign=campaign).order_by("pk"))
    assert [(t.from_status, t.to_status) for t in log][:2] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
    ]
    assert log[1].actor == manager
    assert log[1].at is not None


def test_r_cam_1_skipping_a_step_is_refused(org):
    campaign = _new(org)
    with pytest.raises(ValidationError):
        services.campaign_transition(
            actor=org["manager"].user, campaign=campaign, to_status=S.RUNNING
        )
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT
    assert not CampaignTransition.objects.exists()


def test_r_cam_1_a_reviewed_or_cancelled_campaign_moves_no_more(org):
    campaign = _new(org)
    services.campaign_transition(
        actor=org["leader1"].user, campaign=campaign, to_status=S.CANCELLED
    )
    with pytest.raises(ValidationError):
        services.campaign_transition(
            actor=org["manager"].user, campaign=campaign, to_status=S.DRAFT
        )


def test_r_cam_1_only_an_approver_approves(org):
    campaign = _new(org)
    BudgetLineFactory(campaign=campaign)
    services.campaign_transition(
        actor=org["leader1"].user, campaign=campaign, to_status=S.SUBMITTED
    )
    with pytest.raises(PermissionDenied):
        services.campaign_transition(
            actor=org["leader1"].user, campaign=campaign, to_status=S.APPROVED
        )


def test_r_cam_1_submitting_needs_a_budget(org):
    campaign = _new(org)
    with pytest.raises(ValidationError):
        services.campaign_transition(
            actor=org["leader1"].user, campaign=campaign, to_status=S.SUBMITTED
        )


def test_r_cam_1_transition_page_moves_and_reports_refusals(client, org):
    campaign = _new(org)
    client.force_login(org["leader1"].user)
    url = reverse("campaign-transition", args=[campaign.pk])
    response = client.post(url, {"to_status": S.SUBMITTED}, follow=True)
    assert "budget" in response.content.decode().lower() or response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.status == S.DRAFT  # no budget line yet: refused, nothing saved
    BudgetLineFactory(campaign=campaign)
    client.post(url, {"to_status": S.SUBMITTED})
    campaign.refresh_from_db()
    assert campaign.status == S.SUBMITTED


def test_r_role_1_campaigns_are_seen_by_managers_owner_and_participants(client, org):
    campaign = CampaignFactory(owner=org["leader1"])
    campaign.participants.add(org["canvasser1"])
    url = reverse("campaign-detail", args=[campaign.pk])
    for who, status in [
        ("manager", 200),
        ("salesmgr", 200),
        ("leader1", 200),
        ("canvasser1", 200),
        ("canvasser2", 404),
        ("leader2", 404),
        ("hr", 404),
        ("admin", 404),
    ]:
        client.force_login(org[who].user)
        assert client.get(url).status_code == status, who
    for who in ("hr", "admin"):
        client.force_login(org[who].user)
        assert client.get(reverse("campaign-list")).status_code == 403


def test_r_cam_1_list_filters_by_kind_status_owner_and_date(client, org):
    CampaignFactory(theme="派单A", kind=CampaignKind.FLYER, owner=org["leader1"])
    CampaignFactory(
        theme="沙龙B",
        kind=CampaignKind.SALON,
        owner=org["leader2"],
        status=S.APPROVED,
        starts_at=datetime(2027, 1, 5, 10, tzinfo=SHANGHAI),
    )
    client.force_login(org["manager"].user)
    url = reverse("campaign-list")
    body = client.get(url, {"kind": "flyer"}).content.decode()
    assert "派单A" in body
    assert "沙龙B" not in body
    body = client.get(url, {"status": "approved"}).content.decode()
    assert "沙龙B" in body
    assert "派单A" not in body
    body = client.get(url, {"owner": org["leader1"].pk}).content.decode()
    assert "派单A" in body
    assert "沙龙B" not in body
    body = client.get(url, {"date_from": "2027-01-01"}).content.decode()
    assert "沙龙B" in body
    assert "派单A" not in body


def test_r_cam_1_the_list_shows_the_latest_campaigns_first(client, org):
    for day in (3, 20, 11):
        CampaignFactory(theme=f"活动{day:02d}", starts_at=datetime(2027, 1, day, tzinfo=SHANGHAI))
    client.force_login(org["manager"].user)
    page = client.get(reverse("campaign-list")).context["page"]
    assert [c.theme for c in page] == ["活动20", "活动11", "活动03"]


@pytest.mark.parametrize("count", [2, 20])
def test_campaign_list_has_a_fixed_number_of_queries(
    client, org, count, django_assert_max_num_queries
):
    for _ in range(count):
        BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    client.force_login(org["manager"].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("campaign-list")).status_code == 200


def test_r_cam_1_calendar_shows_the_months_campaigns(client, org):
    CampaignFactory(theme="圣诞品鉴", starts_at=datetime(2026, 12, 24, 19, tzinfo=SHANGHAI))
    CampaignFactory(theme="元旦晚会", starts_at=datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI))
    client.force_login(org["manager"].user)
    body = client.get(reverse("campaign-calendar"), {"month": "2026-12"}).content.decode()
    assert "圣诞品鉴" in body
    assert "元旦晚会" not in body  # 00:30 on Jan 1st in Shanghai is January


def test_r_cam_1_create_page_makes_a_draft_owned_by_the_creator(client, org):
    client.force_login(org["leader1"].user)
    response = client.post(
        reverse("campaign-new"),
        {
            "theme": "社区巡展",
            "kind": "roadshow",
            "starts_at": "2026-12-19T10:00",
            "owner": org["leader1"].pk,
            "participants": [org["canvasser1"].pk],
            "target_invited": 30,
            "target_attending": 20,
            "target_new_leads": 10,
        },
    )
    assert response.status_code == 302
    client.force_login(org["canvasser1"].user)
    assert client.get(response["Location"]).status_code == 200
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("campaign-new")).status_code == 403


def test_r_sys_1_campaign_pages_speak_chinese_by_default_and_english_on_request(client, org):
    campaign = CampaignFactory(owner=org["leader1"])
    client.force_login(org["manager"].user)
    url = reverse("campaign-detail", args=[campaign.pk])
    body = client.get(url).content.decode()
    assert "筹备清单" in body
    client.cookies["django_language"] = "en"
    assert "Preparation checklist" in client.get(url).content.decode()
