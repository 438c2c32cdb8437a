"""Demo training (issue 7 §8): three past sessions with attendance and results, each on
the plan of its own year, and this month's sessions with their results (issue 18).

The sessions are 75, 30 and 15 days before the anchor day (the team's today), so from
January into March some of them took place last year: R-TRN-1 schedules a plan item
within its plan's year, so those go on last year's plan and the rest on this year's.
This month's are held 09:00–11:00 on its first day and on the latest day that has ended
by now (today after 11:00, else yesterday): on the first of a month before 11:00 there is
none yet. Idempotent: nothing is added once the demo's sessions exist, whatever day it
runs again.
"""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from outreach.dates import month_start, today
from outreach.models import Role, Staff

from . import services
from .models import Method, TrainingPlan, TrainingSession

PLACE = "售楼处二楼培训室"

TOPICS = [
    ("拓客话术与异议处理", Method.INTERNAL, "王经理", 75),
    ("客户关系维护与回访", Method.EXTERNAL, "外聘讲师 陈老师", 30),
    ("万达广场现场拓客实操", Method.PRACTICAL, "组长带教", 15),
]
THIS_MONTH = [
    ("新盘卖点与价格政策", Method.INTERNAL, "销售经理"),
    ("外场礼仪与安全规范", Method.INTERNAL, "人事专员"),
]


def _handout_pdf() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (250, 250, 250)).save(buffer, format="PDF")
    return SimpleUploadedFile("讲义.pdf", buffer.getvalue(), content_type="application/pdf")


def _plan_of(year: int, hr) -> TrainingPlan:
    """The year's plan: one already there is used as it is, never renamed."""
    plan = TrainingPlan.objects.filter(year=year).first()
    if plan is not None:
        return plan
    return services.training_plan_save(
        actor=hr,
        year=year,
        title=f"{year}年度外联团队培训计划",
        goals="提升拓客话术、客户维护与现场实操能力；人均每季度不少于6小时培训。",
    )


def seed_training_demo(scale: int, stdout) -> None:
    if TrainingSession.objects.filter(place=PLACE, topic__in=[t[0] for t in TOPICS]).exists():
        return
    hr = get_user_model().objects.filter(staff__role=Role.HR).first()
    if hr is None:
        return
    people = list(
        Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER], leave_date__isnull=True)
    )
    tz = timezone.get_current_timezone()
    years = set()
    sessions = [
        (topic, method, trainer, today() - timedelta(days=days_ago), time(14, 0))
        for topic, method, trainer, days_ago in TOPICS
    ]
    this_month = zip(THIS_MONTH, _this_month(), strict=False)  # none on a 1st before 11:00
    sessions += [(*topic, day, time(9, 0)) for topic, day in this_month]
    for index, (topic, method, trainer, day, clock) in enumerate(sessions):
        years.add(day.year)  # a local day: the session's own year
        item = services.plan_item_add(
            actor=hr,
            plan=_plan_of(day.year, hr),
            content=topic,
            method=method,
            scheduled=day.replace(day=1),
        )
        start = datetime.combine(day, clock, tzinfo=tz)
        session = services.training_session_create(
            actor=hr,
            topic=topic,
            trainer=trainer,
            method=method,
            starts_at=start,
            ends_at=start + timedelta(hours=2 + index % 3 if clock.hour > 12 else 2),
            place=PLACE,
            plan_item=item,
            attendees=people,
        )
        if index == 0:  # issue 17: a material to download, so the demo has one
            services.material_add(
                actor=hr, session=session, title="拓客话术讲义", file=_handout_pdf()
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
        plans = " and ".join(str(year) for year in sorted(years))
        stdout.write(f"training: {len(sessions)} sessions with results, on the plan of {plans}\n")


def _this_month() -> list:
    """This month's session days (see the module's docstring): its first day and the
    latest day whose 09:00–11:00 session is over, once each."""
    latest = today() if timezone.localtime().hour >= 11 else today() - timedelta(days=1)
    first = month_start(today())
    if latest < first:
        return []
    return [first] if latest == first else [first, latest]
