"""Demo data of the campaigns app: every state, twice is the same as once."""

import pytest
from django.core.management import call_command

from campaigns.models import (
    BudgetLine,
    Campaign,
    CampaignStatus,
    DailyReport,
    ExpenseClaim,
    LibraryItem,
    MarketNote,
    PrepTask,
    TripPlan,
    WeeklyPlan,
)

pytestmark = pytest.mark.django_db
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
