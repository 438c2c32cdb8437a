"""Demo data of the campaigns app: every state, twice is the same as once."""

import pytest
from django.core.management import call_command

from campaigns.models import (
    BudgetLine,
    Campaign,
    CampaignStatus,
    DailyReport,
    ExpenseClaim,
    Invitation,
    LibraryItem,
    MarketNote,
    PrepTask,
    TripPlan,
    WeeklyPlan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
MODELS = [
    Campaign,
    BudgetLine,
    PrepTask,
    WeeklyPlan,
    TripPlan,
    ExpenseClaim,
    MarketNote,
    LibraryItem,
    DailyReport,
    Invitation,
]


def test_demo_has_every_campaign_state_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = {m: m.objects.count() for m in MODELS}
    assert set(Campaign.objects.values_list("status", flat=True)) == set(CampaignStatus.values)
    assert all(counts.values())
    finished = Campaign.objects.get(status=CampaignStatus.FINISHED)
    assert not finished.budget_lines.filter(actual__isnull=True).exists()
    call_command("seed_demo", verbosity=0)
    assert {m: m.objects.count() for m in MODELS} == counts


def test_r_cam_4_demo_has_check_ins_and_pending_invitations(settings, tmp_path):
    from campaigns.selectors import campaign_results, pending_invitations_for_owner
    from outreach.models import Staff

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    finished = Campaign.objects.get(status=CampaignStatus.FINISHED)
    results = campaign_results(finished)
    assert results.attended >= 5
    assert results.new_leads >= 3
    assert results.walk_ins == 1
    assert results.satisfaction is not None
    assert results.cost_per_lead is not None
    assert finished.attachments.exists()
    canvasser = Staff.objects.get(user__username="canvasser1")
    assert pending_invitations_for_owner(canvasser).count() >= 2
