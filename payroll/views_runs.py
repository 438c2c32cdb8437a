"""Payroll run pages (R-PAY-8, R-PAY-9): HR's run page, payslips, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance.selectors import violation_list
from outreach.dates import today
from outreach.files import file_response
from outreach.guard import in_scope_or_404, permission_required
from outreach.models import AccessLog
from outreach.pagination import paginate
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.views.kept_forms import form_refused, kept_form

from . import services
from .estimate import pay_estimate
from .forms import AdjustmentForm, MonthChoiceForm
from .models import PayrollExport
from .reasons import KIND_LABELS, line_reason
from .selectors import (
    COMMISSION_KINDS,
    payroll_export_get,
    payroll_run_for_month,
    payroll_run_get,
    payroll_run_list,
    payslip_get,
    payslip_lines,
    payslips_visible_to,
    run_commissions_by_group,
    run_group_subtotals,
    run_totals,
)
from .sources import line_sources


@require_GET
@permission_required("payroll.view_all_payslips")
def run_list(request):
    return render(
        request,
        "payroll/run_list.html",
        {
            "runs": payroll_run_list(),
            "form": kept_form(request, MonthChoiceForm, reverse("payroll-run-calculate")),
        },
    )


@require_POST
@permission_required("payroll.run_payroll")
def run_calculate(request):
    form = MonthChoiceForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, "payroll-run-list")
    month = form.cleaned_data["month"]
    try:
        if not services.payroll_run_calculate_request(month=month, actor=request.user):
            messages.error(
                request,
                _(
                    "Background jobs are unavailable right now; nothing was started. "
                    "Try again in a few minutes."
                ),
            )
            return redirect("payroll-run-list")
    except ValidationError as error:
        return form_refused(request, form, "payroll-run-list", error=error)
    run = payroll_run_for_month(month)
    messages.success(
        request, _("Payroll for %(month)s is being calculated.") % {"month": f"{month:%Y-%m}"}
    )
    return redirect("payroll-run", pk=run.pk) if run else redirect("payroll-run-list")


@require_GET
@permission_required("payroll.view_all_payslips")
def run_detail(request, pk: int):
    run = payroll_run_get(pk=pk)
    context = {
        "run": run,
        "totals": run_totals(run),
        "groups": run_group_subtotals(run),
        "page": paginate(request, run.payslips.all(), per_page=50),
        "adjustments": run.adjustment_set.select_related("staff", "created_by"),
        "adjustment_form": kept_form(
            request, AdjustmentForm, reverse("payroll-run-adjust", args=[run.pk])
        ),
        "exports": run.exports.all()[:5],
    }
    return render(request, "payroll/run_detail.html", context)


@require_POST
@permission_required("payroll.run_payroll")
def run_recalculate(request, pk: int):
    run = payroll_run_get(pk=pk)
    try:
        services.payroll_run_calculate(month=run.month, actor=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Recalculated."))
    return redirect("payroll-run", pk=pk)


@require_POST
@permission_required("payroll.approve_payroll")
def run_approve(request, pk: int):
    try:
        services.payroll_run_approve(run=payroll_run_get(pk=pk), actor=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Approved."))
    return redirect("payroll-run", pk=pk)


@require_POST
@permission_required("payroll.run_payroll")
def run_lock(request, pk: int):
    try:
        services.payroll_run_lock(run=payroll_run_get(pk=pk), actor=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Locked: the month is closed."))
    return redirect("payroll-run", pk=pk)


@require_POST
@permission_required("payroll.run_payroll")
def adjustment_create(request, pk: int):
    run = payroll_run_get(pk=pk)
    form = AdjustmentForm(request.POST)
    back = reverse("payroll-run", args=[pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.adjustment_add(run=run, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Adjustment added; recalculate to include it."))
    return redirect(back)


@require_POST
@permission_required("payroll.run_payroll")
def export_request(request, pk: int):
    run = payroll_run_get(pk=pk)
    try:
        export = services.payroll_export_request(
            run=run, actor=request.user, language=get_language()
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("payroll-run", pk=pk)
    return redirect("payroll-export", pk=export.pk)


@require_GET
def export_status(request, pk: int):
    export = payroll_export_get(user=request.user, pk=pk)
    return render(request, "payroll/export_status.html", {"export": export})


@require_GET
def export_download(request, pk: int):
    """Issue 17: the workbook only through the export's scope; every download is logged."""
    export = payroll_export_get(user=request.user, pk=pk)
    if export.status != PayrollExport.Status.DONE:
        raise Http404
    return file_response(
        request,
        export.file,
        download_name=f"payroll-{export.run.month:%Y-%m}",
        log_action=AccessLog.Action.DOWNLOAD,
    )


@require_GET
def my_payslips(request):
    payslips = payslips_visible_to(request.user).order_by("-run__month", "employee_no")
    return render(request, "payroll/payslip_list.html", {"page": paginate(request, payslips)})


@require_GET
def payslip_detail(request, pk: int):
    payslip = payslip_get(user=request.user, pk=pk)
    rows = list(payslip_lines(payslip))
    sources = line_sources(rows)
    lines = [
        {
            "label": KIND_LABELS.get(line.kind, line.kind),
            "amount": line.amount,
            "reason": line_reason(line.kind, line.amount, line.params, line.source_id),
            "sources": sources.get(line.pk, []),
        }
        for line in rows
    ]
    return render(request, "payroll/payslip_detail.html", {"payslip": payslip, "lines": lines})


@require_POST
@permission_required("payroll.approve_payroll")
def fine_confirm(request, pk: int):
    """R-FINE-3: the manager confirms a listed fine from the run page."""
    # R-ROLE-1: only a violation in the manager's attendance scope; a hand-made pk
    # (another's, or not a number) is "not there", never a server error.
    violation = in_scope_or_404(violation_list(user=request.user), pk=request.POST.get("violation"))
    try:
        services.fine_confirm(
            violation=violation,
            side=request.POST.get("side", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Fine confirmed; recalculate to include it."))
    return redirect("payroll-run", pk=pk)


@require_GET
def my_estimate(request):
    """R-PAY-10: my pay so far this month, labelled as an estimate (phone-sized)."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    slip = pay_estimate(staff=me, today=today())
    lines = [
        {
            "label": KIND_LABELS.get(line.kind, line.kind),
            "amount": line.amount,
            "reason": line_reason(line.kind, line.amount, line.params, line.source_id),
        }
        for line in (slip.lines if slip else [])
    ]
    return render(request, "payroll/estimate.html", {"slip": slip, "lines": lines, "me": me})


@require_GET
@permission_required("payroll.view_all_payslips")
def run_commissions(request, pk: int):
    """A manager's view of commissions and awards by group for one run."""
    run = payroll_run_get(pk=pk)
    groups = run_commissions_by_group(run)
    kinds = [(kind, KIND_LABELS[kind]) for kind in COMMISSION_KINDS]
    return render(
        request, "payroll/run_commissions.html", {"run": run, "groups": groups, "kinds": kinds}
    )
