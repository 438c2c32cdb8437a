"""Issue 21 §5 reads for the webhooks page: every endpoint and its deliveries, for those
who manage webhooks (office-wide, like the group robots), nothing for anyone else."""

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from outreach.guard import can

from .models import WebhookDelivery, WebhookDeliveryState, WebhookEndpoint

MANAGE = "api.manage_webhooks"
RECENT = 30


def endpoint_list(*, user: User) -> QuerySet[WebhookEndpoint]:
    if not can(user, MANAGE):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.all()


def endpoint_list_with_counts(*, user: User) -> QuerySet[WebhookEndpoint]:
    return endpoint_list(user=user).annotate(
        sent=Count("deliveries", filter=Q(deliveries__state=WebhookDeliveryState.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__state=WebhookDeliveryState.FAILED)),
        waiting=Count(
            "deliveries",
            filter=Q(
                deliveries__state__in=[
                    WebhookDeliveryState.QUEUED,
                    WebhookDeliveryState.SENDING,
                ]
            ),
        ),
    )


def deliveries_recent(*, user: User, failed_only: bool = False) -> list[WebhookDelivery]:
    """The latest deliveries of the endpoints the user manages (the failed ones, or all)."""
    rows = WebhookDelivery.objects.filter(endpoint__in=endpoint_list(user=user)).select_related(
        "endpoint"
    )
    if failed_only:
        rows = rows.filter(state=WebhookDeliveryState.FAILED)
    return list(rows.order_by("-created_at", "-pk")[:RECENT])
