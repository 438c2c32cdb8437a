"""The spec's defaults as data rows (R-ATT-1, R-ATT-5, the R-FINE table). Idempotent."""

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from .models import (
    AmountRule,
    AttendanceSetting,
    LeaveNoticeRule,
    LeaveType,
    RulebookVersion,
    Shift,
    ViolationRule,
)

# code, category, description, person rule, fixed amount, leader amount, dismissal
CATALOG = [
    (
        "ATT-LATE",
        "attendance",
        "Late, early leave, not at point on time (R-ATT-4)",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-NOSIGN",
        "attendance",
        "Missing sign-out on a worked day",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-PROXY",
        "attendance",
        "Signing in/out for another (both people)",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-NOLEAVE",
        "attendance",
        "Absent without approved leave (the day is unpaid)",
        AmountRule.NONE,
        "0",
        "20",
        False,
    ),
    (
        "ROSTER",
        "attendance",
        "Changing one's shift or point without approval",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "DRESS",
        "appearance",
        "Uniform, hair, nails, hygiene, strong-smelling food",
        AmountRule.FIXED,
        "10",
        "0",
        False,
    ),
    (
        "CONDUCT",
        "conduct",
        "Disobeying the leader, unreachable, no daily report, off-script, "
        "shirking, quarrel or frivolous behaviour, deceiving a client",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "POST-LEAVE",
        "post",
        "Leaving the post without reason",
        AmountRule.HALF_DAY_WAGE,
        "0",
        "10",
        False,
    ),
    ("POST-CROSS", "post", "Cross-posting (串岗)", AmountRule.HALF_DAY_WAGE, "0", "20", False),
    ("POST-CROWD", "post", "Several group members at one point", AmountRule.NONE, "0", "10", False),
    (
        "ATTITUDE",
        "conduct",
        "Impatience or hostility to clients",
        AmountRule.HALF_DAY_WAGE,
        "0",
        "0",
        False,
    ),
    (
        "MATERIAL",
        "materials",
        "Discarding or damaging materials",
        AmountRule.DAY_WAGE,
        "0",
        "20",
        False,
    ),
    (
        "FAKE-LEAD",
        "leads",
        "Fake phone numbers, relatives posing as clients",
        AmountRule.DAY_WAGE,
        "0",
        "0",
        True,
    ),
]
LEAVE_TYPES = [
    ("personal", "事假", False),
    ("sick", "病假", False),
    ("annual", "年假", True),
    ("marriage", "婚假", True),
    ("bereavement", "丧假", True),
    ("in_lieu", "调休", True),
]
NOTICE_RULES = [(0, 1), (3, 7)]
FIRST_EFFECTIVE = datetime(2025, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@transaction.atomic
def defaults_ensure() -> None:
    if not Shift.objects.exists():
        Shift.objects.create(
            name="标准班",
            report_time=time(9, 0),
            start_time=time(10, 0),
            end_time=time(16, 30),
            weekend_end_time=time(17, 30),
            is_default=True,
        )
    AttendanceSetting.current()
    for code, name, paid in LEAVE_TYPES:
        LeaveType.objects.get_or_create(code=code, defaults={"name": name, "paid": paid})
    for longer, notice in NOTICE_RULES:
        LeaveNoticeRule.objects.get_or_create(
            longer_than_days=longer, defaults={"notice_days": notice}
        )
    if not RulebookVersion.objects.exists():
        version = RulebookVersion.objects.create(
            number=1,
            title="拓客团队日常管理制度",
            effective_from=FIRST_EFFECTIVE,
            published_at=FIRST_EFFECTIVE,
        )
        ViolationRule.objects.bulk_create(
            ViolationRule(
                version=version,
                code=code,
                category=category,
                description=description,
                person_rule=rule,
                person_amount=Decimal(person),
                leader_amount=Decimal(leader),
                dismissal=dismissal,
            )
            for code, category, description, rule, person, leader, dismissal in CATALOG
        )
