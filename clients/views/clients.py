"""R-CLI-1, R-CLI-2, R-ROLE-2: the client archive, its timeline, follow-ups, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.models import AccessLog
from outreach.pagination import paginate
from outreach.services import access_log_write

from ..filters import ClientFilter
from ..forms import FollowUpForm
from ..selectors import PhoneVisibility, client_get, client_list, client_timeline
from ..services.follow_ups import follow_up_log
from .care import GradeForm
from .common import require, require_staff
from .feedback import ComplaintForm, FeedbackForm


def client_list_view(request):
    require(request, "clients.view_clients")
    client_filter = ClientFilter(request.GET, queryset=client_list(user=request.user))
    page = paginate(request, client_filter.qs)
    visibility = PhoneVisibility(request.user)
    for client in page:
        client.phone_shown = visibility.show(client.phone, client.current_lead)
    return render(request, "clients/client_list.html", {"filter": client_filter, "page": page})


def client_detail(request, pk: int):
    require(request, "clients.view_clients")
    client = client_get(user=request.user, pk=pk)
    visibility = PhoneVisibility(request.user)
    context = {
        "client": client,
        "phone_shown": visibility.show(client.phone, client.current_lead),
        "masked": not visibility.sees(client.current_lead),
        "follow_up_form": FollowUpForm(),
        "feedback_form": FeedbackForm(),
        "grade_form": GradeForm(),
        "complaint_form": ComplaintForm(initial={"received_at": timezone.localtime()}),
        **client_timeline(client),
    }
    return render(request, "clients/client_detail.html", context)


@require_POST
def client_follow_up(request, pk: int):
    require(request, "clients.view_clients")
    client = client_get(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_log(client_id=client.pk, by=require_staff(request), **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Follow-up logged."))
    else:
        messages.error(request, form.errors.as_text())
    return redirect("client-detail", pk=client.pk)


def client_export(request):
    """R-ROLE-2, R-CLI-6: managers only; every export is written to the access log."""
    require(request, "clients.export_clients")
    from openpyxl import Workbook

    client_filter = ClientFilter(request.GET, queryset=client_list(user=request.user))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("clients")
    sheet.append(
        [_("Name"), _("Company"), _("Phone"), _("Source"), _("Grade"), _("Owner"), _("Registered")]
    )
    count = 0
    for client in client_filter.qs.iterator(chunk_size=2000):
        owner = client.current_lead.owner if client.current_lead else None
        sheet.append(
            [
                client.name,
                client.company_name,
                client.phone,
                client.get_source_display(),
                client.grade,
                owner.name if owner else "",
                timezone.localtime(client.registered_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
        count += 1
    access_log_write(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        target=f"clients: {count} rows ({request.GET.urlencode()[:150]})",
    )
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="clients.xlsx"'
    workbook.save(response)
    return response
