"""R-CLI-4: recording surveys and complaints, the complaint log and closing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from outreach.forms import DATETIME_LOCAL
from outreach.guard import in_scope_or_404, permission_required
from outreach.pagination import paginate
from outreach.selectors import require_staff
from outreach.views.kept_forms import form_refused, kept_form, kept_posted

from ..models import ComplaintEntry
from ..selectors import client_get
from ..selectors.scopes import complaint_scope
from ..services import feedback as services


class FeedbackForm(forms.Form):
    score = forms.IntegerField(label=gettext_lazy("Score (1-5)"), min_value=1, max_value=5)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False)


class ComplaintForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Complaint"), widget=forms.Textarea(attrs={"rows": 2})
    )
    received_at = forms.DateTimeField(
        label=gettext_lazy("Received at"),
        widget=DATETIME_LOCAL,
        help_text=gettext_lazy("Now, unless the client complained earlier."),
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ComplaintEntry.Kind.choices)
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    client_satisfied = forms.BooleanField(
        label=gettext_lazy("The client is satisfied"), required=False
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Manager's override reason"), max_length=200, required=False
    )


@require_POST
@permission_required("clients.handle_complaints")
def client_feedback(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    form = FeedbackForm(request.POST)
    back = reverse("client-detail", args=[client.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.feedback_record(
            client_id=client.pk, actor=require_staff(request), **form.cleaned_data
        )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Survey recorded."))
    return redirect(back)


@require_POST
@permission_required("clients.handle_complaints")
def client_complaint(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    form = ComplaintForm(request.POST)
    back = reverse("client-detail", args=[client.pk])
    if not form.is_valid():
        # Each missing field is marked beside it on the client's page (issue 18 §8).
        return form_refused(request, form, back)
    try:
        complaint = services.complaint_record(
            client_id=client.pk, actor=require_staff(request), **form.cleaned_data
        )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    return redirect("complaint-detail", pk=complaint.pk)


@permission_required("clients.handle_complaints")
def complaint_list(request):
    complaints = complaint_scope(user=request.user).order_by("status", "reply_due_at")
    page = paginate(request, complaints)
    return render(request, "clients/complaint_list.html", {"page": page, "now": timezone.now()})


@permission_required("clients.handle_complaints")
def complaint_detail(request, pk: int):
    complaint = in_scope_or_404(complaint_scope(user=request.user), pk=pk)
    here = reverse("complaint-detail", args=[complaint.pk])
    if request.method == "POST":
        me = require_staff(request)
        closing = "close" in request.POST
        form = CloseForm(request.POST) if closing else EntryForm(request.POST)
        if not form.is_valid():
            return form_refused(request, form, here)
        try:
            if closing:
                services.complaint_close(complaint_id=complaint.pk, actor=me, **form.cleaned_data)
            else:
                services.complaint_log(complaint_id=complaint.pk, actor=me, **form.cleaned_data)
        except ValidationError as error:
            return form_refused(request, form, here, error=error)
        return redirect(here)
    # Both forms post here; the one refused comes back as typed (issue 18 §8).
    closing = "close" in kept_posted(request, here)
    context = {
        "complaint": complaint,
        "entries": complaint.entries.select_related("by"),
        "entry_form": EntryForm() if closing else kept_form(request, EntryForm, here),
        "close_form": kept_form(request, CloseForm, here) if closing else CloseForm(),
        "now": timezone.now(),
    }
    return render(request, "clients/complaint_detail.html", context)
