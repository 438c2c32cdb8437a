"""R-POOL-1, R-POOL-3: protection, the set-based expiry, claims and reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import (
    Lead,
    LeadPolicy,
    LeadStatus,
    OwnershipEvent,
    OwnershipPeriod,
)
from clients.services.follow_ups import follow_up_log
from clients.services.leads import lead_claim
from clients.services.pool import pool_expire_due, pool_remind_owners
from clients.tasks import leads_expire, leads_remind_expiry
from outreach.models import Notification
from tests.factories import staff_in_group
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db


def _status(lead):
    lead.refresh_from_db()
    return lead.status


def test_r_pool_1_fourteen_days_without_a_visit_boundary(org):
    lead = register(org["canvasser1"], "13500000001", now=at(2026, 3, 1))
    assert pool_expire_due(now=at(2026, 3, 15) - timedelta(seconds=1)) == 0
    assert _status(lead) == LeadStatus.ACTIVE
    assert pool_expire_due(now=at(2026, 3, 15)) == 1
    assert _status(lead) == LeadStatus.POOL
    assert lead.owner is None
    assert lead.previous_owner == org["canvasser1"]


def test_r_pool_1_first_visit_moves_protection_to_thirty_days_from_the_visit(org):
    lead = register(org["canvasser1"], "13500000002", now=at(2026, 3, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 10))
    lead.refresh_from_db()
    assert lead.protected_until == at(2026, 4, 9)
    assert pool_expire_due(now=at(2026, 4, 9) - timedelta(seconds=1)) == 0
    assert pool_expire_due(now=at(2026, 4, 9)) == 1


def test_r_pool_1_a_new_visit_restarts_the_clock(org):
    lead = register(org["canvasser1"], "13500000003", now=at(2026, 3, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 10))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 4, 1))
    lead.refresh_from_db()
    assert lead.protected_until == at(2026, 5, 1)


def test_r_pool_1_a_follow_up_does_not_restart_the_clock(org):
    lead = register(org["canvasser1"], "13500000004", now=at(2026, 3, 1))
    follow_up_log(
        client_id=lead.client_id,
        kind="call",
        summary="回访",
        actor=org["canvasser1"],
        at=at(2026, 3, 14),
    )
    lead.refresh_from_db()
    assert lead.protected_until == at(2026, 3, 15)


def test_r_pool_1_a_visit_from_a_previous_ownership_period_gives_only_fourteen_days(org):
    lead = register(org["canvasser1"], "13500000005", now=at(2026, 3, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 2))
    pool_expire_due(now=at(2026, 4, 2))
    claimed = lead_claim(
        actor=org["canvasser3"].user, claimer=org["canvasser3"], lead_id=lead.pk, now=at(2026, 4, 3)
    )
    assert claimed.protected_until == at(2026, 4, 17)


def test_r_pool_1_signed_deal_never_expires(org):
    from clients.services.deals import DealInput, deal_cancel, deal_record

    lead = register(org["canvasser1"], "13500000006", now=at(2026, 3, 1))
    deal = deal_record(
        actor=org["consultant1"].user,
        lead_id=lead.pk,
        data=DealInput(project="一期", units=1, signed_on=at(2026, 3, 5).date()),
        now=at(2026, 3, 5),
    )
    assert pool_expire_due(now=at(2027, 1, 1)) == 0
    deal_cancel(
        actor=org["manager"].user,
        deal_id=deal.pk,
        cause="退房",
        canvasser_fault=False,
        now=at(2026, 3, 6),
    )
    lead.refresh_from_db()
    assert lead.protected_until == at(2026, 3, 15)


def test_r_pool_1_expiry_history_is_stamped_with_protected_until_and_idempotent(org):
    lead = register(org["canvasser1"], "13500000007", now=at(2026, 3, 1, 9, 17))
    assert pool_expire_due(now=at(2026, 3, 20)) == 1
    assert pool_expire_due(now=at(2026, 3, 21)) == 0
    event = OwnershipEvent.objects.get(lead=lead, kind="expired")
    assert event.at == at(2026, 3, 15, 9, 17)
    assert event.from_staff == org["canvasser1"]
    period = OwnershipPeriod.objects.get(lead=lead)
    assert period.ended_at == at(2026, 3, 15, 9, 17)
    assert period.end_reason == "expired"


def test_r_pool_1_expiry_uses_a_constant_number_of_statements(org):
    def run(count, offset, now):
        for i in range(count):
            register(org["canvasser1"], f"135{offset:04d}{i:04d}", now=at(2026, 1, 1))
        with CaptureQueriesContext(connection) as queries:
            moved = pool_expire_due(now=now)
        assert moved == count
        return len(queries)

    small = run(2, 1, at(2026, 2, 1))
    large = run(40, 2, at(2026, 2, 2))
    assert small == large <= 6
    assert OwnershipEvent.objects.filter(kind="expired").count() == 42


def test_r_pool_1_dry_run_moves_nothing(org):
    register(org["canvasser1"], "13500000008", now=at(2026, 1, 1))
    call_command("expire_leads", "--dry-run", verbosity=0)
    assert Lead.objects.get(phone="13500000008").status == LeadStatus.ACTIVE
    assert leads_expire() == 1
    assert leads_expire() == 0


def test_r_pool_3_cooling_period_for_the_previous_owner(org):
    c1 = org["canvasser1"]
    lead = register(c1, "13500000009", now=at(2026, 3, 1))
    pool_expire_due(now=at(2026, 3, 16))
    with pytest.raises(ValidationError, match="expired from you"):
        lead_claim(actor=c1.user, claimer=c1, lead_id=lead.pk, now=at(2026, 3, 22, 9, 59))
    lead_claim(actor=c1.user, claimer=c1, lead_id=lead.pk, now=at(2026, 3, 22, 10, 0))
    assert _status(lead) == LeadStatus.ACTIVE


def test_r_pool_3_daily_claim_limit(org):
    LeadPolicy.objects.create(effective_from=at(2026, 1, 1).date(), daily_claim_limit=2)
    leads = [register(org["canvasser1"], f"1350001000{i}", now=at(2026, 3, 1)) for i in range(3)]
    pool_expire_due(now=at(2026, 3, 16))
    c3 = org["canvasser3"]
    for lead in leads[:2]:
        lead_claim(actor=c3.user, claimer=c3, lead_id=lead.pk, now=at(2026, 3, 17, 9))
    with pytest.raises(ValidationError, match="daily limit"):
        lead_claim(actor=c3.user, claimer=c3, lead_id=leads[2].pk, now=at(2026, 3, 17, 23))
    lead_claim(actor=c3.user, claimer=c3, lead_id=leads[2].pk, now=at(2026, 3, 18, 0, 1))


def test_r_pool_3_cap_on_leads_held(org):
    LeadPolicy.objects.create(effective_from=at(2026, 1, 1).date(), max_leads_held=1)
    c3 = org["canvasser3"]
    register(c3, "13500020000", now=at(2026, 3, 10))
    pooled = register(org["canvasser1"], "13500020001", now=at(2026, 3, 1))
    pool_expire_due(now=at(2026, 3, 16))
    with pytest.raises(ValidationError, match="most one may hold"):
        lead_claim(actor=c3.user, claimer=c3, lead_id=pooled.pk, now=at(2026, 3, 17))


def test_r_pool_3_consultants_cannot_claim(org):
    lead = register(org["canvasser1"], "13500030000", now=at(2026, 3, 1))
    pool_expire_due(now=at(2026, 3, 16))
    consultant = org["consultant1"]
    with pytest.raises(ValidationError):
        lead_claim(actor=consultant.user, claimer=consultant, lead_id=lead.pk, now=at(2026, 3, 17))


def test_r_pool_1_owners_are_reminded_once_three_days_before(org):
    c1 = org["canvasser1"]
    lead = register(c1, "13500040000", now=at(2026, 3, 1))
    assert pool_remind_owners(now=at(2026, 3, 11, 9)) == 0
    assert pool_remind_owners(now=at(2026, 3, 12, 10)) == 1
    pool_remind_owners(now=at(2026, 3, 13))
    assert Notification.objects.filter(recipient=c1.user).count() == 1
    assert leads_remind_expiry() >= 0
    assert lead.pk


def test_r_pool_3_leader_can_claim(org):
    lead = register(org["canvasser1"], "13500050000", now=at(2026, 3, 1))
    pool_expire_due(now=at(2026, 3, 16))
    leader = staff_in_group(org["groups"][1], leader=False)
    lead_claim(actor=leader.user, claimer=leader, lead_id=lead.pk, now=at(2026, 3, 17))
    assert Lead.objects.get(pk=lead.pk).owner == leader
