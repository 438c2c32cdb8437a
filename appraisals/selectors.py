"""Appraisal reads, scoped to the user, and what payroll reads (R-APR-5 → R-PAY-7)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from outreach.dates import month_start, next_month_start, today
from outreach.guard import can, in_scope_or_404
from outreach.models import Staff
from outreach.selectors import groups_led_by, memberships_on, staff_of, visible_staff

from .models import (
    Appraisal,
    AppraisalCycle,
    AppraisalState,
    CareerPlan,
    CycleState,
    Grade,
    Indicator,
    IndicatorScore,
    Objection,
    ObjectionStatus,
    Scoring,
)

VIEW_ALL = "appraisals.view_all_appraisals"


def appraisal_people(user: User) -> QuerySet[Staff]:
    """Whose appraisals and career plans a user may see (R-ROLE-1): managers and HR
    everyone; a leader their groups' people and themselves; anyone else only themselves.
    Seeing every staff record (the admin, the sales manager) is not enough: appraisals
    carry bonuses, which are staff pay."""
    if can(user, VIEW_ALL):
        return Staff.objects.all()
    if can(user, "outreach.view_group_staff"):
        return visible_staff(user)
    me = staff_of(user)
    return Staff.objects.filter(pk=me.pk) if me else Staff.objects.none()


def appraisals_visible(user: User) -> QuerySet[Appraisal]:
    """Managers and HR see every appraisal; a leader their group's; others their own."""
    rows = Appraisal.objects.select_related("cycle", "staff", "group")
    if can(user, VIEW_ALL):
        return rows
    return rows.filter(staff__in=appraisal_people(user))


def appraisal_get(*, user: User, pk: int) -> Appraisal:
    return in_scope_or_404(appraisals_visible(user), pk=pk)


def my_appraisals(*, user: User) -> QuerySet[Appraisal]:
    me = staff_of(user)
    if me is None:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(staff=me).select_related("cycle").order_by("-cycle__period_end")


def evaluation_queue(*, user: User, any_state: bool = False) -> QuerySet[Appraisal]:
    """R-APR-4: what a user evaluates: a leader, the people of the groups they lead today;
    a manager, the leaders themselves and anyone in no group or a group without a leader
    today. Never one's own."""
    me = staff_of(user)
    if me is None:
        return Appraisal.objects.none()
    day = today()
    scope = Q(pk__in=[])
    if can(user, "appraisals.evaluate_appraisals"):
        scope |= Q(group__in=groups_led_by(me, day))
    if can(user, "appraisals.manage_appraisals"):
        leading = memberships_on(day).filter(is_leader=True)
        scope |= (
            Q(staff__in=leading.values("staff_id"))
            | Q(group__isnull=True)
            | ~Q(group__in=leading.values("group_id"))
        )
    rows = Appraisal.objects.filter(scope).exclude(staff=me)
    if not any_state:
        rows = rows.filter(
            state=AppraisalState.LEADER,
            cycle__state__in=[CycleState.LEADER_EVALUATION, CycleState.PUBLISHED],
        )
    return rows.select_related("cycle", "staff", "group").order_by(
        "cycle__period_end", "staff__employee_no"
    )


def appraisal_evaluable(*, user: User, appraisal: Appraisal) -> bool:
    """The leader of the appraisal's group (today) evaluates it; a leader's own appraisal
    (or that of someone in no group) is evaluated by a manager: the queue's rule."""
    return evaluation_queue(user=user, any_state=True).filter(pk=appraisal.pk).exists()


def rated_indicators(*, template_id: int) -> QuerySet[Indicator]:
    """The indicators of a template the leader rates in the evaluation form, in order."""
    return Indicator.objects.filter(
        dimension__template_id=template_id, scoring=Scoring.RATED
    ).order_by("dimension__position", "position")


def appraisal_objections(appraisal: Appraisal) -> QuerySet[Objection]:
    return appraisal.objections.all()


def objections_answerable(*, user: User) -> QuerySet[Objection]:
    """The objections a user may answer: every one for a manager, none for anyone else."""
    if not can(user, "appraisals.manage_appraisals"):
        return Objection.objects.none()
    return Objection.objects.select_related("appraisal")


def appraisal_scores(appraisal: Appraisal) -> QuerySet[IndicatorScore]:
    return appraisal.scores.select_related("indicator__dimension").order_by(
        "indicator__dimension__position", "indicator__position"
    )


def cycle_list() -> QuerySet[AppraisalCycle]:
    return AppraisalCycle.objects.annotate(people=Count("appraisals"))


def cycle_get(*, user: User, pk: int) -> AppraisalCycle:
    return in_scope_or_404(cycle_list().select_related("template"), pk=pk)


def cycle_progress(cycle: AppraisalCycle) -> dict:
    """Counts by state and review, and open objections, in one query."""
    return cycle.appraisals.aggregate(
        total=Count("pk"),
        awaiting_self=Count("pk", filter=Q(state=AppraisalState.SELF)),
        awaiting_leader=Count("pk", filter=Q(state=AppraisalState.LEADER)),
        evaluated=Count("pk", filter=Q(state=AppraisalState.EVALUATED)),
        self_sent=Count("pk", filter=Q(self_submitted_at__isnull=False)),
        approved=Count("pk", filter=Q(review="approved")),
        pro_rata=Count("pk", filter=Q(pro_rata=True)),
        open_objections=Count(
            "objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True
        ),
    )


def cycle_ranking(cycle: AppraisalCycle) -> QuerySet[Appraisal]:
    return cycle.appraisals.select_related("staff", "group").order_by(
        "rank_overall", "staff__employee_no"
    )


def cycle_distribution(cycle: AppraisalCycle) -> dict:
    """How many people per grade (for the chart), one query."""
    counts = dict(cycle.appraisals.exclude(grade="").values_list("grade").annotate(n=Count("pk")))
    return {"labels": list(Grade.values), "counts": [counts.get(g, 0) for g in Grade.values]}


def cycle_objections(cycle: AppraisalCycle) -> QuerySet[Objection]:
    return Objection.objects.filter(appraisal__cycle=cycle).select_related("appraisal__staff")


def career_plan_for(staff) -> CareerPlan | None:
    return CareerPlan.objects.filter(staff=staff).prefetch_related("talks").first()


def appraisal_bonuses_for_month(month: date) -> list[tuple[int, int, Decimal]]:
    """R-APR-5 → R-PAY-7: (appraisal id, staff id, amount) of every appraisal bonus paid in
    `month`, i.e. of cycles archived in the month before it (Asia/Shanghai); one query."""
    first = month_start(month)
    previous = month_start(date.fromordinal(first.toordinal() - 1))
    tz = timezone.get_current_timezone()
    start = datetime.combine(previous, time.min, tzinfo=tz)
    end = datetime.combine(next_month_start(previous), time.min, tzinfo=tz)
    return list(
        Appraisal.objects.filter(
            cycle__state=CycleState.ARCHIVED,
            cycle__archived_at__gte=start,
            cycle__archived_at__lt=end,
            bonus__gt=0,
        )
        .order_by("staff__employee_no", "cycle__period_end", "pk")
        .values_list("pk", "staff_id", "bonus")
    )
