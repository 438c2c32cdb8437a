"""R-ATT-7: an inspection on the phone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.dates import today
from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of

from .. import selectors, services
from ..models import InspectionMark


@permission_required("attendance.inspect_points")
def inspection_new(request):
    """Pick a point, see who should be there, mark each person."""
    me = staff_of(request.user)
    points = selectors.active_points()
    point_id = request.POST.get("point") or request.GET.get("point")
    point = in_scope_or_404(points, pk=point_id) if point_id else None
    day = today()
    expected, others = [], []
    if point:
        people = selectors.attendance_staff(request.user).filter(leave_date__isnull=True)
        roster = selectors.roster_for(user=request.user, first=day, last=day).filter(
            shift__isnull=False
        )
        at_point = {e.staff_id for e in roster if e.point_id == point.pk}
        for person in people.filter(role__in=["canvasser", "leader"]).order_by("employee_no"):
            (expected if person.pk in at_point else others).append(person)
    if request.method == "POST" and point:
        marks = {}
        for person in expected + others:
            status = request.POST.get(f"mark-{person.pk}", "")
            if status in InspectionMark.Status.values:
                marks[person] = status
        try:
            inspection = services.inspection_record(
                actor=me, point=point, marks=marks, note=request.POST.get("note", "")[:300]
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("Inspection saved: %(n)s violation(s).") % {"n": inspection.violations.count()},
            )
            return redirect("inspection-list")
    return render(
        request,
        "attendance/inspection_form.html",
        {
            "points": points,
            "point": point,
            "expected": expected,
            "others": others,
            "statuses": InspectionMark.Status.choices,
        },
    )


@permission_required("attendance.inspect_points")
def inspection_list(request):
    inspections = selectors.inspection_list(user=request.user).prefetch_related("violations")[:100]
    return render(request, "attendance/inspection_list.html", {"inspections": inspections})
