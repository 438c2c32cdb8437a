"""Writes of field plans and out-of-office trips (R-PLAN-1)."""

from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import today
from outreach.decisions import decider_for, deciders_for, decision_refuse_own, is_decider_for
from outreach.guard import can, require
from outreach.models import Group, Point, Staff
from outreach.selectors import groups_led_by, staff_of, visible_staff
from outreach.services import notification_create
from outreach.validators import entered_day_validate

from ..models import PlanEntry, TripPlan, TripStatus, WeeklyPlan


def can_write_plan(user: User, *, staff: Staff | None, group: Group | None) -> bool:
    """A person writes their own plan; a leader their group's and its members'; a manager
    anyone's."""
    if can(user, "campaigns.view_all_plans"):
        return True
    if not can(user, "campaigns.use_field_plans"):
        return False
    me = staff_of(user)
    if me is None:
        return False
    if staff is not None:
        return visible_staff(user).filter(pk=staff.pk).exists()
    return groups_led_by(me, today()).filter(pk=group.pk).exists()


def weekly_plan_create(
    *,
    actor: User,
    week_start: date,
    staff: Staff | None = None,
    group: Group | None = None,
    notes: str = "",
) -> WeeklyPlan:
    """R-PLAN-1: the week's plan for one canvasser or one group (one per week)."""
    if (staff is None) == (group is None):
        raise ValidationError(_("A weekly plan is for one person or one group."))
    entered_day_validate(week_start, field="week_start")
    if week_start.weekday() != 0:
        raise ValidationError({"week_start": _("A week starts on a Monday.")})
    if not can_write_plan(actor, staff=staff, group=group):
        raise PermissionDenied
    plan = WeeklyPlan(
        week_start=week_start, staff=staff, group=group, notes=notes, created_by=staff_of(actor)
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError(
            _("There is already a plan for %(who)s in the week of %(day)s.")
            % {"who": staff or group, "day": week_start}
        ) from error
    return plan


def plan_entry_add(
    *,
    actor: User,
    plan: WeeklyPlan,
    day: date,
    start_time: time,
    end_time: time,
    audience: str,
    method: str,
    expected_result: str,
    point: Point | None = None,
    place: str = "",
    expected_leads: int = 0,
) -> PlanEntry:
    if not can_write_plan(actor, staff=plan.staff, group=plan.group):
        raise PermissionDenied
    if not plan.week_start <= day < plan.week_start + timedelta(days=7):
        raise ValidationError({"day": _("The day must fall in the plan's week.")})
    if point is None and not place.strip():
        raise ValidationError({"point": _("Choose a point or enter another place.")})
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The end must be after the start.")})
    entry = PlanEntry(
        plan=plan,
        day=day,
        start_time=start_time,
        end_time=end_time,
        point=point,
        place=place,
        audience=audience,
        method=method,
        expected_result=expected_result,
        expected_leads=expected_leads,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


# --- out-of-office trips ------------------------------------------------------------------


def trip_supervisor(staff: Staff, day: date) -> Staff | None:
    """The leader of the person's group on that day (None for leaders themselves and
    people without a group: a manager approves those). Issue 17: the core's one rule."""
    return decider_for(staff, day)


def can_decide_trip(user: User, trip: TripPlan) -> bool:
    me = staff_of(user)
    if me is not None and me.pk == trip.staff_id:
        return False
    if can(user, "campaigns.approve_all_trips"):
        return True
    return is_decider_for(me, trip.staff, trip.day)


def trip_plan_submit(
    *,
    actor: User,
    day: date,
    start_time: time,
    end_time: time,
    place: str,
    client: str,
    purpose: str,
) -> TripPlan:
    """R-PLAN-1: ask for an out-of-office trip; it must be approved before its day, so it
    is asked for a later day. The supervisor is notified."""
    me = staff_of(actor)
    if me is None:
        raise PermissionDenied
    require(actor, "campaigns.use_field_plans")
    if day <= today():
        raise ValidationError(
            {"day": _("A trip must be approved before its day: plan it for tomorrow or later.")}
        )
    entered_day_validate(day, field="day")
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The end must be after the start.")})
    trip = TripPlan(
        staff=me,
        day=day,
        start_time=start_time,
        end_time=end_time,
        place=place,
        client=client,
        purpose=purpose,
    )
    trip.full_clean()
    with transaction.atomic():
        trip.save()
        transaction.on_commit(lambda: trip_plan_notify(trip=trip))
    return trip


def trip_plan_notify(*, trip: TripPlan) -> int:
    """A trip to approve goes to the person's leader, or to the managers for a leader or
    someone in no group (issue 17: `deciders_for`). Once per approver and trip."""
    message = _("%(name)s asks to go out on %(day)s: %(place)s") % {
        "name": trip.staff.name,
        "day": trip.day,
        "place": trip.place,
    }
    sent = 0
    for approver in deciders_for(trip.staff, trip.day).select_related("user"):
        notification_create(
            recipient=approver.user,
            kind="trip_plan_submitted",
            message=message,
            target=trip,
            link=reverse("trip-detail", args=[trip.pk]),
        )
        sent += 1
    return sent


def trip_plan_decide(*, actor: User, trip: TripPlan, approve: bool, comment: str = "") -> TripPlan:
    """R-PLAN-1: the supervisor (the person's group leader on that day) or a manager
    approves or rejects a trip, before its day; nobody decides their own."""
    decision_refuse_own(actor=actor, requester=trip.staff)
    if not can_decide_trip(actor, trip):
        raise PermissionDenied
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the trip is rejected.")})
    with transaction.atomic():
        trip = TripPlan.objects.select_for_update().get(pk=trip.pk)
        if trip.status != TripStatus.PENDING:
            raise ValidationError(_("This trip plan was already decided."))
        if approve and trip.day <= today():
            raise ValidationError(
                _("A trip can only be approved before its day; this one is on %(day)s.")
                % {"day": trip.day}
            )
        trip.status = TripStatus.APPROVED if approve else TripStatus.REJECTED
        trip.decided_by = staff_of(actor)
        trip.decided_at = timezone.now()
        trip.decision_comment = comment
        trip.save(
            update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
        )
    return trip
