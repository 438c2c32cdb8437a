"""Demo leads, visits, deals, pool entries and business clients for `manage.py seed_demo`.

From the first day of the month before last to today every canvasser registers leads
(Chinese names, Hangzhou addresses and mobile numbers from Faker's zh_CN), some of them
visit the sales office and sign; the old ones nobody visited have expired into the pool.
Six companies are in the cooperation flow, one at each stage from the proposal to a
running agreement. Every row goes through the services at its historical instant
(`now=`); only what no service writes (a company's details) is set after. Idempotent: it
runs once.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from outreach.dates import today
from outreach.demo import demo_address, demo_backdate, demo_faker, demo_window_start
from outreach.models import Point, Role, Staff

from .models import (
    Client,
    ClientKind,
    Cooperation,
    CooperationStatus,
    Deal,
    DealStatus,
    Lead,
    LeadKind,
    SourceChannel,
)
from .services.cooperation import cooperation_advance, cooperation_start
from .services.deals import DealInput, deal_record
from .services.feedback import complaint_record
from .services.follow_ups import follow_up_log
from .services.leads import LeadInput, inbound_call_log, lead_mark_invalid, lead_register
from .services.pool import pool_expire_due
from .services.visits import (
    rotation_day_setup,
    visit_confirm,
    visit_end_reception,
    visit_register,
)

PREFIX = "1880000"  # the demo's own fixed numbers (a takeover candidate, an inbound call)
NEEDS = ["两居改善", "首套刚需", "投资商铺", "三居学区", "看样板间"]
PROJECTS = ["滨江一期", "城西壹号院", "钱塘府"]
S = CooperationStatus
# (company, industry, size, services, price, stage, the steps that lead there)
COMPANIES = [
    ("杭州云启科技有限公司", "互联网", "300人", "员工购房团购专场", "12000.00", S.NEGOTIATING),
    ("浙江华塑新材料股份有限公司", "制造业", "800人", "厂区看房班车与折扣", "18000.00", S.DRAFTED),
    ("杭州市第七人民医院", "医疗", "1200人", "医护人员购房优惠日", "15000.00", S.UNDER_REVIEW),
    ("杭州银湖实验学校", "教育", "260人", "教职工团购及子女入学咨询", "8000.00", S.APPROVED),
    ("浙江恒信会计师事务所", "专业服务", "150人", "员工置业讲座与团购", "6000.00", S.SIGNED),
    ("杭州东方物流集团有限公司", "物流", "2000人", "年度员工福利购房合作", "30000.00", S.RUNNING),
]
STEPS = [S.DRAFTED, S.UNDER_REVIEW, S.APPROVED, S.SIGNED, S.RUNNING]
NOTES = {
    S.DRAFTED: "协议初稿已发对方行政部",
    S.UNDER_REVIEW: "提交经理审核",
    S.APPROVED: "经理已批准",
    S.SIGNED: "双方盖章",
    S.RUNNING: "首场团购日已排期",
}


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _demo_client_details(client_id: int, **fields) -> None:
    """What no service writes on a client (its address, a company's details): the demo
    sets it after registration, as an office clerk would complete the archive."""
    Client.objects.filter(pk=client_id).update(**fields)


def _phones(fake, taken: set[str]):
    while True:
        phone = fake.phone_number()
        if phone not in taken:
            taken.add(phone)
            yield phone


def _visit(lead, consultants, moment, *, end: bool = True):
    """A visit at `moment`: registered, confirmed by the receiving consultant."""
    rotation_day_setup(actor=None, day=timezone.localdate(moment), consultants=consultants)
    visit = visit_register(actor=None, phone=lead.phone, now=moment)
    if visit.consultant_id:
        visit_confirm(
            actor=visit.consultant.user, visit_id=visit.pk, now=moment + timedelta(minutes=15)
        )
        if end:
            visit_end_reception(
                actor=visit.consultant.user,
                visit_id=visit.pk,
                now=moment + timedelta(minutes=50),
            )
    return visit


@transaction.atomic
def seed_clients(scale: int, stdout) -> None:
    if Client.objects.filter(phone__startswith=PREFIX).exists():
        return
    rng = random.Random(3)  # noqa: S311 — demo data, not secrets
    fake = demo_faker(salt=3)
    now = timezone.now()
    canvassers = list(
        Staff.objects.filter(role=Role.CANVASSER, user__username__startswith="canvasser")
        .select_related("user")
        .order_by("employee_no")
    )
    consultants = list(Staff.objects.filter(role=Role.CONSULTANT).order_by("employee_no"))
    points = list(Point.objects.all())
    if not canvassers or not consultants:
        return
    phones = _phones(fake, set(Client.objects.values_list("phone", flat=True)))
    span = (today() - demo_window_start()).days
    # Days ago: two in each past month, then this month's (20 days ago may be last month).
    ages = sorted({span - 3, span - 18, span // 2, 20, 9, 3, 1}, reverse=True)
    leads = []
    for n, owner in enumerate(canvassers):
        for days_ago in ages[n % 2 :: 1 if n % 3 else 2]:  # 4 to 7 each, not all alike
            kind = LeadKind.PHONE if (n + days_ago) % 3 == 0 else LeadKind.IN_PERSON
            at = now - timedelta(days=days_ago, hours=rng.randrange(1, 8))
            lead = lead_register(
                actor=owner.user,
                owner=owner,
                data=LeadInput(
                    name=fake.name(),
                    phone=next(phones),
                    kind=kind,
                    source=SourceChannel.PHONE_IN
                    if kind == LeadKind.PHONE
                    else SourceChannel.FLYER,
                    need=rng.choice(NEEDS),
                    point=rng.choice(points) if points else None,
                ),
                now=at,
            )
            _demo_client_details(lead.client_id, address=demo_address(fake))
            leads.append((lead, days_ago, at))
    # Past months: about one lead in three came to the sales office two days after it
    # was registered; one in two of those signed a week later.
    past = [(lead, at) for lead, days_ago, at in leads if days_ago > 20]
    for index, (lead, at) in enumerate(past):
        if index % 3:
            continue
        moment = _at(timezone.localdate(at) + timedelta(days=2), 10 + index % 6)
        _visit(lead, consultants, moment)
        follow_up_log(
            client_id=lead.client_id,
            kind="visit",
            summary="到访看样板间，意向较强",
            actor=lead.owner,
            at=moment + timedelta(hours=1),
        )
        if index % 2 == 0:
            signed = timezone.localdate(moment) + timedelta(days=7)
            deal_record(
                actor=None,
                lead_id=lead.pk,
                now=_at(signed, 16),
                data=DealInput(
                    project=PROJECTS[index % len(PROJECTS)],
                    units=1,
                    amount=Decimal(1_500_000 + 120_000 * (index % 7)),
                    signed_on=signed,
                    first_payment_on=signed + timedelta(days=3),
                ),
            )
    # Leads registered weeks ago without a visit have expired into the pool.
    pool_expire_due(now=now)
    rotation_day_setup(actor=None, day=timezone.localdate(now), consultants=consultants)
    recent = [lead for lead, days_ago, _registered in leads if days_ago == 3]
    for index, lead in enumerate(recent[: 3 * scale]):
        visit = visit_register(
            actor=None, phone=lead.phone, now=now - timedelta(minutes=90 - index)
        )
        if index % 2 == 0 and visit.consultant_id:
            visit_confirm(
                actor=visit.consultant.user, visit_id=visit.pk, now=now - timedelta(minutes=30)
            )
            follow_up_log(
                client_id=lead.client_id,
                kind="visit",
                summary="到访看样板间",
                actor=lead.owner,
                at=now - timedelta(minutes=20),
            )
    signed = recent[0]
    deal_record(
        actor=None,
        lead_id=signed.pk,
        data=DealInput(
            project="滨江一期",
            units=1,
            amount=Decimal("1860000.00"),
            signed_on=timezone.localdate(now),
        ),
    )
    for lead, days_ago, _registered in leads:
        if days_ago == 9:
            follow_up_log(
                client_id=lead.client_id,
                kind="call",
                summary="电话未接通",
                actor=lead.owner,
                at=now - timedelta(days=2),
                effective=False,
            )
    inbound_call_log(actor=consultants[0], caller_name=fake.name(), phone=f"{PREFIX}9999")
    # A takeover candidate: first confirmed visit eleven days ago, no deal.
    veteran = lead_register(
        actor=canvassers[0].user,
        owner=canvassers[0],
        data=LeadInput(name=fake.name(), phone=f"{PREFIX}9001", need="改善型三居"),
        now=now - timedelta(days=12),
    )
    visit_day = now - timedelta(days=11)
    rotation_day_setup(actor=None, day=timezone.localdate(visit_day), consultants=consultants[:1])
    visit = visit_register(actor=None, phone=veteran.phone, now=visit_day)
    visit_confirm(actor=visit.consultant.user, visit_id=visit.pk, now=visit_day)
    # An invalid lead and an open complaint.
    invalid = [lead for lead, days_ago, _registered in leads if days_ago == 1][0]
    lead_mark_invalid(actor=None, lead_id=invalid.pk, reason="同行询价，无购房需求")
    complaint_record(
        client_id=recent[1].client_id,
        summary="等候接待时间过长",
        received_at=now - timedelta(hours=30),
        actor=consultants[0],
    )
    _companies(canvassers, fake, phones, now)
    if stdout is not None:
        stdout.write(
            f"Demo clients: {len(leads)} leads, pool, visits, deals, "
            f"{len(COMPANIES)} companies in cooperation.\n"
        )


def _companies(canvassers, fake, phones, now) -> None:
    """R-CLI-3: business clients, each with its cooperation at one stage (洽谈 with a
    tailored proposal → 起草 → 审核 → 批准 → 签订 → 执行); the manager approves."""
    manager = get_user_model().objects.filter(staff__role=Role.MANAGER).order_by("pk").first()
    if manager is None:
        return
    start = demo_window_start()
    for n, (company, industry, size, services, price, stage) in enumerate(COMPANIES):
        owner = canvassers[n % min(len(canvassers), 6)]  # G01's: its leader follows them
        registered = _at(start + timedelta(days=4 + 9 * n), 11)
        contact = fake.name()
        lead = lead_register(
            actor=owner.user,
            owner=owner,
            data=LeadInput(
                name=contact,
                phone=next(phones),
                source=SourceChannel.GROUP_PURCHASE,
                need="企业员工团购",
                company_name=company,
            ),
            now=registered,
        )
        _demo_client_details(
            lead.client_id,
            kind=ClientKind.COMPANY,
            contact_person=contact,
            industry=industry,
            company_size=size,
            address=demo_address(fake),
        )
        first_day = today() + timedelta(days=30)
        cooperation = cooperation_start(
            client_id=lead.client_id,
            owner=owner,
            services=services,
            price=Decimal(price),
            proposal=(
                f"针对{company}员工的定制方案：专场看房、团购折扣、"
                "按揭咨询与班车接送；每季度一次置业讲座。"
            ),
        )
        done = STEPS[: STEPS.index(stage) + 1] if stage in STEPS else []
        for step in done:
            cooperation = cooperation_advance(
                actor=manager, cooperation_id=cooperation.pk, to=step, note=NOTES[step]
            )
        if stage in (S.SIGNED, S.RUNNING):
            first_day = today() - timedelta(days=10 * (STEPS.index(stage) - 2))
        demo_backdate(
            Cooperation,
            cooperation.pk,
            created_at=min(registered + timedelta(days=3), now),
            period_start=first_day,
            period_end=first_day + timedelta(days=364),
        )


def demo_leads_exist(*, phone_prefix: str) -> bool:
    """Whether the demo's leads with this phone prefix were already seeded."""
    return Lead.objects.filter(phone__startswith=phone_prefix).exists()


def demo_signed_deal(*, phone: str) -> Deal | None:
    """The signed deal of the demo lead with this phone, if any."""
    return Deal.objects.filter(lead__phone=phone, status=DealStatus.SIGNED).first()
