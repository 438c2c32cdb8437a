"""R-POOL-1, R-POOL-3: the lead rules' numbers, edited as effective-dated data."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from outreach.dates import parse_param_day, today

from ..models import LeadPolicy
from ..policy import policy_in_force
from .common import require


class LeadPolicyForm(forms.ModelForm):
    class Meta:
        model = LeadPolicy
        fields = [
            "effective_from",
            "protect_days_without_visit",
            "protect_days_with_visit",
            "reminder_days_before",
            "daily_claim_limit",
            "max_leads_held",
            "cooling_days",
            "takeover_hours",
            "complaint_reply_hours",
        ]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


@require_http_methods(["GET", "POST"])
def lead_policy_edit(request):
    """A new version from a day on (a version for the same day is replaced)."""
    require(request, "clients.manage_leads", "outreach.manage_reference")
    current = policy_in_force()
    initial = {f.name: getattr(current, f.name) for f in LeadPolicy._meta.fields}
    initial["effective_from"] = today()
    form = LeadPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        # Parsed first: a raw string in the filter raised ValidationError (a 500).
        day = parse_param_day(request.POST.get("effective_from"))
        existing = LeadPolicy.objects.filter(effective_from=day).first() if day else None
        form = LeadPolicyForm(request.POST, instance=existing)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("rules-lead-policy")
    versions = LeadPolicy.objects.all()[:20]
    return render(
        request,
        "clients/lead_policy.html",
        {"form": form, "versions": versions, "title": _("Lead rules")},
    )
