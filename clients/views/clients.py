"""R-CLI-1, R-CLI-2, R-ROLE-2: the client archive, its timeline, follow-ups, export."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import permission_required
from outreach.models import AccessLog
from outreach.pagination import paginate
from outreach.refusals import show_refusal
from outreach.selectors import require_staff
from outreach.services import access_log_write
from outreach.uploads import spreadsheet_validate
from outreach.views.kept_forms import form_refused, kept_form

from ..exports import clients_write_xlsx
from ..filters import ClientFilter
from ..forms import FollowUpForm
from ..imports import clients_import, clients_import_check, import_columns
from ..selectors import PhoneVisibility, client_get, client_list, client_timeline
from ..services.follow_ups import follow_up_log
from .care import GradeForm
from .cooperation import CooperationForm
from .feedback import ComplaintForm, FeedbackForm


@permission_required("clients.view_clients")
def client_list_view(request):
    client_filter = ClientFilter(
        request.GET, queryset=client_list(user=request.user), request=request
    )
    page = paginate(request, client_filter.qs)
    visibility = PhoneVisibility(request.user)
    for client in page:
        client.phone_shown = visibility.show(client.phone, client.current_lead)
    return render(request, "clients/client_list.html", {"filter": client_filter, "page": page})


@permission_required("clients.view_clients")
def client_detail(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    visibility = PhoneVisibility(request.user)
    context = {
        "client": client,
        "phone_shown": visibility.show(client.phone, client.current_lead),
        "masked": not visibility.sees(client.current_lead),
        # A form refused by its action comes back with what was typed (issue 18 §8).
        "follow_up_form": kept_form(request, FollowUpForm, reverse("client-follow-up", args=[pk])),
        "feedback_form": kept_form(request, FeedbackForm, reverse("client-feedback", args=[pk])),
        "grade_form": kept_form(request, GradeForm, reverse("client-grade", args=[pk])),
        "cooperation_form": kept_form(
            request, CooperationForm, reverse("client-cooperation", args=[pk])
        ),
        "complaint_form": kept_form(
            request,
            ComplaintForm,
            reverse("client-complaint", args=[pk]),
            initial={"received_at": timezone.localtime()},
        ),
        **client_timeline(client),
    }
    return render(request, "clients/client_detail.html", context)


@require_POST
@permission_required("clients.view_clients")
def client_follow_up(request, pk: int):
    client = client_get(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    back = reverse("client-detail", args=[client.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        follow_up_log(client_id=client.pk, actor=require_staff(request), **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Follow-up logged."))
    return redirect(back)


@permission_required("clients.export_clients")
def client_export(request):
    """R-ROLE-2, R-CLI-6: managers only; every export is written to the access log.
    The columns match the import, so an export can be edited and imported again."""
    client_filter = ClientFilter(
        request.GET, queryset=client_list(user=request.user), request=request
    )
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="clients.xlsx"'
    count = clients_write_xlsx(client_filter.qs, response)
    access_log_write(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        target=f"clients: {count} rows ({request.GET.urlencode()[:150]})",
    )
    return response


@require_http_methods(["GET", "POST"])
@permission_required("clients.manage_leads")
def client_import(request):
    """R-CLI-6: upload → dry-run preview with errors by row and column → confirm."""
    result = None
    if request.method == "POST" and "confirm" in request.POST:
        content = base64.b64decode(request.session.get("client_import", ""))
        try:
            result = clients_import(
                actor=request.user,
                content=content,
                only_valid=bool(request.POST.get("only_valid")),
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            if result.imported:
                request.session.pop("client_import", None)
                messages.success(request, _("Imported %(n)s clients.") % {"n": result.imported})
                return redirect("client-list")
            if not result.errors:  # a re-imported export: every row already in the archive
                request.session.pop("client_import", None)
                messages.info(request, _("Nothing to import: every row is already in the archive."))
                return redirect("client-list")
            messages.error(request, _("Nothing imported: the file has errors."))
    elif request.method == "POST" and request.FILES.get("file"):
        try:
            spreadsheet_validate(request.FILES["file"])  # issue 9: size and kind first
            content = request.FILES["file"].read()
            result = clients_import_check(content)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            request.session["client_import"] = base64.b64encode(content).decode()
    return render(
        request, "clients/client_import.html", {"result": result, "columns": import_columns()}
    )
