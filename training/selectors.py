"""Training reads, scoped to the user; the per-person figures appraisals read (R-TRN-1)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from outreach.guard import can, in_scope_or_404
from outreach.selectors import visible_staff

from .models import Attendee, Material, TrainingPlan, TrainingSession


def _sees_all(user: User) -> bool:
    return can(user, "training.manage_training", "outreach.view_all_staff")


def session_list(*, user: User) -> QuerySet[TrainingSession]:
    """HR and managers see every session; others those with someone they may see."""
    sessions = TrainingSession.objects.annotate(attendee_count=Count("attendees"))
    if _sees_all(user):
        return sessions
    return sessions.filter(
        pk__in=Attendee.objects.filter(staff__in=visible_staff(user)).values("session_id")
    )


def session_get(*, user: User, pk: int) -> TrainingSession:
    return in_scope_or_404(session_list(user=user).select_related("plan_item"), pk=pk)


def material_get(*, user: User, pk: int) -> Material:
    """A training material, by the scope of its session's page."""
    return in_scope_or_404(
        Material.objects.filter(session__in=session_list(user=user).values("pk")), pk=pk
    )


def session_attendees(*, user: User, session: TrainingSession) -> QuerySet[Attendee]:
    rows = session.attendees.select_related("staff")
    return rows if _sees_all(user) else rows.filter(staff__in=visible_staff(user))


def training_record(*, user: User, staff_pk: int) -> QuerySet[Attendee]:
    """A person's training record (404 outside the user's scope)."""
    person = in_scope_or_404(visible_staff(user), pk=staff_pk)
    return (
        Attendee.objects.filter(staff=person)
        .select_related("session")
        .order_by("-session__starts_at")
    )


def plan_list() -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.prefetch_related("items")


def _bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period_start, time.min, tzinfo=tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _attended_in(period_start: date, period_end: date, staff_ids) -> QuerySet[Attendee]:
    start, end = _bounds(period_start, period_end)
    return Attendee.objects.filter(
        attended=True,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        staff_id__in=staff_ids,
    )


def training_hours_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """R-APR-2 personal growth: hours of sessions attended in the period (inclusive days),
    for every given person (0 when none); one query."""
    ids = list(staff_ids)
    rows = (
        _attended_in(period_start, period_end, ids)
        .values("staff_id")
        .annotate(hours=Sum("session__hours"))
    )
    result = dict.fromkeys(ids, Decimal("0.00"))
    result.update({row["staff_id"]: row["hours"] for row in rows})
    return result


def training_score_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """R-APR-2 personal growth: the mean score of the sessions attended with results in
    the period; people without a scored session are absent from the answer; one query."""
    rows = (
        _attended_in(period_start, period_end, list(staff_ids))
        .filter(~Q(score=None))
        .values("staff_id")
        .annotate(avg=Avg("score"))
    )
    return {row["staff_id"]: Decimal(row["avg"]).quantize(Decimal("0.01")) for row in rows}
