"""R-POOL-1, R-POOL-3: the lead rules' numbers are written by a service, one version a day."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clients.models import LeadPolicy
from clients.services.policy import lead_policy_set

NUMBERS = {
    "protect_days_without_visit": 10,
    "protect_days_with_visit": 20,
    "reminder_days_before": 2,
    "daily_claim_limit": 5,
    "max_leads_held": 50,
    "cooling_days": 3,
    "takeover_hours": 120,
    "complaint_reply_hours": 12,
}


def test_a_version_for_the_same_day_replaces_the_one_there(org):
    day = date(2026, 5, 1)
    lead_policy_set(actor=org["manager"].user, effective_from=day, **NUMBERS)
    lead_policy_set(actor=org["manager"].user, effective_from=day, **{**NUMBERS, "cooling_days": 9})
    assert LeadPolicy.objects.filter(effective_from=day).get().cooling_days == 9


def test_only_who_manages_leads_or_reference_data_sets_the_lead_rules(org):
    with pytest.raises(PermissionDenied):
        lead_policy_set(actor=org["canvasser1"].user, effective_from=date(2026, 5, 1), **NUMBERS)
    assert not LeadPolicy.objects.exists()


def test_the_lead_rules_page_saves_a_new_version(client, org):
    client.force_login(org["manager"].user)
    response = client.post(
        reverse("rules-lead-policy"), {"effective_from": "2026-05-01", **NUMBERS}
    )
    assert response.status_code == 302
    assert LeadPolicy.objects.get(effective_from=date(2026, 5, 1)).max_leads_held == 50


def test_the_lead_rules_page_is_closed_to_a_canvasser(client, org):
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("rules-lead-policy"), {"effective_from": "2026-05-01", **NUMBERS}
    )
    assert response.status_code == 403
    assert not LeadPolicy.objects.exists()
