"""Issue 17 findings 9 and 10: days people enter are bounded (from 2000 to a year ahead) and
names must keep a printable character once format characters (Unicode Cf) are removed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendance.models import LeaveRequest, LeaveType
from attendance.services.leave import leave_request_submit
from attendance.services.roster import roster_change_request, roster_set
from campaigns.services.events import campaign_create, campaign_update
from campaigns.services.plans import weekly_plan_create
from clients.models import Client
from outreach import services as staff_services
from outreach.models import Role, WageKind
from outreach.validators import entered_day_validate, printable_text_clean
from payroll.services import target_set
from tests.clock import local_at, runs_at
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import register
from tests.factories.training import session_held

pytestmark = [pytest.mark.django_db, runs_at("2026-10-14 10:00")]

FAR = date(9999, 12, 31)
LONG_AGO = date(1026, 10, 14)
EMPTY_NAMES = ["\u202e\u200b", "\u200b\u200c\u200d\ufeff", " \u2066 \u2069 ", "\u00ad"]


# --- one bound for entered days -----------------------------------------------------------


@pytest.mark.parametrize("day", [FAR, LONG_AGO, date(1999, 12, 31), date(2027, 10, 16)])
def test_hardening_entered_day_far_ahead_or_before_2000_is_refused(day):
    with pytest.raises(ValidationError, match="Pick a day between"):
        entered_day_validate(day)


@pytest.mark.parametrize(
    "day", [date(2027, 10, 15), date(2025, 10, 12), date(2000, 1, 1), date(2026, 10, 14)]
)
def test_hardening_entered_day_up_to_a_year_ahead_or_any_past_since_2000_is_accepted(day):
    entered_day_validate(day)


def test_hardening_a_leave_request_for_9999_12_31_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        leave_request_submit(
            staff=org["canvasser1"],
            leave_type=LeaveType.objects.get(code="personal"),
            first_day=FAR,
            last_day=FAR,
            reason="trip",
        )
    assert "first_day" in refused.value.message_dict
    assert not LeaveRequest.objects.exists()


def test_hardening_the_leave_page_answers_a_form_error_for_9999_12_31(client, org):
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("leave-new"),
        {
            "leave_type": LeaveType.objects.get(code="personal").pk,
            "first_day": "9999-12-31",
            "last_day": "9999-12-31",
            "reason": "trip",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not LeaveRequest.objects.exists()


def test_hardening_roster_days_far_away_are_refused(org):
    with pytest.raises(ValidationError, match="Pick a day"):
        roster_set(actor=org["leader1"], staff=org["canvasser1"], day=FAR, shift=None, point=None)
    with pytest.raises(ValidationError, match="Pick a day"):
        roster_change_request(
            staff=org["canvasser1"], day=FAR, shift=None, point=None, reason="move"
        )


def test_hardening_campaign_dates_far_away_are_refused(org):
    far = local_at(FAR, 9)
    with pytest.raises(ValidationError, match="Pick a day"):
        campaign_create(
            actor=org["manager"].user,
            theme="Open day",
            kind="party",
            starts_at=far,
            owner=org["manager"],
        )
    campaign = CampaignFactory(owner=org["manager"])
    with pytest.raises(ValidationError, match="Pick a day"):
        campaign_update(actor=org["manager"].user, campaign=campaign, starts_at=far)


def test_hardening_a_weekly_plan_far_away_is_refused(org):
    with pytest.raises(ValidationError, match="Pick a day"):
        weekly_plan_create(
            actor=org["canvasser1"].user, week_start=date(9999, 12, 27), staff=org["canvasser1"]
        )


def test_hardening_a_training_session_far_away_is_refused(org):
    with pytest.raises(ValidationError, match="Pick a day"):
        session_held(actor=org["manager"].user, day=date(9999, 12, 30))


def test_hardening_a_target_for_a_far_month_is_refused(org):
    with pytest.raises(ValidationError, match="Pick a day"):
        target_set(
            actor=org["salesmgr"].user, month=date(9999, 12, 1), staff=org["canvasser1"], visits=3
        )


# --- printable names ----------------------------------------------------------------------


@pytest.mark.parametrize("name", EMPTY_NAMES)
def test_hardening_a_name_of_only_format_characters_is_refused(name):
    with pytest.raises(ValidationError, match="visible character"):
        printable_text_clean(name)


def test_hardening_a_name_is_stored_without_bidi_overrides():
    assert printable_text_clean(" \u202e王\u200b芳\u202c ") == "王芳"


@pytest.mark.parametrize("name", EMPTY_NAMES)
def test_hardening_a_lead_named_only_format_characters_is_refused(org, name):
    with pytest.raises(ValidationError) as refused:
        register(org["canvasser1"], "13812345678", now=local_at(date(2026, 10, 14), 10), name=name)
    assert "name" in refused.value.message_dict
    assert not Client.objects.exists()


def test_hardening_the_registration_page_refuses_an_invisible_name(client, org):
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("lead-register"),
        {"name": "\u202e\u200b", "phone": "13812345678", "kind": "in_person", "source": "flyer"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Client.objects.exists()


def test_hardening_a_registered_client_name_loses_its_format_characters(org):
    lead = register(
        org["canvasser1"], "13812345678", now=local_at(date(2026, 10, 14), 10), name="\u202e王芳"
    )
    assert lead.client.name == "王芳"


def test_hardening_staff_and_campaign_names_must_be_printable(org):
    with pytest.raises(ValidationError, match="visible character"):
        staff_services.staff_create(
            username="ghost",
            password="a-long-passphrase-1",
            name="\u202e\u200b",
            phone="13812345670",
            role=Role.CANVASSER,
            hire_date=date(2026, 3, 1),
            wage=staff_services.WageInput(kind=WageKind.DAILY, amount=Decimal("60.00")),
        )
    with pytest.raises(ValidationError, match="visible character"):
        staff_services.staff_update(staff=org["canvasser1"], name="\u200b")
    with pytest.raises(ValidationError, match="visible character"):
        campaign_create(
            actor=org["manager"].user,
            theme="\u2066\u2069",
            kind="party",
            starts_at=local_at(date(2026, 11, 1), 9),
            owner=org["manager"],
        )
    campaign = CampaignFactory(owner=org["manager"])
    with pytest.raises(ValidationError, match="visible character"):
        campaign_update(actor=org["manager"].user, campaign=campaign, theme="\u200b")


# --- the other days people type: deals, follow-ups, trips, leave dates, memberships ---------


def _lead(org):
    return register(org["canvasser1"], "13812345678", now=local_at(date(2026, 10, 14), 10))


def test_hardening_a_deal_signed_or_paid_far_away_is_refused(org):
    from clients.models import Deal
    from clients.services.deals import DealInput, deal_record, deal_set_first_payment

    lead = _lead(org)
    for fields in ({"signed_on": FAR}, {"signed_on": date(2026, 10, 14), "first_payment_on": FAR}):
        with pytest.raises(ValidationError) as refused:
            deal_record(
                actor=org["manager"].user,
                lead_id=lead.pk,
                data=DealInput(project="一期", units=1, **fields),
            )
        assert set(refused.value.message_dict) <= {"signed_on", "first_payment_on"}
    assert not Deal.objects.exists()
    deal = deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        data=DealInput(project="一期", units=1, signed_on=date(2026, 10, 14)),
    )
    with pytest.raises(ValidationError, match="Pick a day between"):
        deal_set_first_payment(deal_id=deal.pk, on=LONG_AGO)
    deal.refresh_from_db()
    assert deal.first_payment_on is None


def test_hardening_a_next_follow_up_far_away_is_refused(org):
    from clients.models import FollowUp
    from clients.services.follow_ups import follow_up_log

    lead = _lead(org)
    with pytest.raises(ValidationError) as refused:
        follow_up_log(
            client_id=lead.client_id,
            kind="call",
            summary="回访",
            actor=org["canvasser1"],
            next_follow_up_on=FAR,
        )
    assert "next_follow_up_on" in refused.value.message_dict
    assert not FollowUp.objects.exists()


def test_hardening_a_trip_far_away_is_refused(org):
    from datetime import time

    from campaigns.models import TripPlan
    from campaigns.services.plans import trip_plan_submit

    with pytest.raises(ValidationError) as refused:
        trip_plan_submit(
            actor=org["canvasser1"].user,
            day=FAR,
            start_time=time(9),
            end_time=time(12),
            place="科技园",
            client="某公司",
            purpose="团购洽谈",
        )
    assert "day" in refused.value.message_dict
    assert not TripPlan.objects.exists()


def test_hardening_a_leave_date_or_membership_end_far_away_is_refused(org):
    from outreach.models import GroupMembership

    person = org["canvasser1"]
    with pytest.raises(ValidationError) as refused:
        staff_services.staff_deactivate(staff=person, leave_date=FAR)
    assert "leave_date" in refused.value.message_dict
    person.refresh_from_db()
    assert person.leave_date is None
    membership = GroupMembership.objects.filter(staff=person).first()
    with pytest.raises(ValidationError) as refused:
        staff_services.membership_end(membership=membership, valid_to=FAR)
    assert "valid_to" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.valid_to is None
