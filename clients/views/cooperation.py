"""R-CLI-3: starting and advancing a business cooperation from the client's page."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import require_staff
from outreach.views.kept_forms import form_refused

from ..selectors import client_get
from ..selectors.scopes import cooperation_scope
from ..services.cooperation import cooperation_advance, cooperation_start


class CooperationForm(forms.Form):
    services = forms.CharField(
        label=gettext_lazy("Service content"), widget=forms.Textarea(attrs={"rows": 2})
    )
    price = forms.DecimalField(
        label=gettext_lazy("Price"), max_digits=12, decimal_places=2, required=False
    )
    proposal = forms.CharField(
        label=gettext_lazy("Tailored proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


COOPERATION_PERMS = ("clients.record_deal", "clients.register_lead")


@require_POST
@permission_required(*COOPERATION_PERMS)
def client_cooperation(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    form = CooperationForm(request.POST)
    back = reverse("client-detail", args=[client.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        cooperation_start(client_id=client.pk, owner=require_staff(request), **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    return redirect(back)


@require_POST
@permission_required(*COOPERATION_PERMS)
def cooperation_step(request, pk: int):
    cooperation = in_scope_or_404(cooperation_scope(user=request.user), pk=pk)
    try:
        cooperation_advance(
            actor=request.user,
            cooperation_id=cooperation.pk,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("client-detail", pk=cooperation.client_id)
