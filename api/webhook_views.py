"""Issue 21 §5 pages: the outside systems' webhook endpoints (managers), their recent and
failed deliveries. The secret appears once, on the page answering the creation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal

from . import webhook_services as services
from .models import WebhookEvent
from .webhook_forms import EndpointForm
from .webhook_selectors import deliveries_recent, endpoint_list, endpoint_list_with_counts

MANAGE = "api.manage_webhooks"


@permission_required(MANAGE)
def webhook_list_view(request):
    endpoints = list(endpoint_list_with_counts(user=request.user))
    labels = dict(WebhookEvent.choices)
    for endpoint in endpoints:
        endpoint.event_labels = [labels[event] for event in endpoint.events if event in labels]
    return render(
        request,
        "api/webhook_list.html",
        {
            "endpoints": endpoints,
            "failures": deliveries_recent(user=request.user, failed_only=True),
            "recent": deliveries_recent(user=request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def webhook_new_view(request):
    form = EndpointForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.endpoint_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            # Answered here, not after a redirect: the secret is never stored in clear,
            # not even in the session, and this page is its only showing.
            return render(
                request,
                "api/webhook_created.html",
                {"endpoint": created.endpoint, "secret": created.secret},
            )
    return render(
        request,
        "form.html",
        {"form": form, "title": _("Register a webhook"), "back": reverse("webhook-list")},
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def webhook_edit_view(request, pk: int):
    endpoint = in_scope_or_404(endpoint_list(user=request.user), pk=pk)
    initial = {"name": endpoint.name, "events": endpoint.events, "is_active": endpoint.is_active}
    form = EndpointForm(request.POST or None, endpoint=endpoint, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(actor=request.user, endpoint=endpoint, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("webhook-list")
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Edit %(endpoint)s") % {"endpoint": endpoint},
            "back": reverse("webhook-list"),
        },
    )


@require_POST
@permission_required(MANAGE)
def webhook_test_view(request, pk: int):
    endpoint = in_scope_or_404(endpoint_list(user=request.user), pk=pk)
    try:
        services.endpoint_test_send(actor=request.user, endpoint=endpoint)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Test event queued: it appears below once sent."))
    return redirect("webhook-list")
