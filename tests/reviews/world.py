"""A small built world for the quarterly review's tests (R-PLAN-6): the quarter is
2026Q2 (April–June), the previous one 2026Q1; "now" is 2026-07-01 09:00."""

from datetime import date, timedelta
from decimal import Decimal

from campaigns.models import CampaignStatus, ClaimStatus
from clients.models import LeadKind, SourceChannel
from clients.services.deals import DealInput, deal_record
from payroll import services as payroll
from payroll.models import Target
from tests.factories import PointFactory, WageSchemeFactory, staff_in_group
from tests.factories.campaigns import BudgetLineFactory, CampaignFactory, ExpenseClaimFactory
from tests.factories.clients import at, confirmed_visit, register

QUARTER = date(2026, 4, 1)
PREVIOUS = date(2026, 1, 1)
NOW = "2026-07-01 09:00"


def build_world(org) -> dict:
    consultant, manager = org["consultant1"], org["manager"]
    c1, c3 = org["canvasser1"], org["canvasser3"]
    east, metro = PointFactory(name="东门广场"), PointFactory(name="地铁口")
    # previous quarter: one lead, one approved claim
    register(c1, "13700000100", now=at(2026, 2, 10), point=east)
    ExpenseClaimFactory(
        staff=c1, amount=Decimal("20.00"), status=ClaimStatus.APPROVED, decided_at=at(2026, 3, 5)
    )
    # the quarter
    l1 = register(c1, "13700000001", now=at(2026, 4, 3), point=east)
    confirmed_visit(l1, consultant, now=at(2026, 4, 5))
    deal = deal_record(
        actor=manager.user,
        lead_id=l1.pk,
        now=at(2026, 5, 1),
        data=DealInput(
            project="一期",
            signed_on=date(2026, 5, 1),
            units=2,
            amount=Decimal("1800000.00"),
            first_payment_on=date(2026, 5, 12),
        ),
    )
    l2 = register(
        c1,
        "13700000002",
        now=at(2026, 5, 2),
        point=east,
        kind=LeadKind.PHONE,
        source=SourceChannel.PHONE_IN,
    )
    confirmed_visit(l2, consultant, now=at(2026, 5, 6))
    register(c3, "13700000003", now=at(2026, 6, 1), point=metro, source=SourceChannel.ROADSHOW)
    register(c3, "13700000004", now=at(2026, 6, 2))
    tasting = CampaignFactory(
        theme="品鉴会", starts_at=at(2026, 5, 20, 14), owner=manager, status=CampaignStatus.FINISHED
    )
    BudgetLineFactory(campaign=tasting, actual=Decimal("1000.00"))
    BudgetLineFactory(campaign=tasting, category="catering", actual=Decimal("234.56"))
    BudgetLineFactory(
        campaign=tasting, category="gifts", planned=Decimal("500.00"), is_cancelled=True
    )
    salon = CampaignFactory(
        theme="客户沙龙",
        starts_at=at(2026, 6, 10, 14),
        owner=manager,
        status=CampaignStatus.FINISHED,
    )
    BudgetLineFactory(campaign=salon, actual=Decimal("300.00"))
    CampaignFactory(theme='=HYPERLINK("x")', starts_at=at(2026, 6, 20, 14), owner=manager)
    ExpenseClaimFactory(
        staff=c1, amount=Decimal("88.80"), status=ClaimStatus.APPROVED, decided_at=at(2026, 4, 15)
    )
    ExpenseClaimFactory(
        staff=c1, amount=Decimal("50.00"), status=ClaimStatus.REJECTED, decided_at=at(2026, 4, 16)
    )
    # targets: canvasser1 meets April and May, misses June; canvasser3 misses April;
    # group G01 misses May (3 units wanted, 2 accrued)
    for month, visits, deals in ((4, 1, None), (5, 1, 2), (6, 1, None)):
        Target.objects.create(month=date(2026, month, 1), staff=c1, visits=visits, deals=deals)
    Target.objects.create(month=date(2026, 4, 1), staff=c3, visits=1)
    Target.objects.create(month=date(2026, 5, 1), group=org["groups"][0], deals=3)
    # payroll: April and May locked, June not yet
    for who in ("canvasser1", "leader1"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    runs = {}
    for month in (date(2026, 4, 1), date(2026, 5, 1)):
        run = payroll.payroll_run_calculate(month=month)
        payroll.payroll_run_approve(run=run, actor=manager.user)
        payroll.payroll_run_lock(run=run, actor=org["hr"].user)
        runs[month] = run
    return {"deal": deal, "runs": runs, "east": east, "metro": metro}


def grow_world(org, size: int) -> None:
    """`size` more people in both groups, each with a point, leads, a confirmed visit,
    a deal and targets, and one more campaign and claim per person (query-count tests)."""
    consultant, manager = org["consultant1"], org["manager"]
    for i in range(size):
        person = staff_in_group(org["groups"][i % 2])
        point = PointFactory()
        lead = register(
            person, f"1360000{i:04d}", now=at(2026, 4, 7) + timedelta(hours=i), point=point
        )
        register(person, f"1350000{i:04d}", now=at(2026, 1, 7) + timedelta(hours=i), point=point)
        confirmed_visit(lead, consultant, now=at(2026, 4, 10) + timedelta(days=i))
        deal_record(
            actor=manager.user,
            lead_id=lead.pk,
            now=at(2026, 5, 5),
            data=DealInput(
                project="二期",
                signed_on=date(2026, 5, 5),
                units=1,
                first_payment_on=date(2026, 5, 6),
            ),
        )
        Target.objects.create(month=date(2026, 5, 1), staff=person, deals=1)
        campaign = CampaignFactory(
            starts_at=at(2026, 5, 1, 10) + timedelta(hours=i),
            owner=manager,
            status=CampaignStatus.REVIEWED,
        )
        BudgetLineFactory(campaign=campaign, actual=Decimal("10.00"))
        ExpenseClaimFactory(staff=person, status=ClaimStatus.APPROVED, decided_at=at(2026, 5, 3))
