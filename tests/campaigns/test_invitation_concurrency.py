"""R-CAM-4 races on PostgreSQL with real connections: two people inviting one new phone,
and two staff checking one guest in at the same moment."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from campaigns import services
from campaigns.models import CampaignStatus, Invitation
from clients.models import FollowUp, Lead
from tests.clients.test_concurrency import _race
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
)


def _event(org):
    campaign = CampaignFactory(
        owner=org["leader1"],
        status=CampaignStatus.RUNNING,
        starts_at=timezone.now() + timedelta(hours=1),
    )
    campaign.participants.add(org["canvasser1"], org["canvasser3"])
    return campaign


def _invite(person, campaign, phone):
    return lambda: services.invitation_invite_guest(
        actor=person.user, campaign=campaign, inviter=person, name="抢", phone=phone
    )


@needs_postgres
def test_r_cam_4_two_people_inviting_one_new_phone_to_one_event(org):
    campaign = _event(org)
    results = _race(
        [
            _invite(org["canvasser1"], campaign, "13700001234"),
            _invite(org["canvasser3"], campaign, "13700001234"),
        ]
    )
    made = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1, results
    assert len(refused) == 1, results
    assert Invitation.objects.count() == 1
    assert Lead.objects.filter(phone="13700001234").count() == 1


@needs_postgres
def test_r_cam_4_two_people_inviting_one_new_phone_to_two_events(org):
    first, second = _event(org), _event(org)
    results = _race(
        [
            _invite(org["canvasser1"], first, "13700005678"),
            _invite(org["canvasser3"], second, "13700005678"),
        ]
    )
    assert all(isinstance(r, Invitation) for r in results), results
    lead = Lead.objects.get(phone="13700005678")
    won = [r for r in results if r.created_lead]
    blocked = [r for r in results if r.blocked_by_owner_id]
    assert len(won) == 1
    assert won[0].invited_by_id == lead.owner_id
    assert len(blocked) == 1
    assert blocked[0].blocked_by_owner_id == lead.owner_id


@needs_postgres
def test_r_cam_4_two_check_ins_of_one_guest_at_once_give_one(org):
    campaign = _event(org)
    guest = _invite(org["canvasser1"], campaign, "13700009012")()

    def check_in(person):
        return lambda: services.invitation_check_in(
            actor=person.user, campaign=campaign, invitation_id=guest.pk
        )

    results = _race([check_in(org["canvasser1"]), check_in(org["leader1"])])
    assert sum(isinstance(r, Invitation) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert FollowUp.objects.filter(client_id=guest.client_id).count() == 1
