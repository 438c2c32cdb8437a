"""Demo appraisals (issue 7 §8): the last closed quarter as far as the rules let it be on
the anchor day, an archived quarter, and the current quarter open for self-assessment.
Runs before payroll's demo (see apps.py), so an archived quarter's bonuses reach its runs.

The anchor is the team's today (`outreach.dates.today()`, Asia/Shanghai). The demo tells
every closed quarter on one calendar: rolled up when it closes (R-APR-3), self-assessment,
leader evaluation, published at 10:00 on the fifth day after its last day, open to
objections for the cycle's objection period (R-APR-4, 3 days by default), archived by HR a
week after that. The services stamp the real time, so afterwards the demo moves
`published_at`, `objection_deadline` and `archived_at` back to those instants, never
later than now; each step is taken only when its instant has passed on the anchor day, so
the services' own checks (HR archives only after the objection deadline) keep holding.

So on the anchor day the last closed quarter is archived once its objection period is over
(with 3 days, from 10:00 on the quarter's 8th day); published, its objection period
running, from its publication to the deadline; and in self-assessment before that.
Whenever it is not archived yet, the quarter before it is archived instead: the demo
always shows an archived quarter with its grades (and whatever bonus they give).
Idempotent: a cycle that exists is left as it is (on a later day the manager and HR move
it on, as they would).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.dates import today

from . import services
from .models import AppraisalCycle, CycleState, Indicator, Scoring
from .rollup import appraisal_rollup
from .selectors import evaluation_queue

PUBLISHED_AFTER_END = timedelta(days=5)  # at 10:00, local time
ARCHIVED_AFTER_DEADLINE = timedelta(days=7)


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
    last_start = _quarter_start(current - timedelta(days=1))
    labels = [_quarter_label(last_start)]
    last = AppraisalCycle.objects.filter(label=labels[0]).first()
    if last is None:
        last = _closed_quarter(labels[0], manager, hr)
    if last.state != CycleState.ARCHIVED:
        labels.insert(0, _quarter_label(last_start - timedelta(days=1)))
        if not AppraisalCycle.objects.filter(label=labels[0]).exists():
            _closed_quarter(labels[0], manager, hr)  # closed six months ago: archived
    labels.append(_quarter_label(current))
    if not AppraisalCycle.objects.filter(label=labels[-1]).exists():
        cycle = appraisal_rollup(label=labels[-1]).cycle
        services.appraisal_cycle_advance(actor=manager, cycle=cycle)
    if stdout:
        states = dict(AppraisalCycle.objects.filter(label__in=labels).values_list("label", "state"))
        shown = ", ".join(f"{label} {states.get(label, '-')}" for label in labels)
        stdout.write(f"appraisals: {shown}\n")


def demo_calendar(cycle: AppraisalCycle) -> tuple[datetime, datetime, datetime]:
    """When the demo says a closed quarter was published, its objection period ended and
    HR archived it."""
    tz = timezone.get_current_timezone()
    published = datetime.combine(cycle.period_end + PUBLISHED_AFTER_END, time(10), tzinfo=tz)
    deadline = published + timedelta(days=cycle.objection_days)
    return published, deadline, deadline + ARCHIVED_AFTER_DEADLINE


def _closed_quarter(label: str, manager, hr) -> AppraisalCycle:
    """Take a closed quarter through the flow as far as its demo calendar has reached now."""
    cycle = appraisal_rollup(label=label).cycle
    published, deadline, archived = demo_calendar(cycle)
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
    if timezone.now() < published:
        return cycle
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
    AppraisalCycle.objects.filter(pk=cycle.pk).update(
        published_at=published, objection_deadline=deadline
    )
    cycle.refresh_from_db()
    if timezone.now() <= deadline:
        return cycle  # 公示: the objection period is still running
    services.appraisal_review(actor=hr, appraisals=list(cycle.appraisals.all()), approve=True)
    services.appraisal_cycle_archive(actor=hr, cycle=cycle)
    AppraisalCycle.objects.filter(pk=cycle.pk, state=CycleState.ARCHIVED).update(
        archived_at=min(archived, timezone.now())
    )
    cycle.refresh_from_db()
    return cycle


def users_leading(cycle):
    users = get_user_model().objects
    return list(
        users.filter(
            staff__memberships__is_leader=True,
            staff__memberships__group_id__in=cycle.appraisals.values("group_id"),
        ).distinct()
    )
