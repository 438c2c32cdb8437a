"""Issue 20: a lead registered on a phone with no connection and sent later from its
queue keeps the phone's time beside it, but "first reporter wins" goes by the arrival:
a phone's clock cannot win a lead."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from clients.models import Lead
from tests.clock import local, runs_at
from tests.factories.clients import register

NOW = "2026-03-02 10:00"
pytestmark = [pytest.mark.django_db, runs_at(NOW, tick=False)]


def _queued(client, person, *, phone, key, acted_at):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(
        reverse("lead-register"),
        {"name": "陈先生", "phone": phone, "kind": "in_person", "source": "flyer", "key": key},
        headers={
            "X-Outreach-Queue": "1",
            "X-Outreach-Acted-At": acted_at.isoformat(),
            "X-Outreach-User": str(person.user.pk),
        },
    )


def test_offline_lead_keeps_the_phone_time_and_is_registered_at_arrival(client, org):
    acted = local(NOW) - timedelta(hours=2)
    response = _queued(
        client, org["canvasser1"], phone="13800138000", key=uuid.uuid4(), acted_at=acted
    )
    assert response.status_code == 200
    body = response.json()
    lead = Lead.objects.get(phone="13800138000")
    assert body["outcome"] == "accepted"
    assert body["url"] == reverse("lead-detail", args=[lead.pk])
    assert (lead.acted_at, lead.registered_at) == (acted, local(NOW))
    assert lead.owner == org["canvasser1"]


def test_offline_arrival_decides_the_lead_race_not_the_phone_clock(client, org):
    # canvasser2 registered the number online at 09:55; canvasser1's phone says it acted
    # at 09:30 but the queued registration arrives at 10:00: canvasser2 keeps the lead.
    first = register(org["canvasser2"], "13800138000", now=local(NOW) - timedelta(minutes=5))
    response = _queued(
        client,
        org["canvasser1"],
        phone="13800138000",
        key=uuid.uuid4(),
        acted_at=local(NOW) - timedelta(minutes=30),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["outcome"] == "refused"
    assert "already registered by " + org["canvasser2"].name in body["reason"]
    assert list(Lead.objects.filter(phone="13800138000")) == [first]
    first.refresh_from_db()
    assert first.owner == org["canvasser2"]


def test_offline_lead_replayed_twice_is_one_lead(client, org):
    key = uuid.uuid4()
    acted = local(NOW) - timedelta(minutes=1)
    one = _queued(client, org["canvasser1"], phone="13800138000", key=key, acted_at=acted)
    two = _queued(client, org["canvasser1"], phone="13800138000", key=key, acted_at=acted)
    assert one.json() == two.json()
    assert Lead.objects.get().registration_key == key


def test_offline_lead_with_a_bad_phone_is_refused_with_the_reason(client, org):
    response = _queued(
        client, org["canvasser1"], phone="12345", key=uuid.uuid4(), acted_at=local(NOW)
    )
    assert response.status_code in (400, 409)
    assert response.json()["outcome"] == "refused"
    assert response.json()["reason"]
    assert not Lead.objects.exists()
