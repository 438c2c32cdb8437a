"""What the meetings services share: who may run a group's meetings, the invitees of a
day, and the invitation notices (R-PLAN-5)."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import today
from outreach.guard import can
from outreach.models import Group, Staff
from outreach.selectors import groups_led_by, membership_list, staff_of
from outreach.services import notification_create_many

from ..models import Attendee, Meeting, MeetingSeries

# R-PLAN-5: a series has its occurrences (and their invitations) this far ahead.
HORIZON_DAYS = 14


def actor_staff(actor: User) -> Staff:
    me = staff_of(actor)
    if me is None:
        raise PermissionDenied
    return me


def may_run_group(actor: User, group: Group, *, day: date | None = None) -> bool:
    """A manager runs every group's meetings; a leader the groups they lead today."""
    if not can(actor, "meetings.manage_meetings"):
        return False
    if can(actor, "meetings.view_all_meetings"):
        return True
    me = staff_of(actor)
    return me is not None and groups_led_by(me, day or today()).filter(pk=group.pk).exists()


def require_run_group(actor: User, group: Group) -> Staff:
    me = actor_staff(actor)
    if not may_run_group(actor, group):
        raise PermissionDenied(_("Only the group's leader or a manager runs its meetings."))
    return me


def invitees_by_day(group: Group, days: Iterable[date]) -> dict[date, list[int]]:
    """The group's members on each day (the leader is a member too), without people who
    had left by then. One query whatever the number of days."""
    days = list(days)
    result: dict[date, list[int]] = {day: [] for day in days}
    if not days:
        return result
    memberships = membership_list(group=group).filter(valid_from__lte=max(days))
    for membership in memberships:
        staff = membership.staff
        for day in days:
            if membership.valid_from > day:
                continue
            if membership.valid_to is not None and membership.valid_to < day:
                continue
            if staff.leave_date is not None and staff.leave_date < day:
                continue
            result[day].append(staff.pk)
    return result


def attendees_ensure(meetings: list[Meeting]) -> None:
    """Invite each meeting's group members of its day; running it again adds only the
    people who are new to the group (unique per meeting and person)."""
    by_group: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_group.setdefault(meeting.group_id, []).append(meeting)
    rows: list[Attendee] = []
    for group_meetings in by_group.values():
        invitees = invitees_by_day(group_meetings[0].group, {m.day for m in group_meetings})
        rows.extend(
            Attendee(meeting=meeting, staff_id=staff_id)
            for meeting in group_meetings
            for staff_id in invitees[meeting.day]
        )
    Attendee.objects.bulk_create(rows, ignore_conflicts=True)


def invitations_notify(*, target: Meeting | MeetingSeries, staff_ids: Iterable[int]) -> None:
    """R-PLAN-5: the invited see the meeting in their bell — once per person and meeting
    (or per person and weekly series), however often this runs; one insert for all."""
    if isinstance(target, MeetingSeries):
        message = _("You are invited to %(title)s, every week (%(days)s) at %(time)s.") % {
            "title": target.title,
            "days": target.weekday_names,
            "time": f"{target.start_time:%H:%M}",
        }
        link = reverse("meeting-mine")
    else:
        message = _("You are invited to %(title)s on %(day)s at %(time)s.") % {
            "title": target.title,
            "day": f"{target.day:%Y-%m-%d}",
            "time": f"{timezone.localtime(target.starts_at):%H:%M}",
        }
        link = reverse("meeting-detail", args=[target.pk])
    notification_create_many(
        recipients=Staff.objects.filter(pk__in=set(staff_ids)).values_list("user_id", flat=True),
        kind="meetings.invited",
        message=message,
        target=target,
        link=link,
    )


def notify_on_commit(*, target: Meeting | MeetingSeries, staff_ids: Iterable[int]) -> None:
    ids = list(staff_ids)
    transaction.on_commit(lambda: invitations_notify(target=target, staff_ids=ids))
