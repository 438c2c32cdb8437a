"""Demo appraisals (issue 7 §8): last quarter archived, the current quarter open for
self-assessment. Runs before payroll's demo (see setup.py); idempotent."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.dates import today

from ..models import AppraisalCycle, CycleState, Indicator, Scoring
from . import services
from .rollup import appraisal_rollup
from .selectors import evaluation_queue


def _quarter_label(day) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _quarter_start(day):
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def seed_appraisal_demo(scale: int, stdout) -> None:
    users = get_user_model().objects
    manager = users.filter(staff__role="manager").first()
    hr = users.filter(staff__role="hr").first()
    if not (manager and hr):
        return
    current = _quarter_start(today())
    last_label = _quarter_label(current - timedelta(days=1))
    if not AppraisalCycle.objects.filter(label=last_label).exists():
        _archived_cycle(last_label, manager, hr)
    current_label = _quarter_label(current)
    if not AppraisalCycle.objects.filter(label=current_label).exists():
        cycle = appraisal_rollup(label=current_label).cycle
        services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    if stdout:
        stdout.write(f"appraisals: {last_label} archived, {current_label} in self-assessment")


def _archived_cycle(label: str, manager, hr) -> None:
    cycle = appraisal_rollup(label=label).cycle
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)  # → self-assessment
    for n, appraisal in enumerate(cycle.appraisals.select_related("staff__user")):
        if n % 3 != 2:
            services.self_assessment_submit(
                actor=appraisal.staff.user,
                appraisal=appraisal,
                summary="本季度完成了拓客任务，积极参加培训。",
                improvements="提高电话邀约转化率。",
                self_score=Decimal(75 + n % 20),
            )
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)  # → leader evaluation
    rated = list(
        Indicator.objects.filter(dimension__template_id=cycle.template_id, scoring=Scoring.RATED)
    )
    for evaluator in [*users_leading(cycle), manager]:
        for n, appraisal in enumerate(evaluation_queue(user=evaluator).filter(cycle=cycle)):
            services.leader_evaluate(
                actor=evaluator,
                appraisal=appraisal,
                ratings={i.pk: (Decimal(58 + (n * 11 + appraisal.pk) % 42), "") for i in rated},
                comment="工作认真，团队协作良好。",
            )
    services.appraisal_cycle_advance(actor=manager, cycle=cycle)  # → published
    services.appraisal_review(actor=hr, appraisals=list(cycle.appraisals.all()), approve=True)
    # Demo only: the objection period of a past quarter is over.
    tz = timezone.get_current_timezone()
    published = datetime.combine(cycle.period_end + timedelta(days=5), time(10), tzinfo=tz)
    AppraisalCycle.objects.filter(pk=cycle.pk).update(
        published_at=published, objection_deadline=published + timedelta(days=3)
    )
    cycle.refresh_from_db()
    services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    archived = min(published + timedelta(days=10), timezone.now())
    AppraisalCycle.objects.filter(pk=cycle.pk, state=CycleState.ARCHIVED).update(
        archived_at=archived
    )


def users_leading(cycle):
    users = get_user_model().objects
    return list(
        users.filter(
            staff__memberships__is_leader=True,
            staff__memberships__group_id__in=cycle.appraisals.values("group_id"),
        ).distinct()
    )
