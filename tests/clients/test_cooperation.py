"""R-CLI-3: a business cooperation goes negotiation → draft → review → approval →
signing → running; approval is the manager's; history keeps every step."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Cooperation
from clients.services.cooperation import cooperation_advance, cooperation_start
from tests.factories.clients import register

pytestmark = pytest.mark.django_db


def test_r_cli_3_cooperation_flow_with_manager_approval(org):
    lead = register(org["canvasser1"], "13900100001", now=timezone.now())
    coop = cooperation_start(
        client_id=lead.client_id, owner=org["canvasser1"], services="年度团购", proposal="方案A"
    )
    user = org["canvasser1"].user
    with pytest.raises(ValidationError):
        cooperation_advance(actor=user, cooperation_id=coop.pk, to="signed")
    cooperation_advance(actor=user, cooperation_id=coop.pk, to="drafted")
    cooperation_advance(actor=user, cooperation_id=coop.pk, to="under_review")
    with pytest.raises(ValidationError, match="manager"):
        cooperation_advance(actor=user, cooperation_id=coop.pk, to="approved")
    cooperation_advance(actor=org["manager"].user, cooperation_id=coop.pk, to="approved")
    cooperation_advance(actor=user, cooperation_id=coop.pk, to="signed")
    cooperation_advance(actor=user, cooperation_id=coop.pk, to="running")
    coop.refresh_from_db()
    assert coop.status == "running"
    assert coop.history.count() == 6  # created + five steps


def test_r_cli_3_cooperation_on_the_client_page(client, org):
    lead = register(org["canvasser1"], "13900100002", now=timezone.now())
    Client.objects.filter(pk=lead.client_id).update(kind="company")
    client.force_login(org["canvasser1"].user)
    client.post(reverse("client-cooperation", args=[lead.client_id]), {"services": "企业团购"})
    coop = Cooperation.objects.get()
    client.post(reverse("cooperation-step", args=[coop.pk]), {"to": "drafted"})
    coop.refresh_from_db()
    assert coop.status == "drafted"
    assert (
        "企业团购" in client.get(reverse("client-detail", args=[lead.client_id])).content.decode()
    )
