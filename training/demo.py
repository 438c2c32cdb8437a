"""Demo training (issue 7 §8): this year's plan with sessions, attendance and results."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.dates import today
from outreach.models import Role, Staff

from . import services
from .models import Method, TrainingPlan

TOPICS = [
    ("拓客话术与异议处理", Method.INTERNAL, "王经理", 75),
    ("客户关系维护与回访", Method.EXTERNAL, "外聘讲师 陈老师", 30),
    ("万达广场现场拓客实操", Method.PRACTICAL, "组长带教", 15),
]


def seed_training_demo(scale: int, stdout) -> None:
    year = today().year
    if TrainingPlan.objects.filter(year=year).exists():
        return
    hr = get_user_model().objects.filter(staff__role=Role.HR).first()
    if hr is None:
        return
    people = list(
        Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER], leave_date__isnull=True)
    )
    plan = services.training_plan_save(
        actor=hr,
        year=year,
        title=f"{year}年度外联团队培训计划",
        goals="提升拓客话术、客户维护与现场实操能力；人均每季度不少于6小时培训。",
    )
    tz = timezone.get_current_timezone()
    for index, (topic, method, trainer, days_ago) in enumerate(TOPICS):
        day = today() - timedelta(days=days_ago)
        item = services.plan_item_add(
            actor=hr, plan=plan, content=topic, method=method, scheduled=day.replace(day=1)
        )
        start = datetime.combine(day, time(14, 0), tzinfo=tz)
        session = services.training_session_create(
            actor=hr,
            topic=topic,
            trainer=trainer,
            method=method,
            starts_at=start,
            ends_at=start + timedelta(hours=2 + index),
            place="售楼处二楼培训室",
            plan_item=item,
            attendees=people,
        )
        for n, attendee in enumerate(session.attendees.order_by("staff__employee_no")):
            came = (n + index) % 7 != 0
            services.attendee_result_record(
                actor=hr,
                attendee=attendee,
                attended=came,
                exam_score=Decimal(60 + (n * 7 + index * 5) % 40) if came else None,
                practical_score=Decimal(65 + (n * 3) % 35) if came and index == 2 else None,
            )
    if stdout:
        stdout.write("training: a plan with 3 sessions and results")
