"""R-PLAN-5 writes on a meeting: attendance in one post, minutes, action items, cancel.
Each fetches its object through a scoped selector (404 outside scope) and calls one
service; a refusal comes back through `show_refusal`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import permission_required
from outreach.redirects import safe_next
from outreach.refusals import show_refusal

from .. import selectors, services
from ..forms import ActionItemForm, MinutesForm, attendance_statuses
from ..models import MARKED_STATUSES, AttendeeStatus

RUN = ("meetings.manage_meetings",)


@require_http_methods(["GET", "POST"])
@permission_required(*RUN)
def meeting_attendance_view(request, pk):
    """The leader's one phone screen: a row per attendee, four choices, one submit."""
    meeting = selectors.meeting_run_get(user=request.user, pk=pk)
    attendees = list(selectors.meeting_attendees(meeting))
    marks = {a.staff_id: a.status for a in attendees}
    if request.method == "POST":
        posted = attendance_statuses(request.POST)
        try:
            services.meeting_attendance_take(actor=request.user, meeting=meeting, statuses=posted)
        except ValidationError as error:
            show_refusal(request, error)
            for key, value in posted.items():
                if key.isdigit():
                    marks[int(key)] = value
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("meeting-detail", pk=meeting.pk)
    rows = [
        {
            "attendee": a,
            "mark": marks.get(a.staff_id)
            if marks.get(a.staff_id) != AttendeeStatus.INVITED
            else AttendeeStatus.PRESENT,
        }
        for a in attendees
    ]
    choices = [(str(s), s.label) for s in MARKED_STATUSES]
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "rows": rows, "choices": choices},
    )


@require_POST
@permission_required(*RUN)
def meeting_minutes_view(request, pk):
    meeting = selectors.meeting_run_get(user=request.user, pk=pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_minutes_record(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Minutes saved."))
    return redirect("meeting-detail", pk=meeting.pk)


@require_POST
@permission_required(*RUN)
def meeting_action_add_view(request, pk):
    meeting = selectors.meeting_run_get(user=request.user, pk=pk)
    form = ActionItemForm(request.POST, attendees=meeting.attendees.all())
    if not form.is_valid():
        show_refusal(request, ValidationError(form.errors))
        return redirect("meeting-detail", pk=meeting.pk)
    try:
        services.action_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Action item added."))
    return redirect("meeting-detail", pk=meeting.pk)


@require_POST
@permission_required(*RUN)
def meeting_cancel_view(request, pk):
    meeting = selectors.meeting_run_get(user=request.user, pk=pk)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The meeting is cancelled."))
    return redirect("meeting-detail", pk=meeting.pk)


@require_POST
@permission_required("meetings.attend_meetings", "meetings.manage_meetings")
def action_item_done_view(request, pk):
    """Done, by the owner (from their home), the group's leader or a manager."""
    item = selectors.action_item_to_mark_get(user=request.user, pk=pk)
    try:
        services.action_item_done(actor=request.user, item=item)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Action item done."))
    return redirect(safe_next(request, reverse("meeting-detail", args=[item.meeting_id])))
