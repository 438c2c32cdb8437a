"""R-POOL-1, R-POOL-3: the lead rules' numbers, edited as effective-dated data."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from outreach.dates import parse_param_day, today
from outreach.guard import permission_required

from ..models import LeadPolicy
from ..policy import policy_in_force
from ..selectors.scopes import lead_policy_of_day, lead_policy_versions
from ..services.policy import POLICY_EDITORS, lead_policy_set


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
@permission_required(*POLICY_EDITORS)
def lead_policy_edit(request):
    """A new version from a day on (a version for the same day is replaced)."""
    current = policy_in_force()
    initial = {f.name: getattr(current, f.name) for f in LeadPolicy._meta.fields}
    initial["effective_from"] = today()
    form = LeadPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        # Parsed first: a raw string in the filter raised ValidationError (a 500). The
        # version of that day is the form's instance, so its own day is not "taken".
        existing = lead_policy_of_day(parse_param_day(request.POST.get("effective_from")))
        form = LeadPolicyForm(request.POST, instance=existing)
        if form.is_valid():
            lead_policy_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("rules-lead-policy")
    return render(
        request,
        "clients/lead_policy.html",
        {"form": form, "versions": lead_policy_versions(), "title": _("Lead rules")},
    )
