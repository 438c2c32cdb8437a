"""Expense claim pages (R-PLAN-2)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach.guard import can, permission_required
from outreach.pagination import paginate
from outreach.selectors import staff_of
from outreach.views.kept_forms import kept_data

from .. import services
from ..filters import ClaimFilter
from ..forms import DecisionForm, ExpenseClaimForm
from ..models import ClaimStatus, TripStatus
from ..selectors import campaign_list, claim_get, claim_list, trip_list
from .common import form_page, post_action

CLAIM_PERMS = ("campaigns.use_field_plans", "campaigns.view_all_claims")


@require_GET
@permission_required(*CLAIM_PERMS)
def claim_list_view(request):
    claim_filter = ClaimFilter(request.GET, queryset=claim_list(user=request.user))
    return render(
        request,
        "campaigns/claim_list.html",
        {
            "filter": claim_filter,
            "page": paginate(request, claim_filter.qs),
            "can_write": can(request.user, CLAIM_PERMS[0]),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.use_field_plans")
def claim_create_view(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    form = ExpenseClaimForm(
        request.POST or None,
        request.FILES or None,
        trips=trip_list(user=request.user).filter(staff=me, status=TripStatus.APPROVED),
        campaigns=campaign_list(user=request.user),
    )
    return form_page(
        request,
        form,
        title=_("New expense claim"),
        back=reverse("claim-list"),
        save=lambda data: services.expense_claim_submit(actor=request.user, **data),
        success=_("Expense claim sent for approval."),
        success_url=lambda claim: reverse("claim-detail", args=[claim.pk]),
    )


@require_GET
def claim_detail_view(request, pk: int):
    claim = claim_get(user=request.user, pk=pk)
    return render(
        request,
        "campaigns/claim_detail.html",
        {
            "claim": claim,
            "can_decide": claim.status == ClaimStatus.SUBMITTED
            and services.can_decide_claim(request.user, claim),
            "decision_kept": kept_data(request, reverse("claim-decide", args=[claim.pk])),
        },
    )


@require_POST
def claim_decide_view(request, pk: int):
    claim = claim_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services.expense_claim_decide(
            actor=request.user,
            claim=claim,
            approve=data.get("decision") == "approve",
            comment=data.get("comment", ""),
        ),
        success=_("Decision saved."),
        back=reverse("claim-detail", args=[claim.pk]),
        form=form,
    )
