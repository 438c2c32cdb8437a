"""R-LEAD-1, R-LEAD-2, R-LEAD-3, R-LEAD-6, R-POOL-2: registration and ownership."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from clients.models import Lead, LeadKind, LeadStatus, OwnershipEvent, OwnershipPeriod
from clients.phones import phone_mask, phone_normalise
from clients.services.deals import DealInput, deal_record
from clients.services.leads import (
    LeadInput,
    inbound_call_assign,
    inbound_call_log,
    lead_mark_invalid,
    lead_reassign,
    lead_register,
)
from clients.services.takeover import lead_take_over, takeover_candidates
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138 1234 5678",
        "138-1234-5678",
        "+86-13812345678",
        "8613812345678",
        "0086 138 1234 5678",
        " 138 1234-5678 ",
    ],
)
def test_r_lead_2_phone_is_normalised_to_eleven_digits(raw):
    assert phone_normalise(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["", "12345", "23812345678", "1381234567", "138123456789", "abc"])
def test_r_lead_2_malformed_phone_is_refused(raw):
    with pytest.raises(ValidationError):
        phone_normalise(raw)


def test_r_role_2_mask():
    assert phone_mask("13812345678") == "138****5678"


def test_r_lead_1_registration_makes_the_canvasser_owner_with_history(org):
    c1 = org["canvasser1"]
    now = at(2026, 3, 1)
    lead = register(c1, "+86 139-0000-0001", now=now, kind=LeadKind.PHONE)
    assert lead.owner == c1
    assert lead.phone == "13900000001"
    assert lead.group == org["groups"][0]
    assert lead.protected_until == now + timedelta(days=14)
    assert lead.client.current_lead == lead
    period = OwnershipPeriod.objects.get(lead=lead)
    assert period.start_reason == "registered"
    assert period.ended_at is None
    event = OwnershipEvent.objects.get(lead=lead)
    assert (event.kind, event.to_staff, event.actor, event.at) == ("registered", c1, c1.user, now)


def test_r_lead_2_protected_number_is_refused_naming_owner_since_and_until(org):
    c1, c3 = org["canvasser1"], org["canvasser3"]
    register(c1, "13900000002", now=at(2026, 3, 1, 9, 30))
    with pytest.raises(ValidationError) as refused:
        register(c3, "139 0000 0002", now=at(2026, 3, 5))
    message = " ".join(refused.value.messages)
    assert c1.name in message
    assert "2026-03-01 09:30" in message
    assert "2026-03-15 09:30" in message
    assert Lead.objects.filter(phone="13900000002").count() == 1


def test_r_lead_2_idempotency_key_makes_a_double_tap_one_lead(org):
    c1 = org["canvasser1"]
    key = uuid.uuid4()
    data = LeadInput(name="李四", phone="13900000003")
    first = lead_register(actor=c1.user, owner=c1, data=data, registration_key=key)
    again = lead_register(actor=c1.user, owner=c1, data=data, registration_key=key)
    assert first.pk == again.pk
    assert Lead.objects.count() == 1
    assert OwnershipEvent.objects.count() == 1


def test_r_lead_2_a_lead_past_protection_is_a_claim_even_before_the_job(org):
    c1, c3 = org["canvasser1"], org["canvasser3"]
    lead = register(c1, "13900000004", now=at(2026, 3, 1))
    claimed = register(c3, "13900000004", now=at(2026, 3, 15, 10, 0))  # exactly protected_until
    assert claimed.pk == lead.pk
    assert claimed.owner == c3
    kinds = list(OwnershipEvent.objects.filter(lead=lead).values_list("kind", "at"))
    assert kinds == [
        ("registered", at(2026, 3, 1)),
        ("expired", at(2026, 3, 15)),
        ("claimed", at(2026, 3, 15)),
    ]
    periods = list(OwnershipPeriod.objects.filter(lead=lead).values_list("owner", "ended_at"))
    assert periods == [(c1.pk, at(2026, 3, 15)), (c3.pk, None)]


def test_r_lead_1_inbound_call_assigned_by_manager_makes_a_phone_lead(org):
    manager, c2 = org["manager"], org["canvasser2"]
    call = inbound_call_log(actor=org["consultant1"], caller_name="赵女士", phone="13900000005")
    lead = inbound_call_assign(actor=manager.user, call_id=call.pk, canvasser=c2)
    assert lead.owner == c2
    assert lead.kind == LeadKind.PHONE
    assert OwnershipPeriod.objects.get(lead=lead).start_reason == "inbound"
    assert OwnershipEvent.objects.get(lead=lead).kind == "assigned"
    with pytest.raises(ValidationError):
        inbound_call_assign(actor=manager.user, call_id=call.pk, canvasser=c2)


def test_r_pool_2_reassignment_needs_a_reason_and_is_kept(org):
    c1, c2 = org["canvasser1"], org["canvasser2"]
    lead = register(c1, "13900000006", now=at(2026, 3, 1))
    with pytest.raises(ValidationError):
        lead_reassign(actor=org["manager"].user, lead_id=lead.pk, owner=c2, reason=" ")
    lead_reassign(
        actor=org["manager"].user, lead_id=lead.pk, owner=c2, reason="离职交接", now=at(2026, 3, 2)
    )
    event = OwnershipEvent.objects.filter(lead=lead).last()
    assert (event.kind, event.from_staff, event.to_staff, event.reason) == (
        "reassigned",
        c1,
        c2,
        "离职交接",
    )
    lead.refresh_from_db()
    assert lead.protected_until == at(2026, 3, 16)


def test_r_lead_3_invalid_needs_reason_frees_the_number_and_is_refused_with_a_deal(org):
    c1, c3 = org["canvasser1"], org["canvasser3"]
    lead = register(c1, "13900000007", now=at(2026, 3, 1))
    with pytest.raises(ValidationError):
        lead_mark_invalid(actor=org["leader1"].user, lead_id=lead.pk, reason="")
    lead_mark_invalid(actor=org["leader1"].user, lead_id=lead.pk, reason="无购房需求")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.INVALID
    fresh = register(c3, "13900000007", now=at(2026, 3, 2))
    assert fresh.pk != lead.pk
    deal_record(
        actor=org["consultant1"].user,
        lead_id=fresh.pk,
        data=DealInput(project="一期", signed_on=at(2026, 3, 3).date(), units=1),
    )
    with pytest.raises(ValidationError, match="signed deal"):
        lead_mark_invalid(actor=org["leader1"].user, lead_id=fresh.pk, reason="x")


def test_r_lead_6_takeover_after_ten_days_keeps_owner_and_logs(org):
    c1, manager, consultant = org["canvasser1"], org["manager"], org["consultant1"]
    lead = register(c1, "13900000008", now=at(2026, 3, 1))
    confirmed_visit(lead, consultant, now=at(2026, 3, 2, 10))
    assert not takeover_candidates(at(2026, 3, 12, 9, 59)).filter(pk=lead.pk).exists()
    assert takeover_candidates(at(2026, 3, 12, 10, 0)).filter(pk=lead.pk).exists()
    with pytest.raises(ValidationError):
        lead_take_over(
            actor=manager.user, lead_id=lead.pk, reception_by=manager, now=at(2026, 3, 11)
        )
    lead_take_over(
        actor=manager.user,
        lead_id=lead.pk,
        reception_by=manager,
        reason="回访",
        now=at(2026, 3, 13),
    )
    lead.refresh_from_db()
    assert lead.owner == c1
    assert lead.consultant is None
    assert lead.reception_by == manager
    assert OwnershipPeriod.objects.filter(lead=lead).count() == 1
    event = OwnershipEvent.objects.filter(lead=lead).last()
    assert (event.kind, event.from_staff, event.to_staff) == ("takeover", consultant, manager)
