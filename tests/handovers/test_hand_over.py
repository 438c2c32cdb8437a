"""Issue 20: the departure hand-over — what a person holds, to whom it goes, the log."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from campaigns.models import Invitation, PrepTask
from clients.models import Lead, LeadStatus
from clients.services.visits import rotation_day_setup, visit_confirm, visit_register
from handovers.models import HandOver
from handovers.services import hand_over
from outreach.models import Notification, Role
from tests.factories import StaffFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import register
from tests.factories.handover import owned_leads

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=SH)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _event_with_invitation(owner, guest_lead):
    campaign = CampaignFactory(owner=owner, starts_at=NOW + timedelta(days=5))
    PrepTask.objects.create(
        campaign=campaign, title="场地", owner=owner, due_date=date(2026, 6, 12)
    )
    Invitation.objects.create(
        campaign=campaign,
        client=guest_lead.client,
        guest_name="嘉宾",
        phone=guest_lead.phone,
        invited_by=owner,
    )
    return campaign


def test_hand_over_to_one_person_moves_leads_events_tasks_and_invitations(
    org, django_capture_on_commit_callbacks
):
    leaver, heir = org["canvasser1"], org["canvasser2"]
    leads = owned_leads(leaver, 6, now=NOW)
    campaign = _event_with_invitation(leaver, leads[0])
    with django_capture_on_commit_callbacks(execute=True):
        log = hand_over(
            actor=org["manager"].user, person=leaver, mode="person", to=heir, reason="离职"
        )
    assert Lead.objects.filter(owner=heir).count() == 6
    campaign.refresh_from_db()
    assert campaign.owner == heir
    assert PrepTask.objects.get().owner == heir
    invitation = Invitation.objects.get()
    assert invitation.invited_by == heir
    assert heir in campaign.participants.all()
    assert log.counts == {
        "leads": {str(heir.pk): 6},
        "events": {str(heir.pk): 1},
        "tasks": {str(heir.pk): 1},
        "invitations": {str(heir.pk): 1},
    }
    assert HandOver.objects.get().person == leaver
    assert Notification.objects.filter(recipient=heir.user, kind="hand_over").count() == 1


def test_hand_over_spread_evenly_over_a_group_excludes_the_leaver(org):
    leaver = org["canvasser1"]
    owned_leads(leaver, 9, now=NOW)
    g1 = org["groups"][0]
    hand_over(actor=org["manager"].user, person=leaver, mode="group", group=g1, reason="离职")
    counts = {
        who: Lead.objects.filter(owner=org[who]).count()
        for who in ("leader1", "canvasser2", "canvasser1")
    }
    assert counts["canvasser1"] == 0
    assert sorted([counts["leader1"], counts["canvasser2"]]) == [4, 5]


def test_hand_over_spread_skips_members_who_have_left(org):
    leaver = org["canvasser1"]
    org["canvasser2"].leave_date = date(2026, 6, 1)
    org["canvasser2"].save(update_fields=["leave_date"])
    owned_leads(leaver, 4, now=NOW)
    hand_over(
        actor=org["manager"].user, person=leaver, mode="group", group=org["groups"][0], reason="x"
    )
    assert Lead.objects.filter(owner=org["leader1"]).count() == 4


def test_r_pool_1_departure_to_the_pool_keeps_registration_dates_and_leaves_events(org):
    leaver = org["canvasser1"]
    leads = owned_leads(leaver, 3, now=NOW)
    before = sorted(Lead.objects.values_list("pk", "registered_at", "protected_until"))
    campaign = _event_with_invitation(leaver, leads[0])
    log = hand_over(actor=org["manager"].user, person=leaver, mode="pool", reason="离职")
    assert log.counts == {"leads": {"pool": 3}}
    assert sorted(Lead.objects.values_list("pk", "registered_at", "protected_until")) == before
    assert set(Lead.objects.values_list("status", flat=True)) == {LeadStatus.POOL}
    campaign.refresh_from_db()
    assert campaign.owner == leaver  # events have no pool: they wait for a person


def test_r_lead_4_a_leaving_consultants_visit_awaiting_confirmation_goes_to_the_new_one(org):
    leaving, heir = org["consultant1"], StaffFactory(role=Role.CONSULTANT)
    lead = register(org["canvasser1"], "13912345678", now=NOW - timedelta(hours=2))
    rotation_day_setup(actor=None, day=NOW.date(), consultants=[leaving])
    visit = visit_register(actor=leaving.user, phone=lead.phone, now=NOW - timedelta(hours=1))
    assert visit.consultant == leaving
    log = hand_over(
        actor=org["manager"].user, person=leaving, mode="person", to=heir, reason="离职"
    )
    assert log.counts == {"consultant": {str(heir.pk): 1}}
    visit.refresh_from_db()
    assert visit.consultant == heir
    assert visit_confirm(actor=heir.user, visit_id=visit.pk, now=NOW).confirmed_at == NOW
    assert Lead.objects.get(pk=lead.pk).owner == org["canvasser1"]


def test_hand_over_refuses_ones_own_holdings_someone_who_left_and_out_of_scope(org):
    owned_leads(org["canvasser1"], 2, now=NOW)
    manager = org["manager"]
    with pytest.raises(ValidationError, match="your own"):
        hand_over(actor=manager.user, person=manager, mode="pool", reason="x")
    org["canvasser2"].leave_date = date(2026, 6, 1)
    org["canvasser2"].save(update_fields=["leave_date"])
    with pytest.raises(ValidationError, match="has left"):
        hand_over(
            actor=manager.user,
            person=org["canvasser1"],
            mode="person",
            to=org["canvasser2"],
            reason="x",
        )
    with pytest.raises(ValidationError, match="people you manage"):
        hand_over(
            actor=org["leader1"].user,
            person=org["canvasser1"],
            mode="person",
            to=org["canvasser3"],
            reason="x",
        )
    with pytest.raises(ValidationError):
        hand_over(
            actor=manager.user,
            person=org["canvasser1"],
            mode="person",
            to=org["consultant1"],
            reason="x",
        )
    assert Lead.objects.filter(owner=org["canvasser1"]).count() == 2
    assert not HandOver.objects.exists()


def test_hand_over_submitted_twice_finds_nothing_left_the_second_time(org):
    owned_leads(org["canvasser1"], 3, now=NOW)
    args = {
        "actor": org["manager"].user,
        "person": org["canvasser1"],
        "mode": "person",
        "to": org["canvasser2"],
        "reason": "x",
    }
    hand_over(**args)
    with pytest.raises(ValidationError, match="Nothing left"):
        hand_over(**args)
    assert HandOver.objects.count() == 1
    assert Lead.objects.filter(owner=org["canvasser2"]).count() == 3


def _page_setup(org, n, first_phone):
    leaver = org["canvasser1"]
    leads = owned_leads(leaver, n, now=NOW, first_phone=first_phone)
    for lead in leads[:3]:
        _event_with_invitation(leaver, lead)
    return leaver


def test_hand_over_page_shows_holdings_in_fixed_queries(org, client, django_assert_max_num_queries):
    leaver = _page_setup(org, 40, 13600000000)
    client.force_login(org["manager"].user)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("handover-person", args=[leaver.pk]))
    assert page.status_code == 200
    assert b'data-held="leads">40<' in page.content
    owned_leads(leaver, 60, now=NOW, first_phone=13700000000)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("handover-person", args=[leaver.pk]))
    assert b'data-held="leads">100<' in page.content
    with django_assert_max_num_queries(25):
        listing = client.get(reverse("handover-list"))
    assert leaver.name in listing.content.decode()


def test_hand_over_page_posts_and_logs(org, client):
    leaver = _page_setup(org, 5, 13600000000)
    client.force_login(org["manager"].user)
    url = reverse("handover-person", args=[leaver.pk])
    data = {"mode": "person", "to": org["canvasser2"].pk, "reason": "离职", "confirm": "on"}
    assert client.post(url, data).status_code == 302
    assert Lead.objects.filter(owner=org["canvasser2"]).count() == 5
    again = client.post(url, data, follow=True)
    assert HandOver.objects.count() == 1
    with translation.override("zh-hans"):  # the page's default language
        nothing_left = translation.gettext(
            "Nothing left to hand over: %(name)s holds nothing that can move this way."
        ) % {"name": leaver.name}
    assert nothing_left in again.content.decode()


def test_hand_over_page_without_confirmation_moves_nothing(org, client):
    leaver = _page_setup(org, 2, 13600000000)
    client.force_login(org["manager"].user)
    url = reverse("handover-person", args=[leaver.pk])
    client.post(url, {"mode": "pool", "reason": "x"})
    assert Lead.objects.filter(owner=leaver).count() == 2


@pytest.mark.parametrize("who", ["leader1", "canvasser1", "consultant1", "salesmgr", "hr"])
def test_hand_over_pages_are_for_managers_only(org, client, who):
    owned_leads(org["canvasser2"], 1, now=NOW)
    client.force_login(org[who].user)
    assert client.get(reverse("handover-list")).status_code == 403
    url = reverse("handover-person", args=[org["canvasser2"].pk])
    assert client.get(url).status_code == 403
    client.post(url, {"mode": "pool", "reason": "x", "confirm": "on"})
    assert Lead.objects.filter(owner=org["canvasser2"]).count() == 1
