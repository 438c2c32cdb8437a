"""R-LEAD-4, R-LEAD-1: the reception screen, the day's replay, inbound calls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.dates import day_param, today
from outreach.guard import in_scope_or_404, permission_required, require
from outreach.pagination import paginate
from outreach.redirects import safe_next
from outreach.refusals import show_refusal
from outreach.selectors import require_staff

from ..forms import InboundAssignForm, InboundCallForm, StateForm, VisitorForm
from ..selectors import lead_scope, rotation_log, rotation_queue, visits_of_day, visits_to_end
from ..selectors.scopes import (
    inbound_call_scope,
    rotation_consultants,
    rotation_members,
    visits_received,
)
from ..services import leads as lead_services
from ..services import visits as visit_services


@require_http_methods(["GET", "POST"])
@permission_required("clients.run_reception")
def reception(request):
    """The front desk's screen: the queue with states, the visitor book, 'next'."""
    day = today()
    form = VisitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_services.visit_register(
                actor=request.user,
                phone=form.cleaned_data["phone"],
                head_reason=form.cleaned_data["head_reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            if visit.consultant_id:
                messages.success(
                    request, _("Visitor handed to %(name)s.") % {"name": visit.consultant.name}
                )
            else:
                messages.warning(request, _("Nobody is free: the visitor waits."))
            return redirect("reception")
    context = {
        "day": day,
        "queue": rotation_queue(day),
        "visits": visits_of_day(day),
        "form": form,
        "state_form": StateForm(),
        "states": StateForm.base_fields["state"].choices,
    }
    return render(request, "clients/reception.html", context)


@require_POST
@permission_required("clients.run_reception")
def reception_setup(request):
    """Put every current consultant in today's queue (people already in keep their place)."""
    visit_services.rotation_day_setup(
        actor=request.user, day=today(), consultants=rotation_consultants()
    )
    return redirect("reception")


@require_POST
@permission_required("clients.run_reception")
def rotation_state(request, pk: int):
    member = in_scope_or_404(rotation_members(day=today()), pk=pk)
    form = StateForm(request.POST)
    if form.is_valid():
        try:
            visit_services.rotation_set_state(
                actor=request.user,
                member_id=member.pk,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_refusal(request, error)
    return redirect("reception")


@require_POST
@permission_required("clients.run_reception", "clients.confirm_visit")
def visit_end(request, pk: int):
    # Issue 17: another consultant's reception answers 404, like `visit_confirm`.
    visit = in_scope_or_404(visits_to_end(user=request.user), pk=pk)
    try:
        visit_services.visit_end_reception(actor=request.user, visit_id=visit.pk)
    except ValidationError as error:
        show_refusal(request, error)
    return redirect(safe_next(request, reverse("reception")))


@require_POST
@permission_required("clients.confirm_visit")
def visit_confirm(request, pk: int):
    """R-LEAD-4 签字确认 by the receiving consultant (the service checks who)."""
    require_staff(request)
    # R-ROLE-1: another consultant's visit answers 404, not a hint that it exists.
    visit = in_scope_or_404(visits_received(user=request.user), pk=pk)
    try:
        visit_services.visit_confirm(actor=request.user, visit_id=visit.pk)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Visit confirmed."))
    return redirect("visit-mine")


@permission_required("clients.confirm_visit")
def visit_mine(request):
    """A consultant's receptions to confirm."""
    require_staff(request)
    visits = visits_received(user=request.user).select_related("lead__client", "brought_by")
    page = paginate(request, visits)
    # A past reception's lead may since be out of the consultant's scope: link only the
    # leads they may open (one query for the page).
    openable = set(
        lead_scope(request.user)
        .filter(pk__in=[visit.lead_id for visit in page])
        .values_list("pk", flat=True)
    )
    return render(request, "clients/visit_mine.html", {"page": page, "openable": openable})


@permission_required("clients.run_reception", "clients.manage_leads")
def rotation_replay(request):
    """Every handout, skip and reason of a day, in order (?day=YYYY-MM-DD)."""
    day = day_param(request)
    return render(request, "clients/rotation_replay.html", {"day": day, "log": rotation_log(day)})


@require_http_methods(["GET", "POST"])
@permission_required("clients.run_reception", "clients.manage_leads")
def inbound_call_list(request):
    form = InboundCallForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "clients.run_reception")
        if form.is_valid():
            try:
                lead_services.inbound_call_log(actor=require_staff(request), **form.cleaned_data)
            except ValidationError as error:
                show_refusal(request, error, form=form)
            else:
                messages.success(request, _("Call logged."))
                return redirect("inbound-call-list")
    calls = inbound_call_scope(user=request.user)
    context = {"form": form, "page": paginate(request, calls), "assign_form": InboundAssignForm()}
    return render(request, "clients/inbound_calls.html", context)


@require_POST
@permission_required("clients.manage_leads")
def inbound_call_assign(request, pk: int):
    call = in_scope_or_404(inbound_call_scope(user=request.user), pk=pk)
    form = InboundAssignForm(request.POST)
    if form.is_valid():
        try:
            lead_services.inbound_call_assign(
                actor=request.user, call_id=call.pk, canvasser=form.cleaned_data["canvasser"]
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Assigned."))
    return redirect("inbound-call-list")
