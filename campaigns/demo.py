"""Demo campaigns, plans, claims, market notes and the library (`manage.py seed_demo`).

Idempotent: every fact is looked up by a natural key first and created only when absent,
always through the services, so a second run changes nothing.
"""

import io
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from attendance.selectors import checked_in_shift_ends
from clients.selectors import client_list
from outreach.dates import today
from outreach.demo import demo_window_start
from outreach.models import Group, Point, Staff

from . import services
from .models import (
    BudgetCategory,
    Campaign,
    CampaignKind,
    CampaignStatus,
    ClaimCategory,
    ClaimStatus,
    DailyReport,
    ExpenseClaim,
    Invitation,
    LibraryItem,
    LibraryKind,
    MarketNote,
    MaterialHandout,
    NoteKind,
    ScreeningCriterion,
    TripPlan,
    WeeklyPlan,
)

S = CampaignStatus
PATH = [S.SUBMITTED, S.APPROVED, S.PREPARING, S.RUNNING, S.FINISHED, S.REVIEWED]
# (theme, kind, days from today, final status, venue)
CAMPAIGNS = [
    ("春季新品品鉴会", CampaignKind.TASTING, 30, S.DRAFT, "售楼处二楼洽谈区"),
    ("企业团购推介会", CampaignKind.GROUP_PURCHASE, 24, S.SUBMITTED, "滨江宝龙城会议室"),
    ("业主答谢晚宴", CampaignKind.APPRECIATION, 18, S.APPROVED, "西湖国宾馆"),
    ("周末社区巡展", CampaignKind.ROADSHOW, 7, S.PREPARING, "城西银泰中庭"),
    ("万达广场派单日", CampaignKind.FLYER, 0, S.RUNNING, "万达广场东门"),
    ("客户沙龙·家居美学", CampaignKind.SALON, -12, S.FINISHED, "售楼处样板间"),
    ("开盘活动", CampaignKind.LAUNCH, -40, S.REVIEWED, "售楼处广场"),
    ("商务论坛（取消）", CampaignKind.FORUM, 15, S.CANCELLED, "国际会议中心"),
]
BUDGET = [
    (BudgetCategory.VENUE, "场地租赁", Decimal("3000.00"), Decimal("3000.00")),
    (BudgetCategory.CATERING, "茶歇餐饮", Decimal("1500.00"), Decimal("1820.50")),
    (BudgetCategory.PROMOTION, "朋友圈推广", Decimal("800.00"), Decimal("650.00")),
    (BudgetCategory.GIFTS, "到场礼品", Decimal("1200.00"), Decimal("1100.00")),
    (BudgetCategory.MATERIALS, "展架与单页", Decimal("500.00"), Decimal("480.00")),
]
LIBRARY = [
    (
        LibraryKind.PITCH_SCRIPT,
        "项目统一说辞",
        (
            "您好，打扰一下！我们是城西新盘的置业顾问团队。\n\n"
            "项目位于地铁口 300 米，总价 180 万起，首付 30% 即可。\n\n"
            "本周末售楼处有品鉴会，现场到访即送精美礼品，方便留个电话吗？"
        ),
    ),
    (LibraryKind.BROCHURE, "项目楼书（2026 版）", "项目概况、区位交通、配套、户型一览。"),
    (LibraryKind.FLOOR_PLAN, "89㎡ 三室两厅户型图", "南北通透，三开间朝南，得房率 82%。"),
    (LibraryKind.PRICE_POLICY, "本月价格政策", "一次性付款 98 折；按揭 99 折；老带新再减 1 万。"),
]


def _receipt(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (240, 240, 230)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _brochure_pdf() -> SimpleUploadedFile:
    """A one-page PDF (Pillow writes it), a library file of the demo."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (250, 250, 250)).save(buffer, format="PDF")
    return SimpleUploadedFile("楼书.pdf", buffer.getvalue(), content_type="application/pdf")


def _at(days: int, hour: int = 14) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(today() + timedelta(days=days), time(hour), tzinfo=tz)


def _campaigns(manager, owner, participants) -> int:
    added = 0
    for theme, kind, days, final, venue in CAMPAIGNS:
        if Campaign.objects.filter(theme=theme).exists():
            continue
        campaign = services.campaign_create(
            actor=manager.user,
            theme=theme,
            kind=kind,
            starts_at=_at(days),
            ends_at=_at(days, 17),
            owner=owner,
            venue=venue,
            goal="邀约意向客户到场，现场登记新线索。",
            content="签到、项目讲解、互动抽奖、参观样板间。",
            participants=participants,
            target_invited=60,
            target_attending=40,
            target_new_leads=20,
        )
        lines = [
            services.budget_line_add(
                actor=manager.user, campaign=campaign, category=c, planned=p, description=d
            )
            for c, d, p, _actual in BUDGET
        ]
        if final == S.CANCELLED:
            steps = [S.CANCELLED]
        elif final == S.DRAFT:
            steps = []
        else:
            steps = PATH[: PATH.index(final) + 1]
        for step in steps:
            if step == S.PREPARING:
                # One task done, the rest open: the owner sees an overdue one (R-CAM-3).
                services.prep_task_set_done(actor=manager.user, task=campaign.tasks.first())
            if step == S.RUNNING:
                for task in campaign.tasks.filter(done_at__isnull=True):
                    services.prep_task_set_done(actor=manager.user, task=task)
            if step == S.FINISHED:
                _event_guests(campaign, manager, participants[0])
                for line, (_c, _d, _p, actual) in zip(lines, BUDGET, strict=True):
                    services.budget_line_record_actual(actor=manager.user, line=line, actual=actual)
            if step == S.REVIEWED:
                services.campaign_update(
                    actor=manager.user,
                    campaign=campaign,
                    lessons="提前一周确认嘉宾名单；礼品备足。",
                )
            campaign = services.campaign_transition(
                actor=manager.user, campaign=campaign, to_status=step
            )
        added += 1
    return added


GUESTS = ["钱先生", "孙女士", "周先生", "郑女士"]


def _event_guests(campaign: Campaign, manager, canvasser) -> None:
    """R-CAM-4/5 on a running demo event: the canvasser's own clients and new guests
    invited, most of them checked in, a walk-in, satisfaction and a photo — so the
    finished campaign shows a complete report."""
    start = campaign.starts_at
    invitations = [
        services.invitation_invite_client(
            actor=canvasser.user,
            campaign=campaign,
            client=client,
            inviter=canvasser,
            channel="wechat",
            sent_at=start - timedelta(days=6),
            reply="accepted",
        )
        for client in client_list(user=canvasser.user).order_by("pk")[:2]
    ]
    for n, name in enumerate(GUESTS):
        invitations.append(
            services.invitation_invite_guest(
                actor=canvasser.user,
                campaign=campaign,
                inviter=canvasser,
                name=name,
                phone=f"177{campaign.pk % 100:02d}00{n:04d}",
                channel="phone",
                sent_at=start - timedelta(days=5),
                reply="declined" if n == 3 else "accepted",
                now=start - timedelta(days=5),
            )
        )
    for n, invitation in enumerate(invitations[:-1]):
        services.invitation_check_in(
            actor=manager.user,
            campaign=campaign,
            invitation_id=invitation.pk,
            now=start + timedelta(minutes=10 + n),
        )
        services.invitation_rate(actor=manager.user, invitation=invitation, score=5 - n % 3)
    services.walk_in_check_in(
        actor=manager.user,
        campaign=campaign,
        inviter=canvasser,
        name="吴先生",
        phone=f"177{campaign.pk % 100:02d}009999",
        now=start + timedelta(minutes=40),
    )
    services.campaign_attachment_add(
        actor=manager.user, campaign=campaign, upload=_receipt("合影.png"), title="活动合影"
    )


def _pending_invitations(canvassers) -> None:
    """R-CAM-4: upcoming campaigns with invitations still open, several for clients the
    demo canvasser owns (their home page lists them)."""
    first, second = canvassers[:2]
    upcoming = Campaign.objects.filter(status__in=[S.APPROVED, S.PREPARING]).order_by("pk")
    for campaign in upcoming.exclude(pk__in=Invitation.objects.values("campaign_id")):
        for client in client_list(user=first.user).order_by("-pk")[:3]:
            services.invitation_invite_client(
                actor=first.user,
                campaign=campaign,
                client=client,
                inviter=first,
                channel="wechat",
                sent_at=timezone.now() - timedelta(days=1),
            )
        services.invitation_invite_guest(
            actor=second.user,
            campaign=campaign,
            inviter=second,
            name="冯女士",
            phone=f"177{campaign.pk % 100:02d}008888",
            channel="sms",
            reply="accepted",
        )


def _plans(leader, canvassers, group) -> None:
    monday = today() - timedelta(days=today().weekday())
    points = list(Point.objects.order_by("name")[:3])
    if not points:
        return
    for who, owner in ((canvassers[0], None), (None, group)):
        if WeeklyPlan.objects.filter(week_start=monday, staff=who, group=owner).exists():
            continue
        plan = services.weekly_plan_create(
            actor=leader.user,
            week_start=monday,
            staff=who,
            group=owner,
            notes="本周主攻商圈与社区。",
        )
        for offset in range(5):
            services.plan_entry_add(
                actor=leader.user,
                plan=plan,
                day=monday + timedelta(days=offset),
                start_time=time(10),
                end_time=time(16, 30),
                point=points[offset % len(points)],
                audience="周边上班族与年轻家庭",
                method="flyer" if offset % 2 == 0 else "street",
                expected_result="发放单页 200 份，登记线索 5 组",
                expected_leads=5,
            )


def _trips_and_claims(leader, canvassers) -> None:
    first, second, third = canvassers[:3]
    trips = [
        (first, 1, "approve", "滨江科技园", "某科技公司行政部", "企业团购洽谈"),
        (second, 2, None, "下沙大学城", "学校后勤处", "教职工购房推介"),
        (third, 3, "reject", "萧山机场", "航空公司", "员工福利购房"),
    ]
    for person, days, decision, place, client, purpose in trips:
        day = today() + timedelta(days=days)
        trip = TripPlan.objects.filter(staff=person, place=place).first()
        if trip is None:
            trip = services.trip_plan_submit(
                actor=person.user,
                day=day,
                start_time=time(9),
                end_time=time(12),
                place=place,
                client=client,
                purpose=purpose,
            )
            if decision:
                services.trip_plan_decide(
                    actor=leader.user,
                    trip=trip,
                    approve=decision == "approve",
                    comment="" if decision == "approve" else "本周人手不足，下周再安排。",
                )
    claims = [
        (first, ClaimCategory.TRANSPORT, "36.50", "去滨江科技园打车", "approve"),
        (second, ClaimCategory.MATERIALS, "120.00", "自购展架", None),
        (third, ClaimCategory.MEALS, "58.00", "加班餐", "reject"),
    ]
    for person, category, amount, description, decision in claims:
        if ExpenseClaim.objects.filter(staff=person, description=description).exists():
            continue
        claim = services.expense_claim_submit(
            actor=person.user,
            category=category,
            amount=Decimal(amount),
            spent_on=today(),
            description=description,
            receipts=[_receipt("receipt.png")],
        )
        if decision:
            services.expense_claim_decide(
                actor=leader.user,
                claim=claim,
                approve=decision == "approve",
                comment="" if decision == "approve" else "不在报销范围内。",
            )


def _market_and_library(manager, canvasser) -> None:
    if not MarketNote.objects.exists():
        notes = [
            (
                NoteKind.COMPETITOR,
                "绿城·桂语江南",
                "首付分期 + 送车位",
                Decimal("32000"),
                "周末暖场活动",
            ),
            (
                NoteKind.COMPETITOR,
                "万科·城市之光",
                "老带新奖励 2 万",
                Decimal("29500"),
                "地铁口派单",
            ),
            (NoteKind.TREND, "", "", None, ""),
        ]
        for kind, competitor, offer, price, activity in notes:
            services.market_note_create(
                actor=canvasser.user,
                observed_on=today() - timedelta(days=3),
                kind=kind,
                competitor=competitor,
                offer=offer,
                price=price,
                activity_seen=activity,
                content="本月城西新房成交量环比上升，刚需客户关注地铁与学区。",
                campaigns=list(Campaign.objects.filter(status=S.PREPARING)[:1]),
            )
    if not ScreeningCriterion.objects.exists():
        services.screening_criterion_save(
            actor=manager.user,
            title="企业团购目标客户",
            company_size="员工 200 人以上",
            industry_standing="行业前十或本地龙头",
            spending_power="人均年收入 15 万以上",
        )
    for kind, title, body in LIBRARY:
        if not LibraryItem.objects.filter(title=title).exists():
            # issue 17: the brochure comes with its file, so the demo has a library download
            file = _brochure_pdf() if kind == LibraryKind.BROCHURE else None
            services.library_item_save(
                actor=manager.user, kind=kind, title=title, body=body, file=file
            )
    if not MaterialHandout.objects.filter(staff=canvasser, day=today()).exists():
        services.material_handout_record(
            actor=canvasser.user,
            staff=canvasser,
            day=today(),
            material="项目单页",
            received=200,
            used=180,
            returned=20,
        )


def _daily_reports(canvassers, leader) -> None:
    """Daily reports of a few canvassers on every day they worked since the first day
    of the month before last, some reviewed."""
    points = list(Point.objects.order_by("name")[:3])
    existing = set(DailyReport.objects.filter(staff__in=canvassers).values_list("staff_id", "day"))
    for back in range(1, (today() - demo_window_start()).days + 1):
        day = today() - timedelta(days=back)
        on_duty = checked_in_shift_ends(day, staff_ids=[p.pk for p in canvassers])
        for n, person in enumerate(canvassers):
            if (person.pk, day) in existing or person.pk not in on_duty:
                continue  # a report is due only for a rostered day with a check-in
            report, _created = services.daily_report_submit(
                actor=person.user,
                day=day,
                idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-report:{person.pk}:{day}"),
                point=points[(back + n) % len(points)] if points else None,
                flyers=150 + (back * 7 + n * 13) % 100,
                contacts=5 + (back + n) % 9,
                calls=(back * 3 + n) % 12,
                invitations=(back + n) % 4,
                visits_brought=(back + 2 * n) % 3,
                summary="上午商场入口派单，下午社区摆点，登记意向客户。",
                problems="午后人流少。" if back % 5 == 0 else "",
                tomorrow_plan="继续在原点位派单，回访昨日意向客户。",
            )
            if back % 3 == 0:
                services.daily_report_review(
                    actor=leader.user, report=report, comment="不错，继续。"
                )


def seed_campaigns(scale: int, stdout) -> None:
    people = {s.user.username: s for s in Staff.objects.select_related("user")}
    manager, leader = people.get("manager"), people.get("leader1")
    canvassers = [people.get(f"canvasser{i}") for i in range(1, 4)]
    group = Group.objects.filter(code="G01").first()
    if manager is None or leader is None or None in canvassers or group is None:
        return
    added = _campaigns(manager, leader, [canvassers[0], canvassers[1]])
    _pending_invitations(canvassers)
    _plans(leader, canvassers, group)
    _trips_and_claims(leader, canvassers)
    _market_and_library(manager, canvassers[0])
    _daily_reports(canvassers, leader)
    if stdout is not None and added:
        stdout.write(f"campaigns: {added} demo campaigns added\n")


def demo_claim_approved(*, staff, amount, spent_on, description, decided_at) -> ExpenseClaim:
    """An expense claim approved on a past day, for the payroll demo's locked months (the
    services approve only as of now); the campaigns app writes its own rows."""
    return ExpenseClaim.objects.create(
        staff=staff,
        category=ClaimCategory.TRANSPORT,
        amount=amount,
        spent_on=spent_on,
        description=description,
        status=ClaimStatus.APPROVED,
        decided_at=decided_at,
    )
