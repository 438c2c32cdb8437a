"""The daily report on a phone (R-DAY-1, R-DAY-2) and the leader's review."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach import offline
from outreach.dates import today
from outreach.guard import permission_required
from outreach.pagination import paginate
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.views.kept_forms import kept_form

from .. import services
from ..forms import DailyReportForm, ReportReviewForm
from ..models import DailyReport
from ..selectors import (
    daily_report_get,
    daily_report_list,
    daily_report_of,
    daily_report_prefill,
    daily_reports_missing,
)
from .common import post_action


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _form_page(request, form, prefill, day):
    """The form, and beside it what the records counted (read-only, R-DAY-1)."""
    counted = [
        (name, DailyReport._meta.get_field(name).verbose_name, value)
        for name, value in prefill.known().items()
    ]
    return render(
        request,
        "campaigns/daily_form.html",
        {"form": form, "day": day, "prefill": prefill, "counted": counted},
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.use_field_plans")
def daily_report_view(request):
    """Today's report form, opened with the day's figures from the records (R-DAY-1).
    With JavaScript the page keeps a draft on the phone and posts by fetch, retrying
    when the network comes back; without it, a plain form post."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    day = today()
    if request.method == "GET":
        existing = daily_report_of(me, day)
        if existing is not None:
            return redirect("daily-report-detail", pk=existing.pk)
        prefill = daily_report_prefill(staff=me, day=day)
        initial = {"idempotency_key": uuid.uuid4(), "day": day, **prefill.initial()}
        return _form_page(request, DailyReportForm(initial=initial), prefill, day)
    form = DailyReportForm(request.POST)
    queued = offline.is_queued(request)
    if form.is_valid():
        try:
            report, _created = services.daily_report_submit(
                actor=request.user,
                day=form.cleaned_data["day"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                acted_at=offline.acted_at(request),
                **form.report_fields(),
            )
        except ValidationError as error:
            if queued:
                return offline.refused(" ".join(error.messages))
            show_refusal(request, error, form=form)
        else:
            url = reverse("daily-report-detail", args=[report.pk])
            if queued:
                return offline.accepted(url=url, message=_("Your daily report is in."))
            if _wants_json(request):
                return JsonResponse({"ok": True, "url": url})
            return redirect(url)
    elif queued:
        return offline.form_refused(form)
    if _wants_json(request):
        errors = [str(m) for field in form.errors.values() for m in field]
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    return _form_page(request, form, daily_report_prefill(staff=me, day=day), day)


@require_GET
@permission_required("campaigns.use_field_plans", "campaigns.view_all_plans")
def daily_report_list_view(request):
    """Reports in scope; a leader (their groups) or a manager (everyone) also sees whose
    report for today is due and not in: the people the missing-report job would fine
    (rostered, checked in, not on leave), never someone resting, on leave or off the
    roster."""
    reports = daily_report_list(user=request.user)
    day = today()
    missing = daily_reports_missing(user=request.user, day=day)
    return render(
        request,
        "campaigns/daily_list.html",
        {"page": paginate(request, reports), "missing": missing, "day": day},
    )


@require_GET
def daily_report_detail_view(request, pk: int):
    report = daily_report_get(user=request.user, pk=pk)
    return render(
        request,
        "campaigns/daily_detail.html",
        {
            "report": report,
            "can_review": services.can_review_report(request.user, report),
            "review_form": kept_form(
                request,
                ReportReviewForm,
                reverse("daily-report-review", args=[report.pk]),
                initial={"comment": report.leader_comment},
            ),
        },
    )


@require_POST
def daily_report_review_view(request, pk: int):
    report = daily_report_get(user=request.user, pk=pk)
    form = ReportReviewForm(request.POST)
    form.is_valid()
    return post_action(
        request,
        lambda: services.daily_report_review(
            actor=request.user, report=report, comment=form.cleaned_data.get("comment", "")
        ),
        success=_("Comment saved."),
        back=reverse("daily-report-detail", args=[report.pk]),
        form=form,
    )
