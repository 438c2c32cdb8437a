"""R-PLAN-6 pages: the archive by quarter, a review (figures beside the previous
quarter's, analysis, focus), the manager's edit, refresh and publish, the xlsx export
and the printable page. Objects come through the scoped selectors (404 outside)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach.guard import can, permission_required
from outreach.models import AccessLog
from outreach.refusals import show_refusal
from outreach.services import access_log_write

from . import selectors, services
from .exports import review_workbook
from .forms import ReviewTextForm
from .presentation import review_tables

MANAGE = selectors.MANAGE
VIEW = selectors.VIEW
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@permission_required(VIEW, MANAGE)
def review_list(request):
    return render(
        request,
        "reviews/list.html",
        {
            "reviews": selectors.review_list(user=request.user),
            "can_manage": can(request.user, MANAGE),
        },
    )


def _page(request, pk: int, template: str):
    review = selectors.review_get(user=request.user, pk=pk)
    return render(
        request,
        template,
        {
            "review": review,
            "tables": review_tables(review, request.user),
            "can_manage": can(request.user, MANAGE) and not review.is_published,
        },
    )


@require_GET
@permission_required(VIEW, MANAGE)
def review_detail(request, pk: int):
    return _page(request, pk, "reviews/detail.html")


@require_GET
@permission_required(VIEW, MANAGE)
def review_print(request, pk: int):
    return _page(request, pk, "reviews/print.html")


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def review_edit(request, pk: int):
    review = selectors.review_get(user=request.user, pk=pk)
    if review.is_published:
        messages.info(request, _("The review is published and can no longer change."))
        return redirect("review-detail", pk=review.pk)
    form = ReviewTextForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(
                review=review,
                actor=request.user,
                analysis=form.cleaned_data["analysis"],
                focus=form.cleaned_data["focus"],
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("review-detail", pk=review.pk)
    return render(request, "reviews/edit.html", {"review": review, "form": form})


@require_POST
@permission_required(MANAGE)
def review_refresh(request, pk: int):
    review = selectors.review_get(user=request.user, pk=pk)
    try:
        services.review_refresh(review=review, actor=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The figures are computed again."))
    return redirect("review-detail", pk=review.pk)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def review_publish(request, pk: int):
    """GET asks for confirmation; POST publishes."""
    review = selectors.review_get(user=request.user, pk=pk)
    if request.method == "GET":
        if review.is_published:
            return redirect("review-detail", pk=review.pk)
        return render(request, "reviews/publish.html", {"review": review})
    try:
        services.review_publish(review=review, actor=request.user)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("review-detail", pk=review.pk)
    messages.success(request, _("The review is published; the team is notified."))
    return redirect("review-detail", pk=review.pk)


@require_GET
@permission_required(VIEW, MANAGE)
def review_export(request, pk: int):
    review = selectors.review_get(user=request.user, pk=pk)
    access_log_write(user=request.user, action=AccessLog.Action.EXPORT, target=f"review {review}")
    response = HttpResponse(review_workbook(review, request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="review-{review.label}.xlsx"'
    return response
