"""Issue 21 §3/§4: clients, follow-ups, visits and deals through the API — the same
scope, masking, permissions and rules as the client, lead and reception pages."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from clients.models import Client, Deal, FollowUp, LeadStatus, Visit
from clients.phones import phone_mask
from clients.services.deals import DealInput, deal_record
from clients.services.grading import clients_regrade
from clients.services.leads import lead_mark_invalid
from clients.services.pool import pool_expire_due
from clients.services.visits import rotation_day_setup, visit_end_reception, visit_register
from outreach.models import Role
from tests.clients.test_concurrency import _race
from tests.factories import StaffFactory
from tests.factories.clients import at, register

NOW = at(2026, 6, 10, 10)
pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def arrive(lead, consultant, *, now=NOW) -> Visit:
    """A visitor on `lead` handed to `consultant` (alone in the day's queue)."""
    rotation_day_setup(actor=None, day=now.date(), consultants=[consultant])
    visit = visit_register(actor=consultant.user, phone=lead.phone, now=now)
    assert visit.consultant_id == consultant.pk
    return visit


def deal(lead, *, project="云湖", amount=Decimal("1000000.00"), now=NOW) -> Deal:
    return deal_record(
        actor=lead.owner.user,
        lead_id=lead.pk,
        data=DealInput(project=project, units=1, amount=amount, signed_on=now.date()),
        now=now,
    )


# --- clients (R-CLI-1, R-ROLE-2) -----------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_canvasser_lists_only_the_clients_of_own_leads_with_full_numbers(org, api_as):
    mine = register(org["canvasser1"], "13800000001", now=NOW)
    register(org["canvasser3"], "13800000002", now=NOW)
    body = api_as(org["canvasser1"]).get("/api/v1/clients/").json()
    assert [row["id"] for row in body["results"]] == [mine.client_id]
    assert body["results"][0]["phone"] == "13800000001"
    assert body["results"][0]["phone_masked"] is False
    assert body["results"][0]["current_lead"]["owner"]["id"] == org["canvasser1"].pk


@time_machine.travel(NOW, tick=False)
def test_another_groups_client_is_a_404(org, api_as):
    theirs = register(org["canvasser3"], "13800000002", now=NOW)
    response = api_as(org["canvasser1"]).get(f"/api/v1/clients/{theirs.client_id}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_hr_has_no_client_api(org, api_as):
    assert api_as(org["hr"]).get("/api/v1/clients/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_r_role_2_the_number_is_masked_exactly_as_the_client_page_masks_it(org, api_as, client):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    arrive(lead, org["consultant1"])  # in the consultant's scope today, number not theirs
    row = api_as(org["consultant1"]).get(f"/api/v1/clients/{lead.client_id}/").json()
    assert row["phone"] == phone_mask("13800000001") != "13800000001"
    assert row["phone_masked"] is True
    client.force_login(org["consultant1"].user)
    page = client.get(reverse("client-list"))
    assert [c.phone_shown for c in page.context["page"]] == [row["phone"]]


def test_the_client_list_offers_the_pages_filters(org, api_as):
    earlier = NOW - timedelta(days=3)
    with time_machine.travel(earlier, tick=False):
        first = register(org["canvasser1"], "13800001234", now=earlier, name="张三")
    with time_machine.travel(NOW, tick=False):
        second = register(org["canvasser3"], "13900005678", now=NOW, name="李四")
        _client_filters_answer(org, api_as, first, second)


def _client_filters_answer(org, api_as, first, second):
    manager = api_as(org["manager"])
    assert ids(manager.get("/api/v1/clients/?q=1234")) == [first.client_id]
    assert ids(manager.get("/api/v1/clients/?q=李")) == [second.client_id]
    employee_no = org["canvasser3"].employee_no
    assert ids(manager.get(f"/api/v1/clients/?owner={employee_no}")) == [second.client_id]
    assert ids(manager.get("/api/v1/clients/?group=G01")) == [first.client_id]
    assert ids(manager.get("/api/v1/clients/?registered_after=2026-06-09")) == [second.client_id]
    assert ids(manager.get("/api/v1/clients/?active_before=2026-06-08")) == [first.client_id]
    assert ids(manager.get("/api/v1/clients/?status=active&grade=C&source=flyer")) == [
        first.client_id,
        second.client_id,
    ]
    since = (NOW - timedelta(hours=1)).isoformat()
    assert ids(manager.get("/api/v1/clients/", {"updated_since": since})) == [second.client_id]


def test_a_deal_recorded_later_brings_its_client_back_into_updated_since(org, api_as):
    """A bulk `.update()` of the client (last activity) stamps updated_at too."""
    earlier = NOW - timedelta(days=2)
    with time_machine.travel(earlier, tick=False):
        lead = register(org["canvasser1"], "13800000001", now=earlier)
    with time_machine.travel(NOW, tick=False):
        _a_deal_brings_the_client_back(org, api_as, lead)


def _a_deal_brings_the_client_back(org, api_as, lead):
    since = (NOW - timedelta(days=1)).isoformat()
    manager = api_as(org["manager"])
    assert ids(manager.get("/api/v1/clients/", {"updated_since": since})) == []
    deal(lead)
    assert ids(manager.get("/api/v1/clients/", {"updated_since": since})) == [lead.client_id]


@time_machine.travel(NOW, tick=False)
def test_a_regrade_brings_the_regraded_client_into_updated_since(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW - timedelta(days=2))
    deal(lead, amount=Decimal("5000000.00"), now=NOW - timedelta(days=2))
    Client.objects.filter(pk=lead.client_id).update(updated_at=NOW - timedelta(days=2))
    since = (NOW - timedelta(days=1)).isoformat()
    manager = api_as(org["manager"])
    assert ids(manager.get("/api/v1/clients/", {"updated_since": since})) == []
    assert clients_regrade() == 1
    assert ids(manager.get("/api/v1/clients/", {"updated_since": since})) == [lead.client_id]


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_the_client_list_costs_the_same_queries_at_any_size(
    org, api_as, django_assert_max_num_queries, size
):
    for i in range(size):
        owner = org["canvasser1"] if i % 2 else org["canvasser3"]
        register(owner, f"1380000{i:04d}", now=NOW)
    for who in ("manager", "leader1", "consultant1"):
        api = api_as(org[who])
        with django_assert_max_num_queries(9):
            response = api.get("/api/v1/clients/?page_size=1000")
        assert response.status_code == 200


# --- follow-ups (R-CLI-2) ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_canvasser_logs_a_follow_up_on_own_lead_as_the_page_does(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    api = api_as(org["canvasser1"])
    response = api.post_json(
        "/api/v1/follow-ups/",
        {"lead": lead.pk, "kind": "call", "summary": " 约周六看房 ", "effective": False},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    follow_up = FollowUp.objects.get()
    assert body["id"] == follow_up.pk
    assert (body["lead"], body["client"]["id"], body["by"]["id"]) == (
        lead.pk,
        lead.client_id,
        org["canvasser1"].pk,
    )
    assert (follow_up.summary, follow_up.effective) == ("约周六看房", False)
    assert ids(api.get(f"/api/v1/follow-ups/?lead={lead.pk}")) == [follow_up.pk]


@time_machine.travel(NOW, tick=False)
def test_a_follow_up_on_another_groups_lead_is_a_404_and_writes_nothing(org, api_as):
    theirs = register(org["canvasser3"], "13800000002", now=NOW)
    response = api_as(org["canvasser1"]).post_json(
        "/api/v1/follow-ups/", {"lead": theirs.pk, "kind": "call", "summary": "试探"}
    )
    assert response.status_code == 404
    assert FollowUp.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a_follow_up_without_a_summary_is_refused_with_the_field(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    response = api_as(org["canvasser1"]).post_json(
        "/api/v1/follow-ups/", {"lead": lead.pk, "kind": "call", "summary": "   "}
    )
    assert response.status_code == 400
    assert "summary" in response.json()["error"]["fields"]
    assert FollowUp.objects.count() == 0


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_follow_ups_list_only_the_leads_one_sees_at_a_fixed_query_count(
    org, api_as, django_assert_max_num_queries, size
):
    mine = register(org["canvasser1"], "13800000001", now=NOW)
    theirs = register(org["canvasser3"], "13800000002", now=NOW)
    writers = [(lead, api_as(lead.owner)) for lead in (mine, theirs)]
    for i in range(size):
        for lead, writer in writers:
            writer.post_json(
                "/api/v1/follow-ups/", {"lead": lead.pk, "kind": "call", "summary": f"第{i}次"}
            )
    api = api_as(org["canvasser1"])
    with django_assert_max_num_queries(8):
        rows = api.get("/api/v1/follow-ups/?page_size=1000").json()["results"]
    assert len(rows) == size
    assert {row["lead"] for row in rows} == {mine.pk}


# --- visits (R-LEAD-4) ---------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_r_lead_4_the_receiving_consultant_confirms_through_the_api(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    visit = arrive(lead, org["consultant1"])
    response = api_as(org["consultant1"]).post_json(f"/api/v1/visits/{visit.pk}/confirm/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == visit.pk
    assert body["credited_staff"]["id"] == org["canvasser1"].pk
    visit.refresh_from_db()
    assert visit.confirmed_at == NOW
    again = api_as(org["consultant1"]).post_json(f"/api/v1/visits/{visit.pk}/confirm/")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid"


@time_machine.travel(NOW, tick=False)
def test_r_lead_4_nobody_else_confirms(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    visit = arrive(lead, org["consultant1"])
    other = StaffFactory(role=Role.CONSULTANT)
    url = f"/api/v1/visits/{visit.pk}/confirm/"
    assert api_as(other).post_json(url).status_code == 404  # another consultant's visit
    for who in ("canvasser1", "leader1", "manager", "salesmgr"):  # no confirm_visit
        assert api_as(org[who]).post_json(url).status_code == 403, who
    assert api_as(org["hr"]).post_json(url).status_code == 403
    visit.refresh_from_db()
    assert visit.confirmed_at is None


@time_machine.travel(NOW, tick=False)
def test_visits_are_scoped_like_the_pages(org, api_as):
    mine = register(org["canvasser1"], "13800000001", now=NOW)
    theirs = register(org["canvasser3"], "13800000002", now=NOW)
    visit = arrive(mine, org["consultant1"])
    visit_end_reception(actor=None, visit_id=visit.pk, now=NOW)
    other_visit = arrive(theirs, org["consultant1"], now=NOW + timedelta(minutes=5))
    assert ids(api_as(org["canvasser1"]).get("/api/v1/visits/")) == [visit.pk]
    assert api_as(org["canvasser1"]).get(f"/api/v1/visits/{other_visit.pk}/").status_code == 404
    assert ids(api_as(org["consultant1"]).get("/api/v1/visits/")) == [visit.pk, other_visit.pk]
    assert ids(api_as(org["canvasser1"]).get("/api/v1/visits/?confirmed=true")) == []


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_the_visit_list_costs_the_same_queries_at_any_size(
    org, api_as, django_assert_max_num_queries, size
):
    rotation_day_setup(actor=None, day=NOW.date(), consultants=[org["consultant1"]])
    for i in range(size):
        lead = register(org["canvasser1"], f"1380000{i:04d}", now=NOW)
        visit = visit_register(actor=org["manager"].user, phone=lead.phone, now=NOW)
        visit_end_reception(actor=None, visit_id=visit.pk, now=NOW)
    for who in ("canvasser1", "consultant1", "manager"):
        api = api_as(org[who])
        with django_assert_max_num_queries(8):
            rows = api.get("/api/v1/visits/?page_size=1000").json()["results"]
        assert len(rows) == size


# --- deals (R-CLI-3) -----------------------------------------------------------------------


def _deal_body(lead, **extra):
    return {
        "lead": lead.pk,
        "project": "云湖一期",
        "units": 1,
        "amount": "1234567.89",
        "signed_on": "2026-06-09",
        **extra,
    }


@time_machine.travel(NOW, tick=False)
def test_a_deal_imported_twice_with_one_key_is_one_deal(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    api = api_as(org["salesmgr"])
    key = str(uuid.uuid4())
    first = api.post_json("/api/v1/deals/", _deal_body(lead), HTTP_IDEMPOTENCY_KEY=key)
    again = api.post_json("/api/v1/deals/", _deal_body(lead), HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json()
    body = first.json()
    assert (body["amount"], body["external_key"], body["status"]) == ("1234567.89", key, "signed")
    assert body["credited_staff"]["id"] == org["canvasser1"].pk
    deal_row = Deal.objects.get()
    assert deal_row.amount == Decimal("1234567.89")
    assert str(deal_row.external_key) == key
    lead.refresh_from_db()
    assert lead.has_signed_deal is True


@time_machine.travel(NOW, tick=False)
def test_a_deal_without_an_idempotency_key_is_refused(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    response = api_as(org["salesmgr"]).post_json("/api/v1/deals/", _deal_body(lead))
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert Deal.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_deals_need_the_deal_forms_permission_and_the_lead_in_scope(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    body = _deal_body(lead)
    for who in ("canvasser1", "leader1"):  # the lead is theirs, the deal form is not
        response = api_as(org[who]).post_json(
            "/api/v1/deals/", body, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
        assert response.status_code == 403, who
    # A consultant records deals, but only on a lead they see (else 404, as the page).
    response = api_as(org["consultant1"]).post_json(
        "/api/v1/deals/", body, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert response.status_code == 404
    assert Deal.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_r_lead_3_a_deal_on_an_invalid_lead_is_refused(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    lead_mark_invalid(actor=org["manager"].user, lead_id=lead.pk, reason="无购房需求")
    response = api_as(org["manager"]).post_json(
        "/api/v1/deals/", _deal_body(lead), HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert Deal.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_deals_are_scoped_to_the_leads_one_sees(org, api_as):
    mine = deal(register(org["canvasser1"], "13800000001", now=NOW))
    theirs = deal(register(org["canvasser3"], "13800000002", now=NOW))
    assert ids(api_as(org["canvasser1"]).get("/api/v1/deals/")) == [mine.pk]
    assert api_as(org["canvasser1"]).get(f"/api/v1/deals/{theirs.pk}/").status_code == 404
    assert ids(api_as(org["manager"]).get("/api/v1/deals/")) == [mine.pk, theirs.pk]


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_the_deal_list_costs_the_same_queries_at_any_size(
    org, api_as, django_assert_max_num_queries, size
):
    for i in range(size):
        deal(register(org["canvasser1"], f"1380000{i:04d}", now=NOW))
    for who in ("canvasser1", "manager"):
        api = api_as(org[who])
        with django_assert_max_num_queries(8):
            rows = api.get("/api/v1/deals/?page_size=1000").json()["results"]
        assert len(rows) == size


# --- sync sees bulk changes (issue 21 §3) ---------------------------------------------------


def test_r_pool_1_a_lead_moved_to_the_pool_by_the_job_shows_in_updated_since(org, api_as):
    registered = at(2026, 5, 1, 10)
    with time_machine.travel(registered, tick=False):
        lead = register(org["canvasser1"], "13800000001", now=registered)
    before_job = at(2026, 6, 10, 9)
    with time_machine.travel(at(2026, 6, 10, 10), tick=False):
        manager = api_as(org["manager"])
        since = {"updated_since": before_job.isoformat()}
        assert ids(manager.get("/api/v1/leads/", since)) == []
        assert pool_expire_due() == 1
        rows = manager.get("/api/v1/leads/", since).json()["results"]
    assert [(row["id"], row["status"]) for row in rows] == [(lead.pk, LeadStatus.POOL)]


# --- a race of two imports (PostgreSQL) -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="the race needs PostgreSQL")
@pytest.mark.parametrize("same_lead", [True, False])
def test_two_simultaneous_imports_with_one_key_give_one_deal(org, same_lead):
    """Same lead: the lead's lock orders them; two leads: the unique key does."""
    first = register(org["canvasser1"], "13800000001", now=NOW)
    second = first if same_lead else register(org["canvasser1"], "13800000002", now=NOW)
    key = uuid.uuid4()

    def importing(lead):
        return lambda: deal_record(
            actor=org["salesmgr"].user,
            lead_id=lead.pk,
            data=DealInput(project="云湖", units=1, signed_on=NOW.date()),
            external_key=key,
            now=NOW,
        )

    results = _race([importing(first), importing(second)])
    assert all(isinstance(r, Deal) for r in results), results
    assert results[0].pk == results[1].pk
    assert Deal.objects.filter(external_key=key).count() == Deal.objects.count() == 1
