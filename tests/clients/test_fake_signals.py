"""R-LEAD-7: the evidence page for fake registrations."""

import pytest
from django.urls import reverse

from clients.services.follow_ups import follow_up_log
from clients.services.leads import lead_claim
from clients.services.pool import pool_expire_due
from tests.factories import staff_in_group
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db


def test_r_lead_7_signals_list_many_owners_and_never_reached(client, org):
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    lead = register(c1, "13400000001", now=at(2026, 1, 1))
    pool_expire_due(now=at(2026, 1, 20))
    lead_claim(actor=c2.user, claimer=c2, lead_id=lead.pk, now=at(2026, 1, 21))
    pool_expire_due(now=at(2026, 2, 10))
    lead_claim(actor=c3.user, claimer=c3, lead_id=lead.pk, now=at(2026, 2, 11))
    unreached = register(staff_in_group(org["groups"][0]), "13400000002", now=at(2026, 3, 1))
    follow_up_log(
        client_id=unreached.client_id, kind="call", summary="空号", by=None, effective=False
    )
    client.force_login(org["manager"].user)
    page = client.get(reverse("lead-fake-signals")).content.decode()
    assert "134****0001" in page
    assert unreached.client.name in page
    assert f"lead={unreached.pk}" in page
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("lead-fake-signals")).status_code == 403
