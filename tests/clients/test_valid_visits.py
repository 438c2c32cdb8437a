"""R-PAY-CALC (exposed by clients): valid visits, revisits and call-to-visit conversions."""

from datetime import date

import pytest

from clients.models import LeadKind
from clients.selectors import deals_accruing, deals_cancelled, valid_visits
from clients.services.deals import DealInput, deal_cancel, deal_change_credit, deal_record
from clients.services.leads import (
    inbound_call_assign,
    inbound_call_log,
    lead_claim,
    lead_mark_invalid,
)
from clients.services.pool import pool_expire_due
from outreach.models import ClosedPayMonth
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 4, 1))
APRIL = (date(2026, 4, 1), date(2026, 5, 1))


def rows(bounds):
    return list(valid_visits(*bounds))


def test_r_pay_calc_first_confirmed_visit_in_the_period_is_valid_and_a_revisit_is_not(org):
    c1, cons = org["canvasser1"], org["consultant1"]
    lead = register(c1, "13100000001", now=at(2026, 3, 1))
    first = confirmed_visit(lead, cons, now=at(2026, 3, 3))
    confirmed_visit(lead, cons, now=at(2026, 3, 20))  # 复访
    confirmed_visit(lead, cons, now=at(2026, 4, 2))  # a revisit in the next month, too
    assert rows(MARCH) == [
        {
            "visit_id": first.pk,
            "credited_staff_id": c1.pk,
            "is_conversion": False,
            "confirmed_at": at(2026, 3, 3),
        }
    ]
    assert rows(APRIL) == []


def test_r_pay_calc_phone_lead_first_visit_is_a_conversion(org):
    lead = register(org["canvasser1"], "13100000002", now=at(2026, 3, 1), kind=LeadKind.PHONE)
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 3))
    assert [r["is_conversion"] for r in rows(MARCH)] == [True]


def test_r_pay_calc_inbound_call_lead_first_visit_is_a_conversion(org):
    call = inbound_call_log(actor=None, caller_name="钱", phone="13100000009", at=at(2026, 3, 1))
    lead = inbound_call_assign(
        actor=None, call_id=call.pk, canvasser=org["canvasser2"], now=at(2026, 3, 1)
    )
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 4))
    assert [(r["credited_staff_id"], r["is_conversion"]) for r in rows(MARCH)] == [
        (org["canvasser2"].pk, True)
    ]


def test_r_pay_calc_after_a_pool_claim_the_new_owner_earns_a_valid_conversion(org):
    c1, c3, cons = org["canvasser1"], org["canvasser3"], org["consultant1"]
    lead = register(c1, "13100000003", now=at(2026, 1, 1))
    confirmed_visit(lead, cons, now=at(2026, 1, 5))  # c1's valid visit in January
    pool_expire_due(now=at(2026, 3, 1))
    lead_claim(actor=c3.user, claimer=c3, lead_id=lead.pk, now=at(2026, 3, 2))
    visit = confirmed_visit(lead, cons, now=at(2026, 3, 10))
    assert rows(MARCH) == [
        {
            "visit_id": visit.pk,
            "credited_staff_id": c3.pk,
            "is_conversion": True,
            "confirmed_at": at(2026, 3, 10),
        }
    ]


def test_r_pay_calc_same_phone_two_owners_same_month_gives_one_valid_visit(org):
    c1, c3, cons = org["canvasser1"], org["canvasser3"], org["consultant1"]
    lead = register(c1, "13100000004", now=at(2026, 2, 16))
    first = confirmed_visit(lead, cons, now=at(2026, 3, 1, 8))  # protected until 03-02
    # The visit restarted the clock (30 days): expire it at the end of March.
    pool_expire_due(now=at(2026, 3, 31, 9))
    lead_claim(actor=c3.user, claimer=c3, lead_id=lead.pk, now=at(2026, 3, 31, 9, 30))
    confirmed_visit(lead, cons, now=at(2026, 3, 31, 15))
    assert [r["visit_id"] for r in rows(MARCH)] == [first.pk]


def test_r_pay_calc_a_visit_confirmed_after_protected_until_credits_nobody(org):
    lead = register(org["canvasser1"], "13100000005", now=at(2026, 3, 1))
    visit = confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 16))  # job not run yet
    assert visit.credited_staff is None
    assert visit.period is None
    assert rows(MARCH) == []


def test_r_pay_calc_invalid_lead_earns_nothing_and_consultant_owner_credits_nobody(org):
    lead = register(org["canvasser1"], "13100000006", now=at(2026, 3, 1))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 3))
    lead_mark_invalid(actor=None, lead_id=lead.pk, reason="无需求")
    assert rows(MARCH) == []


def test_r_pay_calc_month_boundary_is_asia_shanghai(org):
    lead = register(org["canvasser1"], "13100000007", now=at(2026, 3, 20))
    confirmed_visit(lead, org["consultant1"], now=at(2026, 4, 1, 0, 30))  # = 3-31 16:30 UTC
    assert rows(MARCH) == []
    assert len(rows(APRIL)) == 1


def test_r_pay_5_deals_accrue_on_the_later_of_signing_and_first_payment(org):
    c1 = org["canvasser1"]
    lead = register(c1, "13100000008", now=at(2026, 3, 20))
    deal = deal_record(
        actor=None,
        lead_id=lead.pk,
        data=DealInput(project="二期", units=2, signed_on=date(2026, 3, 28)),
        now=at(2026, 3, 28),
    )
    assert deal.credited_staff == c1
    assert list(deals_accruing(*MARCH)) == []
    assert [d["id"] for d in deals_accruing(*MARCH, on_signing=True)] == [deal.pk]
    from clients.services.deals import deal_set_first_payment

    deal_set_first_payment(deal_id=deal.pk, on=date(2026, 4, 3))
    accruing = list(deals_accruing(*APRIL))
    assert accruing[0]["accrual_date"] == date(2026, 4, 3)
    assert accruing[0]["units"] == 2
    deal_change_credit(actor=None, deal_id=deal.pk, staff=org["canvasser2"], reason="协助")
    assert list(deals_accruing(*APRIL))[0]["credited_staff_id"] == org["canvasser2"].pk
    deal_cancel(
        actor=None, deal_id=deal.pk, cause="贷款失败", canvasser_fault=True, now=at(2026, 4, 20)
    )
    assert list(deals_accruing(*APRIL)) == []
    cancelled = list(deals_cancelled(*APRIL))
    assert cancelled[0]["canvasser_fault"] is True
    assert cancelled[0]["id"] == deal.pk


def test_r_pay_calc_credit_cannot_change_once_the_signing_month_is_closed(org):
    from django.core.exceptions import ValidationError

    lead = register(org["canvasser1"], "13100000010", now=at(2026, 3, 1))
    deal = deal_record(
        actor=None,
        lead_id=lead.pk,
        data=DealInput(project="一期", units=1, signed_on=date(2026, 3, 5)),
        now=at(2026, 3, 5),
    )
    ClosedPayMonth.objects.create(month=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="closed"):
        deal_change_credit(actor=None, deal_id=deal.pk, staff=org["canvasser2"], reason="x")
