"""R-CLI-3: starting and advancing a business cooperation from the client's page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from outreach.views.kept_forms import form_refused

from ..models import Cooperation
from ..selectors import client_get, client_list
from ..services.cooperation import cooperation_advance, cooperation_start
from .common import require, require_staff


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


@require_POST
def client_cooperation(request, pk: int):
    require(request, "clients.record_deal", "clients.register_lead")
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
def cooperation_step(request, pk: int):
    require(request, "clients.record_deal", "clients.register_lead")
    cooperation = get_object_or_404(
        Cooperation.objects.filter(client__in=client_list(user=request.user)), pk=pk
    )
    try:
        cooperation_advance(
            user=request.user,
            cooperation_id=cooperation.pk,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("client-detail", pk=cooperation.client_id)
