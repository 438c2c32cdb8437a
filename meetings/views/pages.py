"""R-PLAN-5 pages: my meetings, the group's meetings, scheduling and a meeting's page.
Thin: the guard, a scoped selector or one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outreach.guard import can, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of

from .. import selectors, services
from ..forms import ActionItemForm, MinutesForm, ScheduleForm
from ..models import AttendeeStatus, MeetingState

SEE = ("meetings.attend_meetings", "meetings.manage_meetings", "meetings.view_all_meetings")
RUN = ("meetings.manage_meetings",)


def _split(meetings):
    """Upcoming (today on, not cancelled or held) and past, each in a sensible order."""
    day = timezone.localdate()
    upcoming = meetings.filter(day__gte=day, state=MeetingState.SCHEDULED).order_by("starts_at")
    past = meetings.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")
    return list(upcoming[:50]), list(past[:30])


@require_GET
@permission_required("meetings.attend_meetings")
def meeting_mine_view(request):
    """The meetings I am invited to, and my open action items."""
    upcoming, past = _split(selectors.meetings_mine(user=request.user))
    me = staff_of(request.user)
    items = list(selectors.my_open_action_items(staff=me)) if me else []
    return render(
        request,
        "meetings/mine.html",
        {"upcoming": upcoming, "past": past, "items": items},
    )


@require_GET
@permission_required("meetings.manage_meetings", "meetings.view_all_meetings")
def meeting_list_view(request):
    """The groups' meetings the user runs or sees, upcoming and past, per group."""
    meetings = selectors.meeting_list(user=request.user)
    if not can(request.user, "meetings.view_all_meetings"):
        meetings = meetings.filter(group__in=selectors.groups_to_run(user=request.user))
    upcoming, past = _split(meetings)
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "can_schedule": can(request.user, *RUN),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(*RUN)
def meeting_schedule_view(request):
    """Schedule a one-off meeting or a weekly series (R-PLAN-5)."""
    groups = selectors.groups_to_run(user=request.user)
    form = ScheduleForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "actor": request.user,
            "group": data["group"],
            "title": data["title"],
            "start_time": data["start_time"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
        }
        try:
            if data["repeat"] == ScheduleForm.WEEKLY:
                services.series_create(
                    weekdays=data["weekdays"],
                    active_from=data["day"],
                    active_until=data["until"],
                    **common,
                )
                messages.success(request, _("The weekly meeting is scheduled."))
                return redirect("meeting-list")
            meeting = services.meeting_schedule(day=data["day"], agenda=data["agenda"], **common)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("The meeting is scheduled and its people invited."))
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/schedule.html", {"form": form})


@require_GET
@permission_required(*SEE)
def meeting_detail_view(request, pk):
    """A meeting: agenda, the group's facts since the previous meeting, the items carried
    from earlier meetings, attendance, minutes and this meeting's action items."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_run = selectors.groups_to_run(user=request.user).filter(pk=meeting.group_id).exists()
    attendees = selectors.meeting_attendees(meeting)
    me = staff_of(request.user)
    counts = selectors.attendance_counts(meeting)
    context = {
        "meeting": meeting,
        "can_run": can_run,
        "me": me,
        "attendees": list(attendees),
        "counts": [
            (label, counts[value]) for value, label in AttendeeStatus.choices if counts.get(value)
        ],
        "facts": selectors.meeting_facts(meeting),
        "carried": list(selectors.action_items_carried(meeting)),
        "items": list(meeting.action_items.select_related("owner", "done_by")),
    }
    if can_run:
        context["minutes_form"] = MinutesForm(
            initial={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
            }
        )
        context["item_form"] = ActionItemForm(attendees=attendees)
    return render(request, "meetings/detail.html", context)
