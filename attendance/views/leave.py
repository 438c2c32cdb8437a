"""Leave requests (R-ATT-5) and the roster (R-ATT-2)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.dates import week_param
from outreach.guard import can, in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.views.kept_forms import form_refused, kept_form

from .. import selectors, services
from ..forms import LeaveDecideForm, LeaveForm, RosterForm


def leave_list(request):
    qs = selectors.leave_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    me = staff_of(request.user)
    can_decide = can(
        request.user, "attendance.view_group_attendance", "attendance.adjust_violation"
    )
    for req in page:  # a refused decision comes back with its comment (issue 18 §8)
        action = reverse("leave-decide", args=[req.pk])
        req.decide_form = kept_form(request, LeaveDecideForm, action)
    return render(
        request,
        "attendance/leave_list.html",
        {
            "page_obj": page,
            "me": me,
            "can_decide": can_decide,
        },
    )


def leave_new(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.leave_request_submit(staff=me, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            if req.on_time:
                messages.success(request, _("Leave requested."))
            else:
                messages.warning(request, _("Leave requested late: a manager must approve it."))
            return redirect("leave-list")
    return render(request, "form.html", {"form": form, "title": _("Request leave")})


@require_POST
def leave_decide(request, pk):
    req = in_scope_or_404(selectors.leave_list(user=request.user), pk=pk)
    form = LeaveDecideForm(request.POST)
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    if not form.is_valid():
        return form_refused(request, form, "leave-list")
    try:
        services.leave_decide(
            request=req,
            actor=me,
            approve=form.cleaned_data["approve"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        return form_refused(request, form, "leave-list", error=error)
    messages.success(request, _("Decision saved."))
    return redirect("leave-list")


@permission_required("attendance.manage_roster")
def roster_week(request):
    """R-ATT-2: the week grid (people × days) of the people one may roster."""
    me = staff_of(request.user)
    start = week_param(request)
    days = [start + timedelta(days=i) for i in range(7)]
    people = (
        selectors.attendance_staff(request.user)
        .filter(leave_date__isnull=True, role__in=["leader", "canvasser"])
        .order_by("employee_no")
    )
    form = RosterForm(request.POST or None, people=people)
    if request.method == "POST" and "copy" in request.POST:
        n = services.roster_copy_week(
            actor=me, staff_ids=list(people.values_list("pk", flat=True)), week_start=start
        )
        messages.success(request, _("%(n)s entries copied from last week.") % {"n": n})
        return redirect(f"{request.path}?week={start}")
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_set(actor=me, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Roster saved."))
            return redirect(f"{request.path}?week={start}")
    entries = {
        (e.staff_id, e.day): e
        for e in selectors.roster_for(user=request.user, first=days[0], last=days[-1])
    }
    grid = [{"staff": p, "cells": [entries.get((p.pk, d)) for d in days]} for p in people]
    return render(
        request,
        "attendance/roster_week.html",
        {
            "grid": grid,
            "days": days,
            "form": form,
            "prev": days[0] - timedelta(days=7),
            "next": days[0] + timedelta(days=7),
        },
    )
