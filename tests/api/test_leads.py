"""Issue 21 §3/§4: leads through the API — the same scope, masking and rules as the pages."""

import uuid

import pytest
import time_machine

from clients.models import Lead
from outreach.models import AccessLog
from tests.factories.clients import at, register

NOW = at(2026, 6, 10, 10)
pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_a_canvasser_lists_only_own_leads(org, api_as):
    mine = register(org["canvasser1"], "13800000001", now=NOW)
    register(org["canvasser3"], "13800000002", now=NOW)
    body = api_as(org["canvasser1"]).get("/api/v1/leads/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["phone"] == "13800000001"
    assert body["next"] is None


@time_machine.travel(NOW, tick=False)
def test_another_groups_lead_is_a_404(org, api_as):
    theirs = register(org["canvasser3"], "13800000002", now=NOW)
    client = api_as(org["canvasser1"])
    response = client.get(f"/api/v1/leads/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@time_machine.travel(NOW, tick=False)
def test_r_lead_2_registering_a_protected_phone_through_the_api_is_refused(org, api_as):
    register(org["canvasser3"], "13800000002", now=NOW)
    response = api_as(org["canvasser1"]).post_json(
        "/api/v1/leads/", {"name": "王女士", "phone": "138 0000 0002"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "phone" in error["fields"]
    assert Lead.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_registering_twice_with_one_key_gives_one_lead(org, api_as):
    client = api_as(org["canvasser1"])
    key = str(uuid.uuid4())
    first = client.post_json(
        "/api/v1/leads/", {"name": "王女士", "phone": "13800000009"}, HTTP_IDEMPOTENCY_KEY=key
    )
    again = client.post_json(
        "/api/v1/leads/", {"name": "王女士", "phone": "13800000009"}, HTTP_IDEMPOTENCY_KEY=key
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Lead.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_r_role_2_a_leader_of_another_group_cannot_reveal_and_a_reveal_is_logged(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    manager = api_as(org["salesmgr"])
    row = manager.get(f"/api/v1/leads/{lead.pk}/").json()
    revealed = manager.post_json(f"/api/v1/leads/{lead.pk}/reveal/")
    assert revealed.status_code == 200, revealed.content
    assert revealed.json()["phone"] == "13800000001"
    assert AccessLog.objects.filter(action=AccessLog.Action.REVEAL).count() == 1
    assert row["phone_masked"] in (True, False)
    assert api_as(org["leader2"]).post_json(f"/api/v1/leads/{lead.pk}/reveal/").status_code == 404


def test_no_token_is_a_401_in_json(db, client):
    response = client.get("/api/v1/leads/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_wrong_token_is_a_401(db, client):
    response = client.get("/api/v1/leads/", HTTP_AUTHORIZATION="Bearer otk_nonsense")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_the_lead_list_keeps_its_query_count_at_any_size_and_page_size(
    org, api_as, django_assert_max_num_queries, size
):
    for n in range(size):
        register(org["canvasser1" if n % 2 else "canvasser3"], f"1380000{n:04d}", now=NOW)
    sees = {"manager": size, "leader1": size // 2}  # the leader: canvasser1's, every other
    for who, visible in sees.items():
        client = api_as(org[who])
        client.get("/api/v1/leads/")  # the token's first use is written once (last_used_at)
        for page_size in (2, 1000):
            # token, user, permissions, the scope's people, the page, the masking's people
            with django_assert_max_num_queries(7):
                body = client.get("/api/v1/leads/", {"page_size": page_size}).json()
            assert len(body["results"]) == min(page_size, visible)
