"""R-LEAD-7: the manager's evidence page for fake registrations (虚假登记)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from outreach.guard import permission_required

from ..selectors import fake_registration_signals

# attendance owns the violation form; clients links to it by URL, never by import.
VIOLATION_FORM_NAMES = ("violation-new", "violation-create")
VIOLATION_FORM_FALLBACK = "/attendance/violations/new/"


def violation_form_url(*, lead_id: int, staff_id: int | None) -> str:
    base = VIOLATION_FORM_FALLBACK
    for name in VIOLATION_FORM_NAMES:
        try:
            base = reverse(name)
            break
        except NoReverseMatch:
            continue
    query = {"lead": lead_id, "code": "FAKE-LEAD"}
    if staff_id:
        query["staff"] = staff_id
    return f"{base}?{urlencode(query)}"


@permission_required("clients.manage_leads")
def lead_fake_signals(request):
    signals = fake_registration_signals(now=timezone.now())
    for lead in signals["never_reached"]:
        lead.violation_url = violation_form_url(lead_id=lead.pk, staff_id=lead.owner_id)
    for row in signals["many_owners"]:
        row["violation_url"] = violation_form_url(
            lead_id=row["lead_id"], staff_id=row["registered_by"]
        )
    return render(request, "clients/fake_signals.html", signals)
