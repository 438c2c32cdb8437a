"""Issue 21 §2: personal API tokens — made and revoked on one's profile, shown once,
stored hashed, refused when revoked, expired or their user inactive; rate-limited per
token; acting with exactly their user's permissions."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client

from api.models import ApiToken
from api.throttling import PerTokenRateThrottle
from api.tokens import token_create, token_revoke
from tests.api.conftest import TokenClient
from tests.factories.clients import at

NOW = at(2026, 7, 10, 10)
pytestmark = pytest.mark.django_db
RAW = re.compile(r"otk_[A-Za-z0-9_-]{43}")


def _logged_in(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


@time_machine.travel(NOW, tick=False)
def test_a_token_made_on_the_profile_is_shown_once_and_stored_hashed(org):
    client = _logged_in(org["canvasser1"])
    profile = client.get(f"/staff/{org['canvasser1'].pk}/")
    assert b"/me/tokens/" in profile.content
    made = client.post("/me/tokens/new/", {"name": "HR 系统", "expires_on": "2026-08-31"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"] or "max-age=0" in made["Cache-Control"]
    raw = RAW.search(made.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (org["canvasser1"].user, "HR 系统", raw[:12])
    assert token.expires_at == at(2026, 9, 1, 0)  # valid through the whole day chosen
    # The raw token is nowhere in the database: not in this table, not in any other.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert raw not in repr(cursor.fetchall())
    assert raw not in client.get("/me/tokens/").content.decode()  # never shown again
    assert token.prefix in client.get("/me/tokens/").content.decode()
    assert TokenClient(raw).get("/api/v1/payslips/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_token_with_a_past_expiry_is_refused_on_the_page(org):
    client = _logged_in(org["canvasser1"])
    response = client.post("/me/tokens/new/", {"name": "x", "expires_on": "2026-07-09"})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_a_revoked_token_is_a_401(org):
    new = token_create(user=org["canvasser1"].user, name="a")
    client = _logged_in(org["canvasser1"])
    response = client.post(f"/me/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at == NOW
    denied = TokenClient(new.raw).get("/api/v1/payslips/")
    assert denied.status_code == 401
    assert denied.json()["error"]["code"] == "not_authenticated"


@time_machine.travel(NOW, tick=False)
def test_revoking_another_persons_token_is_a_404(org):
    theirs = token_create(user=org["canvasser2"].user, name="b")
    response = _logged_in(org["canvasser1"]).post(f"/me/tokens/{theirs.token.pk}/revoke/")
    assert response.status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None
    # A manager neither: tokens are their owner's alone.
    assert (
        _logged_in(org["manager"]).post(f"/me/tokens/{theirs.token.pk}/revoke/").status_code == 404
    )


def test_an_expired_token_is_a_401(org):
    with time_machine.travel(NOW, tick=False):
        new = token_create(
            user=org["canvasser1"].user, name="a", expires_at=NOW + timedelta(days=1)
        )
        assert TokenClient(new.raw).get("/api/v1/payslips/").status_code == 200
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert TokenClient(new.raw).get("/api/v1/payslips/").status_code == 401


@time_machine.travel(NOW, tick=False)
def test_an_inactive_users_token_is_a_401(org):
    new = token_create(user=org["canvasser1"].user, name="a")
    user = org["canvasser1"].user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert TokenClient(new.raw).get("/api/v1/payslips/").status_code == 401


def test_last_used_at_is_set_when_a_token_is_used(org):
    with time_machine.travel(NOW, tick=False):
        new = token_create(user=org["canvasser1"].user, name="a")
        assert new.token.last_used_at is None
        TokenClient(new.raw).get("/api/v1/payslips/")
    new.token.refresh_from_db()
    assert new.token.last_used_at == NOW


@time_machine.travel(NOW, tick=False)
def test_a_token_acts_with_exactly_its_users_permissions(org, api_as):
    assert api_as(org["canvasser1"]).get("/api/v1/payroll-runs/").status_code == 403
    assert api_as(org["hr"]).get("/api/v1/payroll-runs/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_rate_limit_counts_per_token(org, monkeypatch):
    monkeypatch.setattr(
        PerTokenRateThrottle, "THROTTLE_RATES", {"token": "3/min", "session": "3/min"}
    )
    cache.clear()
    first = TokenClient(token_create(user=org["canvasser1"].user, name="a").raw)
    second = TokenClient(token_create(user=org["canvasser1"].user, name="b").raw)
    assert [first.get("/api/v1/payslips/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/payslips/")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert second.get("/api/v1/payslips/").status_code == 200  # its own count


@time_machine.travel(NOW, tick=False)
def test_the_token_page_lists_only_ones_own_tokens(org):
    token_create(user=org["canvasser1"].user, name="mine")
    token_create(user=org["canvasser2"].user, name="theirs")
    page = _logged_in(org["canvasser1"]).get("/me/tokens/").content.decode()
    assert "mine" in page
    assert "theirs" not in page


@time_machine.travel(NOW, tick=False)
def test_revoking_through_the_service_twice_changes_nothing(org):
    new = token_create(user=org["canvasser1"].user, name="a")
    token_revoke(user=org["canvasser1"].user, token_id=new.token.pk)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        again = token_revoke(user=org["canvasser1"].user, token_id=new.token.pk)
    assert again.revoked_at == NOW
