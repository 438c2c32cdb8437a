"""The HR monthly attendance summary with .xlsx export, and discipline records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.dates import month_param
from outreach.guard import permission_required
from outreach.models import AccessLog
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.services import access_log_write

from .. import selectors, services
from ..exports import summary_xlsx
from ..forms import DisciplineForm


@permission_required("attendance.view_all_attendance")
def attendance_summary(request):
    month = month_param(request)
    rows = selectors.monthly_summary(user=request.user, month=month)
    return render(request, "attendance/summary.html", {"rows": rows, "month": month})


@permission_required("attendance.view_all_attendance")
def attendance_summary_xlsx(request):
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


@permission_required("attendance.view_all_attendance", "attendance.view_group_attendance")
def discipline_list(request):
    records = selectors.discipline_list(user=request.user)[:200]
    return render(request, "attendance/discipline_list.html", {"records": records})


@permission_required("attendance.manage_discipline")
def discipline_new(request):
    people = selectors.attendance_staff(request.user).filter(leave_date__isnull=True)
    form = DisciplineForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.discipline_record(actor=staff_of(request.user), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Discipline recorded."))
            return redirect("discipline-list")
    return render(request, "form.html", {"form": form, "title": _("Record discipline")})
