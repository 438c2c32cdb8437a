"""Every read of the meetings app, already scoped to the user (R-PLAN-5, R-ROLE-1).

A manager sees every group's meetings; a leader the meetings of the groups they lead and
those they are invited to; everyone else only the meetings they are invited to."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from outreach.dates import today
from outreach.guard import can, in_scope_or_404
from outreach.models import Group, Staff
from outreach.selectors import group_list, groups_led_by, staff_of

from ..models import ActionItem, Attendee, Meeting, MeetingState
from .facts import MeetingFacts, meeting_facts, previous_meeting

__all__ = [
    "MeetingFacts",
    "action_item_to_mark_get",
    "action_items_carried",
    "attendance_counts",
    "groups_to_run",
    "meeting_attendees",
    "meeting_facts",
    "meeting_get",
    "meeting_list",
    "meeting_run_get",
    "meetings_mine",
    "my_open_action_items",
    "my_upcoming_meetings",
    "previous_meeting",
]


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    """The meetings a user may see, with their group."""
    meetings = Meeting.objects.select_related("group", "series")
    if can(user, "meetings.view_all_meetings"):
        return meetings
    me = staff_of(user)
    if me is None or not can(user, "meetings.attend_meetings", "meetings.manage_meetings"):
        return meetings.none()
    invited = Q(pk__in=Attendee.objects.filter(staff=me).values("meeting_id"))
    if can(user, "meetings.manage_meetings"):
        return meetings.filter(invited | Q(group__in=groups_led_by(me, today())))
    return meetings.filter(invited)


def meeting_get(*, user: User, pk) -> Meeting:
    return in_scope_or_404(meeting_list(user=user), pk=pk)


def groups_to_run(*, user: User) -> QuerySet[Group]:
    """The groups whose meetings the user schedules and runs."""
    if not can(user, "meetings.manage_meetings"):
        return Group.objects.none()
    if can(user, "meetings.view_all_meetings"):
        return group_list().filter(is_active=True)
    me = staff_of(user)
    return groups_led_by(me, today()) if me else Group.objects.none()


def meeting_run_get(*, user: User, pk) -> Meeting:
    """A meeting the user may run (write to): outside it, 404 — for a leader of another
    group as much as for a stranger."""
    meetings = Meeting.objects.select_related("group").filter(group__in=groups_to_run(user=user))
    return in_scope_or_404(meetings, pk=pk)


def meetings_mine(*, user: User) -> QuerySet[Meeting]:
    """The meetings the user is invited to, with their own attendance status."""
    me = staff_of(user)
    if me is None:
        return Meeting.objects.none()
    return meeting_list(user=user).filter(attendees__staff=me)


def meeting_attendees(meeting: Meeting) -> QuerySet[Attendee]:
    return meeting.attendees.select_related("staff", "marked_by").order_by("staff__employee_no")


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    rows = meeting.attendees.values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def action_item_to_mark_get(*, user: User, pk) -> ActionItem:
    """An item the user may mark done: their own, or one of a group whose meetings they
    run. Another person's item is a 404 even when its meeting is visible (R-ROLE-1: a
    write outside one's scope does not confirm the object)."""
    me = staff_of(user)
    mine = Q(owner=me) if me else Q(pk__in=[])
    items = ActionItem.objects.select_related("meeting__group", "owner", "done_by")
    return in_scope_or_404(
        items.filter(mine | Q(meeting__group__in=groups_to_run(user=user))), pk=pk
    )


def action_items_carried(meeting: Meeting) -> QuerySet[ActionItem]:
    """R-PLAN-5 "listed at the next meeting": the group's items from earlier meetings
    that are still open, or were done since the previous meeting (the previous
    meeting's own items, open or done, are always there)."""
    previous = previous_meeting(meeting)
    done_since = Q(done_at__isnull=True)
    if previous is not None:
        done_since |= Q(meeting=previous) | Q(done_at__gte=previous.starts_at)
    return (
        ActionItem.objects.filter(
            meeting__group=meeting.group, meeting__starts_at__lt=meeting.starts_at
        )
        .filter(done_since)
        .select_related("owner", "done_by", "meeting")
        .order_by("done_at", "due_on", "pk")
    )


def my_open_action_items(*, staff: Staff, limit: int = 10) -> QuerySet[ActionItem]:
    """R-PLAN-5: the person's open action items, the first due on top (their home)."""
    return (
        ActionItem.objects.filter(owner=staff, done_at__isnull=True)
        .exclude(meeting__state=MeetingState.CANCELLED)
        .select_related("meeting")
        .order_by("due_on", "pk")[:limit]
    )


def my_upcoming_meetings(
    *, staff: Staff, first: date | None = None, days: int = 7, limit: int = 5
) -> QuerySet[Meeting]:
    """R-PLAN-5: the person's scheduled meetings from today through the next `days`."""
    first = first or today()
    return (
        Meeting.objects.filter(
            attendees__staff=staff,
            state=MeetingState.SCHEDULED,
            day__gte=first,
            day__lte=first + timedelta(days=days),
        )
        .select_related("group")
        .order_by("starts_at", "pk")[:limit]
    )
