"""R-LEAD-1…3, R-LEAD-6, R-ROLE-2: registering, viewing and acting on leads."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach import offline
from outreach.guard import can, in_scope_or_404, permission_required
from outreach.models import AccessLog
from outreach.pagination import paginate
from outreach.refusals import show_refusal
from outreach.selectors import require_staff, visible_staff
from outreach.services import access_log_write
from outreach.views.kept_forms import form_refused, kept_form

from ..forms import (
    AssignConsultantForm,
    DealCancelForm,
    DealCreditForm,
    DealForm,
    LeadBulkHandOverForm,
    LeadRegisterForm,
    ReasonForm,
    ReassignForm,
    TakeoverForm,
)
from ..models import LeadStatus
from ..selectors import PhoneVisibility, lead_get, lead_list, lead_scope
from ..selectors.scopes import deal_scope
from ..services import deals as deal_services
from ..services import handover as handover_services
from ..services import leads as lead_services
from ..services import takeover
from ..services import visits as visit_services


@require_http_methods(["GET", "POST"])
@permission_required("clients.register_lead")
def lead_register(request):
    """R-LEAD-1: the one-screen phone form. The hidden key makes a double tap or a resend
    after a dropped connection give one lead (R-DAY-2)."""
    me = require_staff(request)
    form = LeadRegisterForm(request.POST or None, initial={"key": uuid.uuid4()})
    queued = offline.is_queued(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = lead_services.lead_register(
                actor=request.user,
                owner=me,
                data=lead_services.LeadInput(
                    name=data["name"],
                    phone=data["phone"],
                    kind=data["kind"],
                    source=data["source"],
                    need=data["need"],
                    point=data["point"],
                    point_text=data["point_text"],
                ),
                registration_key=data["key"],
                acted_at=offline.acted_at(request),
            )
        except ValidationError as error:
            if queued:  # e.g. the phone was registered by someone else meanwhile
                return offline.refused(" ".join(error.messages))
            show_refusal(request, error, form=form)
        else:
            text = _("Registered %(name)s, protected until %(until)s.") % {
                "name": lead.client.name,
                "until": lead_services._when(lead.protected_until),
            }
            if queued:
                return offline.accepted(url=reverse("lead-detail", args=[lead.pk]), message=text)
            messages.success(request, text)
            return redirect("lead-detail", pk=lead.pk)
    elif request.method == "POST" and queued:
        return offline.form_refused(form)
    return render(request, "clients/lead_register.html", {"form": form})


@permission_required("clients.view_clients")
def lead_list_view(request):
    leads = lead_list(user=request.user).exclude(status=LeadStatus.INVALID)
    page = paginate(request, leads.order_by("protected_until", "-pk"))
    visibility = PhoneVisibility(request.user)
    now = timezone.now()
    for lead in page:
        lead.phone_shown = visibility.show(lead.phone, lead)
        lead.days_left = (
            None if lead.protected_until is None else max(0, (lead.protected_until - now).days)
        )
        lead.lapsed = lead.protected_until is not None and lead.protected_until <= now
    form = LeadBulkHandOverForm() if can(request.user, "clients.manage_leads") else None
    return render(request, "clients/lead_list.html", {"page": page, "hand_over_form": form})


@permission_required("clients.manage_leads")  # first: a GET outside the role is a 403
@require_POST
def lead_bulk_hand_over(request):
    """Issue 20: the selected rows of the lead list to one holder or back to the pool,
    through the departure hand-over's service. Only leads the user sees are taken; any
    other id is ignored. The new owner must be someone the user manages."""
    form = LeadBulkHandOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the form: %(e)s") % {"e": form.errors.as_text()})
        return redirect("lead-list")
    data = form.cleaned_data
    ids = [int(v) for v in request.POST.getlist("lead") if v.isdigit()]
    owner = data["owner"]
    if owner is not None and not visible_staff(request.user).filter(pk=owner.pk).exists():
        messages.error(request, _("You can only hand leads to people you manage."))
        return redirect("lead-list")
    try:
        result = handover_services.leads_hand_over(
            actor=request.user,
            leads=lead_scope(request.user).filter(pk__in=ids),
            to=owner,
            to_pool=data["to_pool"],
            reason=data["reason"],
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("lead-list")
    if result.total:
        messages.success(request, _("Handed over %(n)s leads.") % {"n": result.total})
    else:
        messages.info(request, _("Nothing to hand over: none of the chosen leads can move."))
    return redirect("lead-list")


@permission_required("clients.view_clients")
def lead_detail(request, pk: int):
    lead = lead_get(user=request.user, pk=pk)
    visibility = PhoneVisibility(request.user)
    deals = list(lead.deals.select_related("consultant", "credited_staff"))
    for deal in deals:  # each deal's forms, kept on their own deal when refused
        deal.cancel_form = kept_form(
            request, DealCancelForm, reverse("deal-cancel", args=[deal.pk])
        )
        deal.credit_form = kept_form(
            request, DealCreditForm, reverse("deal-credit", args=[deal.pk])
        )
    context = {
        "lead": lead,
        "phone_shown": visibility.show(lead.phone, lead),
        "masked": not visibility.sees(lead),
        "events": lead.events.select_related("from_staff", "to_staff", "actor"),
        "visits": lead.visits.select_related("consultant", "credited_staff"),
        "deals": deals,
        # A form refused by its action comes back with what was typed (issue 18 §8).
        "invalid_form": kept_form(request, ReasonForm, reverse("lead-invalid", args=[pk])),
        "reassign_form": kept_form(request, ReassignForm, reverse("lead-reassign", args=[pk])),
        "takeover_form": kept_form(request, TakeoverForm, reverse("lead-takeover", args=[pk])),
        "consultant_form": kept_form(
            request, AssignConsultantForm, reverse("lead-consultant", args=[pk])
        ),
        "deal_form": kept_form(
            request,
            DealForm,
            reverse("lead-deal", args=[pk]),
            initial={"signed_on": timezone.localdate()},
        ),
    }
    return render(request, "clients/lead_detail.html", context)


@require_POST
@permission_required("clients.view_clients")
def lead_reveal(request, pk: int):
    """R-ROLE-2: a full number shown to someone who would see it masked is logged."""
    lead = lead_get(user=request.user, pk=pk)
    if lead.status == LeadStatus.POOL:
        raise PermissionDenied
    access_log_write(
        user=request.user, action=AccessLog.Action.REVEAL, target=f"clients.lead:{lead.pk}"
    )
    return render(request, "clients/phone_revealed.html", {"lead": lead})


def _act(request, pk, form_class, action, success, back=None):
    """Scope, form, one service, a message; then back to the lead (or to `back`).
    The view has checked the permission (`permission_required`)."""
    lead = lead_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if back is not None:  # a list's button: its message there, nothing typed to keep
        if not form.is_valid():
            errors = form.errors.as_text()
            messages.error(request, _("Please correct the form: %(e)s") % {"e": errors})
            return redirect(back)
        try:
            action(lead, form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, success)
        return redirect(back)
    back = reverse("lead-detail", args=[lead.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        action(lead, form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, success)
    return redirect(back)


@require_POST
@permission_required("clients.mark_lead_invalid")
def lead_invalid(request, pk: int):
    return _act(
        request,
        pk,
        ReasonForm,
        lambda lead, d: lead_services.lead_mark_invalid(
            actor=request.user, lead_id=lead.pk, reason=d["reason"]
        ),
        _("Marked invalid."),
    )


@require_POST
@permission_required("clients.manage_leads")
def lead_reassign(request, pk: int):
    return _act(
        request,
        pk,
        ReassignForm,
        lambda lead, d: lead_services.lead_reassign(
            actor=request.user, lead_id=lead.pk, owner=d["owner"], reason=d["reason"]
        ),
        _("Reassigned."),
    )


@require_POST
@permission_required("clients.manage_leads")
def lead_takeover(request, pk: int):
    """R-LEAD-6, from the lead or from a row of the takeover list (which it returns to)."""
    from_list = request.POST.get("back") == "takeover-list"
    return _act(
        request,
        pk,
        TakeoverForm,
        lambda lead, d: takeover.lead_take_over(
            actor=request.user,
            lead_id=lead.pk,
            reception_by=d["reception_by"],
            reason=d["reason"],
        ),
        _("Reception taken over by the outreach team."),
        back=reverse("lead-takeover-list") if from_list else None,
    )


@require_POST
@permission_required("clients.register_lead", "clients.manage_leads")
def lead_consultant(request, pk: int):
    return _act(
        request,
        pk,
        AssignConsultantForm,
        lambda lead, d: visit_services.lead_assign_consultant(
            actor=request.user, lead_id=lead.pk, consultant=d["consultant"]
        ),
        _("Assigned to the consultant."),
    )


@require_POST
@permission_required("clients.record_deal")
def lead_deal(request, pk: int):
    def record(lead, d):
        deal_services.deal_record(
            actor=request.user,
            lead_id=lead.pk,
            data=deal_services.DealInput(
                project=d["project"],
                units=d["units"],
                amount=d["amount"],
                signed_on=d["signed_on"],
                first_payment_on=d["first_payment_on"],
            ),
        )

    return _act(request, pk, DealForm, record, _("Deal recorded."))


def _deal_act(request, pk, form_class, action, success):
    """`_act` for a deal's form: the deal must be on a lead the user sees (else 404)."""
    deal = in_scope_or_404(deal_scope(user=request.user), pk=pk)
    return _act(request, deal.lead_id, form_class, lambda _l, d: action(deal, d), success)


@require_POST
@permission_required("clients.record_deal")
def deal_cancel(request, pk: int):
    return _deal_act(
        request,
        pk,
        DealCancelForm,
        lambda deal, d: deal_services.deal_cancel(
            actor=request.user,
            deal_id=deal.pk,
            cause=d["cause"],
            canvasser_fault=d["canvasser_fault"],
        ),
        _("Deal cancelled."),
    )


@require_POST
@permission_required("clients.change_deal_credit")
def deal_credit(request, pk: int):
    return _deal_act(
        request,
        pk,
        DealCreditForm,
        lambda deal, d: deal_services.deal_change_credit(
            actor=request.user, deal_id=deal.pk, staff=d["staff"], reason=d["reason"]
        ),
        _("Credit changed."),
    )
