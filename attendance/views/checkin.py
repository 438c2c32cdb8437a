"""Phone check-in, my attendance, and the leader's group today page."""

import calendar
import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach import offline
from outreach.dates import local_clock, month_param, month_start, next_month_start, today
from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of

from .. import selectors, services
from ..forms import CheckForm
from ..selectors.photos import checkin_photo_required

DEVICE_COOKIE = "att_device"
TWO_YEARS = 2 * 365 * 24 * 3600


def _me(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_http_methods(["GET", "POST"])
def checkin(request):
    """R-ATT-3: one big button; the browser's location is asked at the moment of
    checking in, never tracked in the background."""
    me = _me(request)
    day = today()
    device = request.COOKIES.get(DEVICE_COOKIE) or uuid.uuid4().hex
    queued = offline.is_queued(request)
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "in":
                    record = services.check_in(
                        staff=me,
                        device_id=device,
                        ip=_client_ip(request),
                        latitude=data["latitude"],
                        longitude=data["longitude"],
                        photo=data["photo"],
                        key=data["key"],
                        acted_at=offline.acted_at(request),
                    )
                    text = _("Checked in at %(t)s.") % {"t": local_clock(record.check_in_at)}
                    if record.is_late:
                        text += " " + _("You are late.")
                    if record.not_at_point:
                        text += " " + _("You are not at your point.")
                else:
                    record = services.check_out(
                        staff=me,
                        device_id=device,
                        ip=_client_ip(request),
                        latitude=data["latitude"],
                        longitude=data["longitude"],
                    )
                    text = _("Checked out at %(t)s.") % {"t": local_clock(record.check_out_at)}
                if queued:
                    return offline.accepted(url=reverse("attendance-checkin"), message=text)
                messages.success(request, text)
                return redirect("attendance-checkin")
            except ValidationError as error:
                if queued:
                    return offline.refused(" ".join(error.messages))
                show_refusal(request, error)
        else:
            if queued:
                return offline.form_refused(form)
            messages.error(request, _("Please check the form."))
    entry = selectors.roster_for(user=request.user, first=day, last=day).filter(staff=me).first()
    record = selectors.day_records(user=request.user, first=day, last=day).filter(staff=me).first()
    response = render(
        request,
        "attendance/checkin.html",
        {
            "entry": entry,
            "record": record,
            "day": day,
            "form": CheckForm(),
            "photo_required": checkin_photo_required(),
        },
    )
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(DEVICE_COOKIE, device, max_age=TWO_YEARS, httponly=True, samesite="Lax")
    return response


def my_attendance(request):
    """Calendar with a status per day, my violations, my acknowledgements."""
    me = _me(request)
    first = month_param(request)
    last = next_month_start(first)
    roster = {
        e.day: e
        for e in selectors.roster_for(user=request.user, first=first, last=last).filter(staff=me)
    }
    records = {
        r.day: r
        for r in selectors.day_records(user=request.user, first=first, last=last).filter(staff=me)
    }
    leave_days = set()
    for req in selectors.leave_list(user=request.user).filter(
        staff=me, state="approved", first_day__lt=last, last_day__gte=first
    ):
        d = max(req.first_day, first)
        while d <= min(req.last_day, last):
            leave_days.add(d)
            d = date.fromordinal(d.toordinal() + 1)
    weeks = [
        [
            {
                "day": d,
                "in_month": d.month == first.month,
                "status": _day_status(d, roster.get(d), records.get(d), leave_days),
            }
            for d in week
        ]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    current = selectors.rulebook_current()
    acks = me.acknowledgements.select_related("version").order_by("-acknowledged_at")
    return render(
        request,
        "attendance/my_attendance.html",
        {
            "weeks": weeks,
            "month": first,
            "prev_month": month_start(date.fromordinal(first.toordinal() - 1)),
            "next_month": last,
            "violations": selectors.violation_list(user=request.user).filter(staff=me)[:50],
            "acks": acks,
            "current": current,
            "acknowledged_current": current and acks.filter(version=current).exists(),
        },
    )


def _day_status(day, entry, record, leave_days) -> tuple[str, str]:
    if record and record.check_in_at:
        if record.is_late or record.not_at_point or record.is_early:
            return "late", _("Late / early")
        return "worked", _("Worked")
    if record and record.present_by_inspection:
        return "worked", _("Present")
    if day in leave_days:
        return "leave", _("Leave")
    if record and record.is_absent:
        return "absent", _("Absent")
    if entry and entry.shift_id:
        return "rostered", _("Rostered")
    if entry:
        return "rest", _("Rest")
    return "", ""


@permission_required("attendance.view_group_attendance", "attendance.view_all_attendance")
def group_today(request):
    """Leader's page: who should be at work today, their status, and the absent mark."""
    day = today()
    people = selectors.group_day_staff(user=request.user, day=day)
    roster = {e.staff_id: e for e in selectors.roster_for(user=request.user, first=day, last=day)}
    records = {r.staff_id: r for r in selectors.day_records(user=request.user, first=day, last=day)}
    rows = [{"staff": p, "entry": roster.get(p.pk), "record": records.get(p.pk)} for p in people]
    return render(request, "attendance/group_today.html", {"rows": rows, "day": day})


@require_POST
def absence_mark(request, pk):
    me = _me(request)
    person = in_scope_or_404(selectors.attendance_staff(request.user), pk=pk)
    try:
        services.absence_mark(actor=me, staff=person, day=today())
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("%(name)s marked absent.") % {"name": person.name})
    return redirect("attendance-group")
