"""R-APR-2/3: the measured indicators read from real facts — clients, visits, deals,
surveys, complaints, events and group targets — on a constructed 2026Q3, computed by
hand from the template's scoring rules:
TARGET = min(actual ÷ target, 1) × 100 (targets per quarter: valid visits 30,
satisfaction 5, complaints in time 100 %, group target share 100 %);
DISTRIBUTION within the group = 100 × (below + ½ × equal others) ÷ (n − 1).
G01 = leader1, canvasser1, canvasser2; G02 = leader2, canvasser3."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from appraisals.rollup import appraisal_rollup
from appraisals.sources import group_target_shares
from campaigns.models import Campaign, CampaignStatus
from campaigns.services.invitations import (
    invitation_check_in,
    invitation_invite_client,
    invitation_invite_guest,
    walk_in_check_in,
)
from clients.models import LeadKind
from clients.services.deals import DealInput, deal_record
from clients.services.feedback import complaint_log, complaint_record, feedback_record
from clients.services.leads import lead_mark_invalid
from clients.services.visits import visit_end_reception
from payroll.models import CommissionTrigger, PayPolicy
from payroll.services import target_set
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import at, confirmed_visit, register

from .helpers import appraisal_of

pytestmark = pytest.mark.django_db

EVENTS = ("events_organised", "event_attendees", "event_new_leads")
MEASURED = (
    "new_clients",
    "valid_visits",
    "deal_units",
    "deal_amount",
    *EVENTS,
    "satisfaction",
    "complaints_on_time",
    "repeat_deals",
    "group_target_share",
)


def _visit(lead, consultant, now):
    visit = confirmed_visit(lead, consultant, now=now)
    visit_end_reception(actor=consultant.user, visit_id=visit.pk, now=now + timedelta(minutes=20))
    return visit


def _deal(manager, lead, now, *, units, amount, first_payment_on=None):
    return deal_record(
        actor=manager.user,
        lead_id=lead.pk,
        now=now,
        data=DealInput(
            project="一期",
            signed_on=now.date(),
            units=units,
            amount=Decimal(amount),
            first_payment_on=first_payment_on,
        ),
    )


def _complaint(lead, received, replied, by):
    complaint = complaint_record(
        client_id=lead.client_id, summary="等太久", received_at=received, actor=by
    )
    complaint_log(complaint_id=complaint.pk, kind="reply", text="已回复", actor=by, at=replied)


@pytest.fixture
def facts(org):
    """The quarter's facts, each through its app's service (a factory makes the events,
    whose guests are invited and checked in through the campaign services)."""
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    l1 = org["leader1"]
    g1, g2 = org["groups"]
    consultant, manager = org["consultant1"], org["manager"]

    # New clients: c1 registers A, B, C and D in July (D is then marked invalid) and one
    # in June (outside); c2 registers E; c3 registers F (a phone lead); l1 and l2 none.
    register(c1, "13900000000", now=at(2026, 6, 20))
    a = register(c1, "13900000001", now=at(2026, 7, 2))
    b = register(c1, "13900000002", now=at(2026, 7, 3))
    register(c1, "13900000003", now=at(2026, 7, 4))
    d = register(c1, "13900000004", now=at(2026, 7, 5))
    lead_mark_invalid(actor=l1.user, lead_id=d.pk, reason="无购房需求", now=at(2026, 7, 6))
    register(c2, "13900000005", now=at(2026, 7, 6))
    f = register(c3, "13900000006", now=at(2026, 7, 11), kind=LeadKind.PHONE)

    # Valid visits: A and B on July 10, A again on July 20 (a revisit, not valid);
    # F on July 12 (a call-to-visit conversion).
    _visit(a, consultant, at(2026, 7, 10, 10))
    _visit(b, consultant, at(2026, 7, 10, 11))
    _visit(a, consultant, at(2026, 7, 20, 10))
    _visit(f, consultant, at(2026, 7, 12, 10))

    # Deals (accrue on the later of signing and first payment, the default policy):
    # A 2 units 2,000,000 paid Aug 5; A again 1 unit 800,000 paid Sep 2 (a repeat deal);
    # B signed Aug 8 with no first payment (not accrued); F 1 unit 1,000,000 paid Jul 20;
    # F again signed Sep 25 and paid Oct 9 (accrues in Q4).
    _deal(manager, a, at(2026, 8, 1), units=2, amount="2000000", first_payment_on=date(2026, 8, 5))
    _deal(manager, a, at(2026, 9, 1), units=1, amount="800000", first_payment_on=date(2026, 9, 2))
    _deal(manager, b, at(2026, 8, 8), units=1, amount="900000")
    _deal(
        manager, f, at(2026, 7, 20), units=1, amount="1000000", first_payment_on=date(2026, 7, 20)
    )
    _deal(manager, f, at(2026, 9, 25), units=1, amount="700000", first_payment_on=date(2026, 10, 9))

    # Events: c1 held two (finished, reviewed), one cancelled, one held in June;
    # l1's is still running; c3 held one. Their guests, while they ran:
    #   c1 Aug 10: A invited and checked in, B invited only, a walk-in G checked in (a
    #     new lead of c1); c1 Sep 5: a new guest H invited (a new lead), not checked in;
    #   c1's cancelled Aug 20 and l1's running Sep 12: B checked in (neither counts);
    #   c1's June event: a walk-in checked in (before the quarter);
    #   c3 Jul 15: F invited and checked in.
    def held(owner, when, status, guests=(), walk_ins=(), new_guests=()):
        event = CampaignFactory(owner=owner, starts_at=when, status=CampaignStatus.RUNNING)
        actor = owner.user
        for lead, come in guests:
            invitation = invitation_invite_client(
                actor=actor, campaign=event, client=lead.client, inviter=owner
            )
            if come:
                invitation_check_in(
                    actor=actor, campaign=event, invitation_id=invitation.pk, now=when
                )
        for phone in walk_ins:
            walk_in_check_in(
                actor=actor, campaign=event, inviter=owner, name="来宾", phone=phone, now=when
            )
        for phone in new_guests:
            invitation_invite_guest(
                actor=actor, campaign=event, inviter=owner, name="新客", phone=phone, now=when
            )
        Campaign.objects.filter(pk=event.pk).update(status=status)

    held(c1, at(2026, 8, 10, 14), CampaignStatus.FINISHED, [(a, True), (b, False)], ["13900000010"])
    held(c1, at(2026, 9, 5, 14), CampaignStatus.REVIEWED, new_guests=["13900000011"])
    held(c1, at(2026, 8, 20, 14), CampaignStatus.CANCELLED, [(b, True)])
    held(c1, at(2026, 6, 28, 14), CampaignStatus.REVIEWED, walk_ins=["13900000012"])
    held(l1, at(2026, 9, 12, 14), CampaignStatus.RUNNING, [(b, True)])
    held(c3, at(2026, 7, 15, 14), CampaignStatus.REVIEWED, [(f, True)])

    # Satisfaction: A 5 and B 4 (c1: 4.5), F 3 (c3); A 1 in June (outside).
    feedback_record(client_id=a.client_id, score=1, actor=consultant, at=at(2026, 6, 25))
    feedback_record(client_id=a.client_id, score=5, actor=consultant, at=at(2026, 8, 2))
    feedback_record(client_id=b.client_id, score=4, actor=consultant, at=at(2026, 8, 3))
    feedback_record(client_id=f.client_id, score=3, actor=consultant, at=at(2026, 8, 4))

    # Complaints (reply due 24 h after receipt): A's answered in 6 h, B's after 2 days;
    # A's received Sep 30 noon is due Oct 1 (counts in Q4); F's answered in 1 h.
    _complaint(a, at(2026, 8, 10, 9), at(2026, 8, 10, 15), consultant)
    _complaint(b, at(2026, 8, 12, 9), at(2026, 8, 14, 9), consultant)
    _complaint(a, at(2026, 9, 30, 12), at(2026, 10, 3, 12), consultant)
    _complaint(f, at(2026, 7, 25, 9), at(2026, 7, 25, 10), consultant)

    # Group targets (R-PAY-3): G01 visits 1 in July and deal units 4 in August;
    # G02 call-to-visit conversions 2 in July.
    sales = org["salesmgr"].user
    target_set(actor=sales, month=date(2026, 7, 1), group=g1, visits=1)
    target_set(actor=sales, month=date(2026, 8, 1), group=g1, deals=4)
    target_set(actor=sales, month=date(2026, 7, 1), group=g2, conversions=2)
    return org


def _actuals(cycle, staff) -> dict:
    appraisal = appraisal_of(cycle, staff)
    return {
        s.indicator.code: (s.actual, s.score)
        for s in appraisal.scores.select_related("indicator")
        if s.indicator.code in MEASURED
    }


def test_r_apr_2_measured_indicators_read_the_quarters_facts(facts):
    cycle = appraisal_rollup(label="2026Q3").cycle
    d = Decimal
    # canvasser1: new clients A, B, C and the event guests G, H (D invalid, June's
    #   and the June walk-in outside) = 5 → G01 (l1 0, c2 1): 2 below → 100; valid visits
    #   A, B = 2 → 2 ÷ 30 = 6.67; units 2 + 1 = 3 → 100; amount 2,000,000 + 800,000
    #   → 100; events 2 → 100 (c2 0, l1 0: their running one is not held); attendees
    #   A + G = 2 → 100; new leads G + H = 2 → 100; satisfaction
    #   (5 + 4) ÷ 2 = 4.5 → 90; complaints 1 of 2 in time = 50 % → 50; repeat deals 1
    #   → 100; G01's share: visits min(2 ÷ 1, 1) = 1, deals min(2 ÷ 4, 1) = 0.5 (Sep's
    #   unit has no target) → (1 + 0.5) ÷ 2 = 75 % → 75
    assert _actuals(cycle, facts["canvasser1"]) == {
        "new_clients": (d("5.00"), d("100.00")),
        "valid_visits": (d("2.00"), d("6.67")),
        "deal_units": (d("3.00"), d("100.00")),
        "deal_amount": (d("2800000.00"), d("100.00")),
        "events_organised": (d("2.00"), d("100.00")),
        "event_attendees": (d("2.00"), d("100.00")),
        "event_new_leads": (d("2.00"), d("100.00")),
        "satisfaction": (d("4.50"), d("90.00")),
        "complaints_on_time": (d("50.00"), d("50.00")),
        "repeat_deals": (d("1.00"), d("100.00")),
        "group_target_share": (d("75.00"), d("75.00")),
    }
    # canvasser2: E = 1 → (1 below) ÷ 2 = 50; nothing else; 0 ties with l1 → (0 + ½) ÷ 2
    #   = 25; no surveys or complaints → no value
    assert _actuals(cycle, facts["canvasser2"]) == {
        "new_clients": (d("1.00"), d("50.00")),
        "valid_visits": (d("0.00"), d("0.00")),
        "deal_units": (d("0.00"), d("25.00")),
        "deal_amount": (d("0.00"), d("25.00")),
        "events_organised": (d("0.00"), d("25.00")),
        "event_attendees": (d("0.00"), d("25.00")),
        "event_new_leads": (d("0.00"), d("25.00")),
        "repeat_deals": (d("0.00"), d("25.00")),
        "group_target_share": (d("75.00"), d("75.00")),
    }
    leader1 = _actuals(cycle, facts["leader1"])
    assert [leader1[code] for code in EVENTS] == [(d("0.00"), d("25.00"))] * 3
    # canvasser3 (G02 with leader2 at 0): F = 1 → 100; its visit 1 ÷ 30 = 3.33; 1 unit,
    #   1,000,000 (October's accrual is Q4) → 100; 1 event → 100, F attended → 100, no
    #   new lead, tied with l2 → 50; satisfaction 3 → 60;
    #   complaints 1 of 1 → 100; no repeat deal, tied with l2 → 50; G02's share:
    #   conversions 1 ÷ 2 → 50 % → 50
    assert _actuals(cycle, facts["canvasser3"]) == {
        "new_clients": (d("1.00"), d("100.00")),
        "valid_visits": (d("1.00"), d("3.33")),
        "deal_units": (d("1.00"), d("100.00")),
        "deal_amount": (d("1000000.00"), d("100.00")),
        "events_organised": (d("1.00"), d("100.00")),
        "event_attendees": (d("1.00"), d("100.00")),
        "event_new_leads": (d("0.00"), d("50.00")),
        "satisfaction": (d("3.00"), d("60.00")),
        "complaints_on_time": (d("100.00"), d("100.00")),
        "repeat_deals": (d("0.00"), d("50.00")),
        "group_target_share": (d("50.00"), d("50.00")),
    }
    assert _actuals(cycle, facts["leader2"])["group_target_share"] == (d("50.00"), d("50.00"))


def test_r_apr_3_totals_on_the_constructed_quarter_of_real_facts(facts):
    cycle = appraisal_rollup(label="2026Q3").cycle
    # No training in the quarter: hours 0 → 0, no training score; no ratings yet.
    # Results weights: new clients 25, visits 25, units 20, amount 15, events organised 5,
    # their attendees 5, their new leads 5.
    # canvasser1:
    #   results (25·100 + 25·6.67 + 20·100 + 15·100 + 5·100 + 5·100 + 5·100) ÷ 100
    #           = 7666.75 ÷ 100 = 76.6675
    #   client relations (40·90 + 30·50 + 30·100) ÷ 100 = 81
    #   teamwork (the group target share only) = 75;  growth 0
    #   total (50·76.6675 + 20·81 + 15·75 + 15·0) ÷ 100 = 6578.375 ÷ 100 = 65.78
    assert appraisal_of(cycle, facts["canvasser1"]).total_score == Decimal("65.78")
    # canvasser3:
    #   results (25·100 + 25·3.33 + 20·100 + 15·100 + 5·100 + 5·100 + 5·50) ÷ 100
    #           = 7333.25 ÷ 100 = 73.3325
    #   client relations (40·60 + 30·100 + 30·50) ÷ 100 = 69;  teamwork 50;  growth 0
    #   total (3666.625 + 1380 + 750 + 0) ÷ 100 = 57.96625 → 57.97
    assert appraisal_of(cycle, facts["canvasser3"]).total_score == Decimal("57.97")


def test_r_apr_2_deals_accrue_on_signing_when_the_pay_policy_says_so(facts):
    # From September, deals accrue on signing: B's deal (signed Aug 8, never paid) still
    # does not count, F's second (signed Sep 25, paid Oct 9) now does.
    PayPolicy.objects.create(
        effective_from=date(2026, 9, 1), commission_trigger=CommissionTrigger.SIGNING
    )
    cycle = appraisal_rollup(label="2026Q3").cycle
    assert _actuals(cycle, facts["canvasser1"])["deal_units"][0] == Decimal("3.00")
    assert _actuals(cycle, facts["canvasser3"])["deal_units"][0] == Decimal("2.00")
    assert _actuals(cycle, facts["canvasser3"])["repeat_deals"][0] == Decimal("1.00")


def test_r_apr_2_a_group_without_targets_gives_its_members_no_share(org):
    assert group_target_shares(date(2026, 7, 1), date(2026, 9, 30)) == {}
    cycle = appraisal_rollup(label="2026Q3").cycle
    assert (
        not appraisal_of(cycle, org["canvasser1"])
        .scores.filter(indicator__code="group_target_share")
        .exists()
    )
