"""Issue 20: the bulk lead hand-over service and the lead list's bulk reassignment."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import Lead, LeadStatus, OwnershipEvent, OwnershipPeriod
from clients.services.handover import leads_hand_over, spread_evenly
from outreach.models import Notification
from tests.factories.handover import owned_leads

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(
        datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ),
]

NOW = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DATES = ("registered_at", "owned_since", "protected_until", "registered_by_id")


def _dates(leads):
    return {
        row["pk"]: tuple(row[f] for f in DATES)
        for row in Lead.objects.filter(pk__in=[lead.pk for lead in leads]).values("pk", *DATES)
    }


def test_r_lead_2_hand_over_to_one_person_keeps_registration_and_protection_dates(org):
    leaver, heir = org["canvasser1"], org["canvasser3"]
    leads = owned_leads(leaver, 5, now=NOW)
    before = _dates(leads)
    result = leads_hand_over(
        actor=org["manager"].user, leads=[lead.pk for lead in leads], to=heir, reason="离职"
    )
    assert result.moved == {heir.pk: 5}
    assert _dates(leads) == before
    moved = Lead.objects.filter(pk__in=[lead.pk for lead in leads])
    assert set(moved.values_list("owner", "group", "status")) == {
        (heir.pk, org["groups"][1].pk, LeadStatus.ACTIVE)
    }
    # R-POOL-2: history and ownership periods say who had it when.
    assert (
        OwnershipEvent.objects.filter(kind="reassigned", from_staff=leaver, to_staff=heir).count()
        == 5
    )
    assert OwnershipPeriod.objects.filter(owner=leaver, ended_at=NOW).count() == 5
    assert OwnershipPeriod.objects.filter(owner=heir, ended_at=None, started_at=NOW).count() == 5


def test_r_pool_1_hand_over_to_the_pool_keeps_the_registration_dates(org):
    leaver = org["canvasser1"]
    leads = owned_leads(leaver, 3, now=NOW)
    before = _dates(leads)
    result = leads_hand_over(
        actor=org["manager"].user, leads=[lead.pk for lead in leads], to_pool=True, reason="离职"
    )
    assert result.pooled == 3
    assert _dates(leads) == before
    rows = Lead.objects.filter(pk__in=[lead.pk for lead in leads])
    assert set(rows.values_list("status", "owner", "previous_owner", "pooled_at")) == {
        (LeadStatus.POOL, None, leaver.pk, NOW)
    }
    assert not OwnershipPeriod.objects.filter(lead__in=rows, ended_at=None).exists()


def test_hand_over_spreads_evenly_at_most_one_apart(org):
    g1_people = [org["leader1"], org["canvasser2"]]
    leads = owned_leads(org["canvasser1"], 7, now=NOW)
    result = leads_hand_over(
        actor=org["manager"].user, leads=[x.pk for x in leads], spread_over=g1_people, reason="调组"
    )
    assert sorted(result.moved.values()) == [3, 4]
    assert result.total == 7
    plan, _next = spread_evenly(list(range(10)), g1_people + [org["canvasser3"]])
    assert sorted(len(ids) for ids in plan.values()) == [3, 3, 4]


def test_hand_over_leaves_leads_past_their_protection_to_the_hourly_job(org):
    leads = owned_leads(org["canvasser1"], 2, now=NOW)
    Lead.objects.filter(pk=leads[0].pk).update(protected_until=NOW - timedelta(minutes=1))
    result = leads_hand_over(
        actor=org["manager"].user, leads=[x.pk for x in leads], to=org["canvasser2"], reason="x"
    )
    assert result.moved == {org["canvasser2"].pk: 1}
    assert Lead.objects.get(pk=leads[0].pk).owner == org["canvasser1"]


def test_hand_over_refuses_a_holder_who_cannot_own_leads_and_an_empty_reason(org):
    leads = owned_leads(org["canvasser1"], 1, now=NOW)
    with pytest.raises(ValidationError):
        leads_hand_over(
            actor=org["manager"].user, leads=[leads[0].pk], to=org["consultant1"], reason="x"
        )
    with pytest.raises(ValidationError):
        leads_hand_over(
            actor=org["manager"].user, leads=[leads[0].pk], to=org["canvasser2"], reason=" "
        )
    assert Lead.objects.get(pk=leads[0].pk).owner == org["canvasser1"]


def test_hand_over_notifies_the_new_holder_once(org, django_capture_on_commit_callbacks):
    leads = owned_leads(org["canvasser1"], 4, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        leads_hand_over(
            actor=org["manager"].user, leads=[x.pk for x in leads], to=org["canvasser2"], reason="x"
        )
    notes = Notification.objects.filter(recipient=org["canvasser2"].user, kind="leads_handed_over")
    assert notes.count() == 1
    assert "4" in notes.get().message


def _queries(org, n, first_phone):
    leads = owned_leads(org["canvasser1"], n, now=NOW, first_phone=first_phone)
    people = [org["leader1"], org["canvasser2"]]
    with CaptureQueriesContext(connection) as ctx:
        leads_hand_over(
            actor=org["manager"].user, leads=[x.pk for x in leads], spread_over=people, reason="x"
        )
    assert Lead.objects.filter(owner=org["canvasser1"]).count() == 0
    return len(ctx.captured_queries)


def test_hand_over_runs_in_a_fixed_number_of_queries_for_10_or_200_leads(org):
    small = _queries(org, 10, 13600000000)
    large = _queries(org, 200, 13700000000)
    assert small == large


def test_lead_list_bulk_hand_over_moves_the_ticked_leads(org, client):
    leads = owned_leads(org["canvasser1"], 3, now=NOW)
    client.force_login(org["manager"].user)
    page = client.get(reverse("lead-list"))
    assert b'name="lead"' in page.content
    response = client.post(
        reverse("lead-bulk-hand-over"),
        {
            "lead": [leads[0].pk, leads[1].pk, "999999"],
            "owner": org["canvasser2"].pk,
            "reason": "调组",
        },
    )
    assert response.status_code == 302
    owners = dict(Lead.objects.filter(pk__in=[x.pk for x in leads]).values_list("pk", "owner"))
    assert owners == {
        leads[0].pk: org["canvasser2"].pk,
        leads[1].pk: org["canvasser2"].pk,
        leads[2].pk: org["canvasser1"].pk,
    }


def test_lead_list_bulk_hand_over_to_the_pool(org, client):
    leads = owned_leads(org["canvasser1"], 2, now=NOW)
    client.force_login(org["manager"].user)
    client.post(
        reverse("lead-bulk-hand-over"),
        {"lead": [x.pk for x in leads], "to_pool": "on", "reason": "x"},
    )
    assert set(
        Lead.objects.filter(pk__in=[x.pk for x in leads]).values_list("status", flat=True)
    ) == {LeadStatus.POOL}


@pytest.mark.parametrize("who", ["leader1", "canvasser1", "consultant1"])
def test_lead_list_bulk_hand_over_is_for_managers_only(org, client, who):
    leads = owned_leads(org["canvasser1"], 1, now=NOW)
    client.force_login(org[who].user)
    assert b'name="lead"' not in client.get(reverse("lead-list")).content
    response = client.post(
        reverse("lead-bulk-hand-over"),
        {"lead": [leads[0].pk], "owner": org["canvasser2"].pk, "reason": "x"},
    )
    assert response.status_code == 403
    assert Lead.objects.get(pk=leads[0].pk).owner == org["canvasser1"]
