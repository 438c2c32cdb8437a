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
        "迟到、早退、未按时到岗(R-ATT-4)",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-NOSIGN",
        "attendance",
        "出勤日未签退",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-PROXY",
        "attendance",
        "代签到/签退(双方均罚)",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "ATT-NOLEAVE",
        "attendance",
        "未经批准缺勤(当天不计薪)",
        AmountRule.NONE,
        "0",
        "20",
        False,
    ),
    (
        "ROSTER",
        "attendance",
        "未经报备私自调整班次或点位",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "DRESS",
        "appearance",
        "工服、发型、指甲、卫生、食用异味食品",
        AmountRule.FIXED,
        "10",
        "0",
        False,
    ),
    (
        "CONDUCT",
        "conduct",
        "不服从组长安排、电话不通、未交日报、不按话术、偷懒、与客户争吵或言行轻佻、欺骗客户",
        AmountRule.FIXED,
        "20",
        "0",
        False,
    ),
    (
        "POST-LEAVE",
        "post",
        "无故离岗",
        AmountRule.HALF_DAY_WAGE,
        "0",
        "10",
        False,
    ),
    ("POST-CROSS", "post", "串岗", AmountRule.HALF_DAY_WAGE, "0", "20", False),
    ("POST-CROWD", "post", "同组多人聚集于同一点位", AmountRule.NONE, "0", "10", False),
    (
        "ATTITUDE",
        "conduct",
        "对客户不耐烦或态度恶劣",
        AmountRule.HALF_DAY_WAGE,
        "0",
        "0",
        False,
    ),
    (
        "MATERIAL",
        "materials",
        "丢弃或损坏物料",
        AmountRule.DAY_WAGE,
        "0",
        "20",
        False,
    ),
    (
        "FAKE-LEAD",
        "leads",
        "虚假电话、亲属冒充客户",
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
