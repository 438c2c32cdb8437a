"""R-CLI-7 care lists and R-CLI-5 manual grading."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from outreach.dates import today
from outreach.guard import can, permission_required
from outreach.views.kept_forms import form_refused

from ..models import ClientGrade
from ..selectors import client_get, client_list
from ..selectors.care import (
    birthdays_soon,
    care_cadences,
    care_overdue,
    care_overdue_by_owner,
    festivals_soon,
)
from ..services.grading import client_grade_override


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=gettext_lazy("Grade"),
        choices=[("", gettext_lazy("Back to automatic grading")), *ClientGrade.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": gettext_lazy("Reason")}
        ),
    )


@permission_required("clients.view_clients")
def care_list(request):
    day = today()
    clients = client_list(user=request.user)
    context = {
        "overdue": care_overdue(clients, on=day).select_related("current_lead__owner")[:200],
        "birthdays": birthdays_soon(clients, on=day)[:200],
        "festivals": festivals_soon(on=day),
        "cadences": care_cadences(),
        "by_owner": (
            care_overdue_by_owner(clients, on=day)
            if can(request.user, "clients.view_all_clients")
            else None
        ),
    }
    return render(request, "clients/care.html", context)


@require_POST
@permission_required("clients.grade_clients")
def client_grade(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    form = GradeForm(request.POST)
    back = reverse("client-detail", args=[client.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        client_grade_override(
            client_id=client.pk,
            grade=form.cleaned_data["grade"] or None,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Grade saved."))
    return redirect(back)
