"""R-POOL-3: the shared pool (numbers masked) and claiming; R-LEAD-6 takeover list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.guard import in_scope_or_404, permission_required
from outreach.pagination import paginate
from outreach.refusals import show_refusal
from outreach.selectors import require_staff, staff_of

from ..forms import TakeoverForm
from ..phones import phone_mask
from ..selectors import pool_list
from ..services.leads import lead_claim
from ..services.takeover import takeover_candidates


@permission_required("clients.register_lead", "clients.manage_leads")
def pool_list_view(request):
    page = paginate(request, pool_list())
    for lead in page:
        lead.phone_shown = phone_mask(lead.phone)
    return render(request, "clients/pool_list.html", {"page": page})


@require_POST
@permission_required("clients.register_lead")
def pool_claim(request, pk: int):
    me = require_staff(request)
    lead = in_scope_or_404(pool_list(), pk=pk)
    try:
        lead = lead_claim(actor=request.user, claimer=me, lead_id=lead.pk)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("pool-list")
    messages.success(request, _("Claimed. The lead is yours and protected again."))
    return redirect("lead-detail", pk=lead.pk)


@permission_required("clients.manage_leads")
def takeover_list(request):
    """R-LEAD-6: leads whose first confirmed visit is over 10 × 24 h old, no deal; each
    row takes its lead over (a POST to lead-takeover), by default for the manager."""
    leads = takeover_candidates(timezone.now()).select_related("client", "owner", "consultant")
    page = paginate(request, leads.order_by("first_visit_at"))
    me = staff_of(request.user)
    people = list(TakeoverForm.base_fields["reception_by"].queryset.values_list("pk", "name"))
    return render(
        request,
        "clients/takeover_list.html",
        {"page": page, "people": people, "me_id": me.pk if me else None},
    )
