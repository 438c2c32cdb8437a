"""Issue 21 "Done when": an outside system syncs leads and deals incrementally through the
API with a token and finds exactly what the pages show — for a manager and a canvasser."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from clients.models import LeadStatus
from clients.selectors.scopes import deal_scope
from clients.services.leads import lead_mark_invalid
from clients.services.pool import pool_expire_due
from tests.factories.clients import at, register

from .test_clients_api import deal

pytestmark = pytest.mark.django_db

T0 = at(2026, 6, 10, 10)  # the first sync
T1 = T0 + timedelta(days=2)  # the second, after the changes


def sync(api, path, *, since=None):
    """Follow `next` from the first page (2 rows a page) to the last; return the rows'
    ids in the order received, each row's change time, and the `sync_from` to keep."""
    params = {"page_size": 2}
    if since is not None:
        params["updated_since"] = since
    response = api.get(path, params)
    seen, times, sync_from = [], {}, None
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        times.update((row["id"], row["updated_at"]) for row in body["results"])
        sync_from = body["sync_from"] or sync_from
        if body["next"] is None:
            return seen, times, sync_from
        response = api.get(body["next"])


def lead_page_ids(staff) -> set[int]:
    """The ids the lead list page shows this person (one page holds them all here)."""
    browser = Client()
    browser.force_login(staff.user)
    page = browser.get(reverse("lead-list")).context["page"]
    assert not page.has_next()
    return {lead.pk for lead in page}


def deal_ids(staff) -> set[int]:
    return set(deal_scope(user=staff.user).values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["manager", "canvasser1"])
def test_incremental_sync_finds_exactly_what_the_pages_show(org, api_as, who):
    me, c1 = org[who], org["canvasser1"]
    # Before T0: five leads in two groups, one about to expire, one invalid; two deals.
    old = T0 - timedelta(days=13)  # 14 days' protection: in the pool by T1
    with time_machine.travel(old, tick=False):
        expiring = register(c1, "13800000009", now=old)
    with time_machine.travel(T0 - timedelta(hours=1), tick=False):
        now = T0 - timedelta(hours=1)
        kept = register(c1, "13800000001", now=now)
        register(org["canvasser2"], "13800000002", now=now)
        theirs = register(org["canvasser3"], "13800000003", now=now)
        invalid = register(c1, "13800000004", now=now)
        lead_mark_invalid(actor=org["leader1"].user, lead_id=invalid.pk, reason="无需求")
        deal(kept, now=now)
        deal(theirs, now=now)

    with time_machine.travel(T0, tick=False):
        api = api_as(me)
        leads, lead_times, leads_from = sync(api, "/api/v1/leads/")
        deals, _, deals_from = sync(api, "/api/v1/deals/")
        assert len(leads) == len(set(leads))
        assert len(deals) == len(set(deals))
        assert set(leads) == lead_page_ids(me)
        assert invalid.pk not in leads  # the page leaves invalid leads out, so does the API
        assert set(deals) == deal_ids(me)

    with time_machine.travel(T1, tick=False):
        # The changes: a lead registered through the API, a deal recorded from an outside
        # system, a lead moved to the pool by the hourly job.
        new = api_as(c1).post_json(
            "/api/v1/leads/",
            {"name": "新客户", "phone": "13800000010"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert new.status_code == 201, new.content
        new_lead = new.json()["id"]
        signed = api_as(org["salesmgr"]).post_json(
            "/api/v1/deals/",
            {"lead": new_lead, "project": "云湖", "units": 1, "signed_on": "2026-06-12"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert signed.status_code == 201, signed.content
        assert pool_expire_due() == 1

        changed_leads, _, _ = sync(api, "/api/v1/leads/", since=leads_from)
        changed_deals, _, _ = sync(api, "/api/v1/deals/", since=deals_from)
        page_now, deals_now = lead_page_ids(me), deal_ids(me)

    assert signed.json()["id"] in changed_deals
    assert set(deals) | set(changed_deals) == deals_now
    # Only what changed comes again, besides the rows changed at sync_from itself (the
    # filter is "at or after", so a row sharing the last row's time is never missed).
    last = parse_datetime(leads_from)
    at_sync_from = {pk for pk, time in lead_times.items() if parse_datetime(time) == last}
    changed = {new_lead, expiring.pk} if who == "manager" else {new_lead}
    assert set(changed_leads) - at_sync_from == changed
    if who == "manager":
        # The manager sees the pool: the expired lead comes again, now in the pool.
        assert expiring.pk in changed_leads
        assert set(leads) | set(changed_leads) == page_now
        pooled = api.get(f"/api/v1/leads/{expiring.pk}/").json()
        assert pooled["status"] == LeadStatus.POOL
    else:
        # The canvasser no longer sees the pooled lead: like the page, the API stops
        # listing it (a lead leaving one's scope sends no tombstone; a full sync shows it).
        assert expiring.pk not in changed_leads
        assert expiring.pk not in page_now
        assert set(leads) | set(changed_leads) == page_now | {expiring.pk}
        full, _, _ = sync(api, "/api/v1/leads/")
        assert set(full) == page_now
