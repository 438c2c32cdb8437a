"""Field plan and trip pages (R-PLAN-1)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach.dates import today
from outreach.guard import can, permission_required
from outreach.pagination import paginate
from outreach.selectors import group_list, groups_led_by, staff_of, visible_staff
from outreach.views.kept_forms import kept_data

from .. import services
from ..forms import DecisionForm, PlanEntryForm, TripPlanForm, WeeklyPlanForm
from ..models import TripStatus
from ..selectors import plan_get, plan_list, plan_with_reports, trip_get, trip_list
from .common import form_page, post_action

PLAN_PERMS = ("campaigns.use_field_plans", "campaigns.view_all_plans")


@require_GET
@permission_required(*PLAN_PERMS)
def plan_list_view(request):
    plans = plan_list(user=request.user).order_by("-week_start", "pk")
    return render(
        request,
        "campaigns/plan_list.html",
        {"page": paginate(request, plans), "can_write": can(request.user, PLAN_PERMS[0])},
    )


@require_http_methods(["GET", "POST"])
@permission_required(*PLAN_PERMS)
def plan_create_view(request):
    user, me = request.user, staff_of(request.user)
    this_monday = today() - timedelta(days=today().weekday())
    groups = (
        group_list()
        if can(user, "campaigns.view_all_plans")
        else groups_led_by(me, today())
        if me
        else group_list().none()
    )
    form = WeeklyPlanForm(
        request.POST or None,
        staff_choices=visible_staff(user).order_by("employee_no"),
        group_choices=groups,
        initial={"week_start": this_monday + timedelta(days=7), "staff": me},
    )
    return form_page(
        request,
        form,
        title=_("New weekly plan"),
        back=reverse("plan-list"),
        save=lambda data: services.weekly_plan_create(actor=user, **data),
        success=_("Weekly plan created; now add its days."),
        success_url=lambda plan: reverse("plan-detail", args=[plan.pk]),
    )


@require_GET
def plan_detail_view(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    can_write = services.can_write_plan(request.user, staff=plan.staff, group=plan.group)
    return render(
        request,
        "campaigns/plan_detail.html",
        {
            "plan": plan,
            "rows": plan_with_reports(plan),
            "can_write": can_write,
            "market_notes": plan.market_notes.all()[:10],
        },
    )


@require_http_methods(["GET", "POST"])
def plan_entry_add_view(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    if not services.can_write_plan(request.user, staff=plan.staff, group=plan.group):
        raise PermissionDenied
    form = PlanEntryForm(request.POST or None, initial={"day": plan.week_start})
    url = reverse("plan-detail", args=[plan.pk])
    return form_page(
        request,
        form,
        title=_("Add to the plan"),
        back=url,
        save=lambda data: services.plan_entry_add(actor=request.user, plan=plan, **data),
        success=_("Added."),
        success_url=url,
    )


@require_GET
@permission_required(*PLAN_PERMS)
def trip_list_view(request):
    trips = trip_list(user=request.user)
    status = request.GET.get("status")
    if status in TripStatus.values:
        trips = trips.filter(status=status)
    return render(
        request,
        "campaigns/trip_list.html",
        {
            "page": paginate(request, trips),
            "statuses": TripStatus.choices,
            "status": status,
            "can_write": can(request.user, PLAN_PERMS[0]),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.use_field_plans")
def trip_create_view(request):
    form = TripPlanForm(request.POST or None, initial={"day": today() + timedelta(days=1)})
    return form_page(
        request,
        form,
        title=_("New out-of-office trip plan"),
        back=reverse("trip-list"),
        save=lambda data: services.trip_plan_submit(actor=request.user, **data),
        success=_("Trip plan sent for approval."),
        success_url=lambda trip: reverse("trip-detail", args=[trip.pk]),
    )


@require_GET
def trip_detail_view(request, pk: int):
    trip = trip_get(user=request.user, pk=pk)
    return render(
        request,
        "campaigns/trip_detail.html",
        {
            "trip": trip,
            "supervisor": services.trip_supervisor(trip.staff, trip.day),
            "can_decide": trip.status == TripStatus.PENDING
            and services.can_decide_trip(request.user, trip),
            "decision_kept": kept_data(request, reverse("trip-decide", args=[trip.pk])),
            "claims": trip.expense_claims.all(),
        },
    )


@require_POST
def trip_decide_view(request, pk: int):
    trip = trip_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services.trip_plan_decide(
            actor=request.user,
            trip=trip,
            approve=data.get("decision") == "approve",
            comment=data.get("comment", ""),
        ),
        success=_("Decision saved."),
        back=reverse("trip-detail", args=[trip.pk]),
        form=form,
    )
