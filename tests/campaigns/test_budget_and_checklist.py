"""R-CAM-2 budget lines, totals, variance, overrun; R-CAM-3 the preparation checklist."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns import services
from campaigns.models import BudgetLine, CampaignStatus, PrepTask
from campaigns.selectors import campaign_budget, campaigns_over_budget, overdue_prep_tasks
from outreach.dates import today
from tests.factories.campaigns import BudgetLineFactory, CampaignFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_r_cam_2_totals_and_variance_leave_out_cancelled_lines(org):
    campaign = CampaignFactory(owner=org["leader1"])
    actor = org["leader1"].user
    venue = services.budget_line_add(
        actor=actor, campaign=campaign, category="venue", planned=Decimal("3000")
    )
    food = services.budget_line_add(
        actor=actor, campaign=campaign, category="catering", planned=Decimal("1000")
    )
    gifts = services.budget_line_add(
        actor=actor, campaign=campaign, category="gifts", planned=Decimal("500")
    )
    services.budget_line_record_actual(actor=actor, line=venue, actual=Decimal("2800"))
    services.budget_line_record_actual(actor=actor, line=food, actual=Decimal("1100.5"))
    services.budget_line_cancel(actor=actor, line=gifts)
    budget = campaign_budget(campaign)
    assert budget.planned == Decimal("4000.00")
    assert budget.actual == Decimal("3900.50")
    assert budget.variance == Decimal("-99.50")
    # The catering line overran, so the campaign is flagged even though the total did not.
    assert budget.is_overrun
    assert list(campaigns_over_budget(user=org["manager"].user)) == [campaign]


def test_r_cam_2_within_budget_is_not_flagged(org):
    line = BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    services.budget_line_record_actual(actor=org["leader1"].user, line=line, actual=Decimal("999"))
    assert not campaign_budget(line.campaign).is_overrun
    assert not campaigns_over_budget(user=org["manager"].user).exists()


def test_r_cam_2_a_cancelled_line_refuses_actual_spend(org):
    line = BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    services.budget_line_cancel(actor=org["leader1"].user, line=line)
    with pytest.raises(ValidationError, match="cancelled"):
        services.budget_line_record_actual(
            actor=org["leader1"].user, line=line, actual=Decimal("10")
        )
    line.refresh_from_db()
    assert line.actual is None


def test_r_cam_2_the_database_refuses_actual_on_a_cancelled_line(org):
    line = BudgetLineFactory(is_cancelled=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(actual=Decimal("5"))


def test_r_cam_2_overrun_shows_on_the_campaign_page(client, org):
    line = BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    client.force_login(org["leader1"].user)
    client.post(reverse("budget-line-actual", args=[line.pk]), {"actual": "1200"})
    line.refresh_from_db()
    assert line.actual == Decimal("1200.00")
    body = client.get(reverse("campaign-detail", args=[line.campaign_id])).content.decode()
    assert 'id="overrun-flag"' in body


def test_r_cam_2_a_participant_cannot_change_the_budget(client, org):
    line = BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    line.campaign.participants.add(org["canvasser1"])
    client.force_login(org["canvasser1"].user)
    response = client.post(reverse("budget-line-actual", args=[line.pk]), {"actual": "5"})
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.actual is None


def test_r_cam_3_a_new_campaign_has_the_default_checklist_with_the_safety_plan(org):
    campaign = services.campaign_create(
        actor=org["leader1"].user,
        theme="答谢会",
        kind="appreciation",
        starts_at=datetime(2026, 12, 20, 14, tzinfo=SHANGHAI),
        owner=org["leader1"],
    )
    tasks = list(campaign.tasks.all())
    assert len(tasks) == len(services.DEFAULT_CHECKLIST)
    safety = [t for t in tasks if t.is_safety_plan]
    assert len(safety) == 1
    assert safety[0].owner == org["leader1"]
    assert safety[0].due_date < date(2026, 12, 20)


def test_r_cam_3_overdue_tasks_are_visible_to_their_owner(client, org):
    campaign = CampaignFactory(owner=org["leader1"])
    late = PrepTask.objects.create(
        campaign=campaign, title="订场地", owner=org["canvasser1"], due_date=date(2026, 1, 1)
    )
    PrepTask.objects.create(
        campaign=campaign, title="别人的", owner=org["canvasser2"], due_date=date(2026, 1, 1)
    )
    PrepTask.objects.create(
        campaign=campaign,
        title="将来的",
        owner=org["canvasser1"],
        due_date=today() + timedelta(days=30),
    )
    assert list(overdue_prep_tasks(org["canvasser1"])) == [late]
    client.force_login(org["canvasser1"].user)
    body = client.get(reverse("my-prep-tasks")).content.decode()
    assert "订场地" in body
    assert "别人的" not in body
    # The task's owner ticks it off even without seeing the campaign.
    client.post(reverse("prep-task-done", args=[late.pk]), {"done": "1"})
    assert not overdue_prep_tasks(org["canvasser1"]).exists()


def test_r_cam_3_cancelled_campaigns_raise_no_overdue_tasks(org):
    campaign = CampaignFactory(owner=org["leader1"], status=CampaignStatus.CANCELLED)
    PrepTask.objects.create(
        campaign=campaign, title="x", owner=org["leader1"], due_date=date(2026, 1, 1)
    )
    assert not overdue_prep_tasks(org["leader1"]).exists()
