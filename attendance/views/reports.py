"""The HR monthly attendance summary with .xlsx export, and discipline records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.dates import month_param
from outreach.models import AccessLog
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.services import access_log_write

from .. import selectors, services
from ..exports import summary_xlsx
from ..forms import DisciplineForm


def _require_all(request):
    if not request.user.has_perm("attendance.view_all_attendance"):
        raise PermissionDenied


def attendance_summary(request):
    _require_all(request)
    month = month_param(request)
    rows = selectors.monthly_summary(user=request.user, month=month)
    return render(request, "attendance/summary.html", {"rows": rows, "month": month})


def attendance_summary_xlsx(request):
    _require_all(request)
    month = month_param(request)
    rows = selectors.monthly_summary(user=request.user, month=month)
    access_log_write(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        target=f"attendance summary {month:%Y-%m}",
    )
    response = HttpResponse(
        summary_xlsx(rows, month),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{month:%Y-%m}.xlsx"'
    return response


def discipline_list(request):
    if not (
        request.user.has_perm("attendance.view_all_attendance")
        or request.user.has_perm("attendance.view_group_attendance")
    ):
        raise PermissionDenied
    records = selectors.discipline_list(user=request.user)[:200]
    return render(request, "attendance/discipline_list.html", {"records": records})


def discipline_new(request):
    if not request.user.has_perm("attendance.manage_discipline"):
        raise PermissionDenied
    people = selectors.attendance_staff(request.user).filter(leave_date__isnull=True)
    form = DisciplineForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.discipline_record(by=staff_of(request.user), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Discipline recorded."))
            return redirect("discipline-list")
    return render(request, "form.html", {"form": form, "title": _("Record discipline")})
