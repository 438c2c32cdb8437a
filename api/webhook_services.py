"""Issue 21 §5 writes: registering a webhook endpoint (its secret made here and shown
once), recording an event for the endpoints that chose it, and one attempt at delivering
it (the Celery task's body). Signing and the POST itself are in webhook_signing.

Nothing here runs inside the action the event comes from: events are recorded after its
commit (webhook_events), sent by the worker, and a receiver's failure is recorded on the
delivery for the manager to see, never raised into the action."""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.guard import require
from outreach.jobs import enqueue
from push.crypto import SecretUnreadable, secret_open, secret_seal

from .models import WebhookDelivery, WebhookDeliveryState, WebhookEndpoint, WebhookEvent
from .webhook_events import SUBSCRIBABLE, object_ref
from .webhook_signing import DeliveryError, endpoint_url_check, webhook_post

logger = logging.getLogger(__name__)

MANAGE = "api.manage_webhooks"
SECRET_PREFIX = "whsec_"  # noqa: S105 — a recognisable prefix, no secret
MAX_ATTEMPTS = 6
BACKOFF = timedelta(seconds=30)  # 30 s, 1, 2, 4, 8 min between the six attempts
STALE_SENDING = timedelta(minutes=2)  # a worker that died mid-request: try again
ERROR_LENGTH = 300


@dataclass(frozen=True)
class EndpointCreated:
    endpoint: WebhookEndpoint
    secret: str  # shown once on the page that answers the creation, never stored in clear


def webhook_secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _events_clean(events) -> list[str]:
    events = list(events or [])
    if set(events) - {str(event) for event in SUBSCRIBABLE}:
        raise ValidationError({"events": _("Choose among the listed events.")})
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    return [str(event) for event in SUBSCRIBABLE if event in events]


def _name_clean(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the receiver, e.g. the system it belongs to.")})
    return name[:80]


@transaction.atomic
def endpoint_create(
    *, actor: User, name: str, url: str, events: list[str], is_active: bool = True
) -> EndpointCreated:
    require(actor, MANAGE)
    try:
        url = endpoint_url_check(url)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from None
    secret = webhook_secret_new()
    endpoint = WebhookEndpoint.objects.create(
        name=_name_clean(name),
        url=url,
        secret_sealed=secret_seal(secret),
        events=_events_clean(events),
        is_active=is_active,
        created_by=actor,
    )
    return EndpointCreated(endpoint=endpoint, secret=secret)


@transaction.atomic
def endpoint_update(
    *, actor: User, endpoint: WebhookEndpoint, name: str, events: list[str], is_active: bool
) -> WebhookEndpoint:
    """The name, the events and whether it is on. The address and the secret stay: a new
    address is a new endpoint (with its own secret)."""
    require(actor, MANAGE)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.name, endpoint.events = _name_clean(name), _events_clean(events)
    endpoint.is_active = is_active
    endpoint.save(update_fields=["name", "events", "is_active", "updated_at"])
    return endpoint


def _payload(delivery: WebhookDelivery, occurred_at: datetime, obj: dict | None) -> dict:
    return {
        "id": str(delivery.uid),
        "event": delivery.event,
        "occurred_at": timezone.localtime(occurred_at).isoformat(),
        "object": obj,
    }


def _delivery_new(endpoint, event: str, object_id, occurred_at, obj) -> WebhookDelivery:
    delivery = WebhookDelivery(endpoint=endpoint, event=event, object_id=object_id)
    delivery.payload = _payload(delivery, occurred_at, obj)
    return delivery


def endpoint_test_send(*, actor: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `ping` to the endpoint (sent after commit, like every event)."""
    require(actor, MANAGE)
    if not endpoint.is_active:
        raise ValidationError(_("Turn the endpoint on before sending it a test event."))
    with transaction.atomic():
        delivery = _delivery_new(endpoint, WebhookEvent.PING, None, timezone.now(), None)
        delivery.save()
        transaction.on_commit(lambda: deliveries_enqueue([delivery.pk]), robust=True)
    return delivery


def webhook_event_record(*, event: str, object_id: int, occurred_at: datetime) -> list[int]:
    """One delivery per active endpoint that chose the event, once (the unique key), and
    each new one sent to the workers. Returns the ids sent."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    obj = object_ref(event, object_id)
    WebhookDelivery.objects.bulk_create(
        [_delivery_new(endpoint, event, object_id, occurred_at, obj) for endpoint in endpoints],
        ignore_conflicts=True,
    )
    # The new ones (and any older one never tried, e.g. left by a broker outage).
    ids = list(
        WebhookDelivery.objects.filter(
            endpoint__in=endpoints,
            event=event,
            object_id=object_id,
            state=WebhookDeliveryState.QUEUED,
            attempts=0,
            next_attempt_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    deliveries_enqueue(ids)
    return ids


def deliveries_enqueue(delivery_ids) -> None:
    from .tasks import api_webhook_deliver

    for delivery_id in delivery_ids:
        enqueue(api_webhook_deliver, delivery_id)


def deliveries_due(*, now: datetime | None = None) -> list[int]:
    """Queued deliveries whose time has come (or that were never sent to a worker): the
    sweep's work after a broker outage."""
    now = now or timezone.now()
    rows = WebhookDelivery.objects.filter(state=WebhookDeliveryState.QUEUED).exclude(
        next_attempt_at__gt=now
    )
    return list(rows.values_list("pk", flat=True)[:500])


# --- one attempt ------------------------------------------------------------------------------


def _begin(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Claim the delivery for one request; None when nothing is to be done now."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        stale = delivery.state == WebhookDeliveryState.SENDING and (
            delivery.attempted_at is None or delivery.attempted_at < now - STALE_SENDING
        )
        if delivery.state != WebhookDeliveryState.QUEUED and not stale:
            return None  # sent, failed or being sent: a second run does nothing
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
            return None  # early duplicate: the scheduled run will come
        if not delivery.endpoint.is_active:
            delivery.state = WebhookDeliveryState.FAILED
            delivery.last_error = _("The endpoint is turned off.")
            delivery.save(update_fields=["state", "last_error"])
            return None
        delivery.state, delivery.attempted_at = WebhookDeliveryState.SENDING, now
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.save(update_fields=["state", "attempted_at", "attempts", "next_attempt_at"])
        return delivery


def delivery_attempt(*, delivery_id: int) -> float | None:
    """POST the event once. Returns the seconds after which to try again (the back-off
    after a failure), or None when it is done either way (sent, failed, or nothing due)."""
    now = timezone.now()
    delivery = _begin(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    status = None
    try:
        status = webhook_post(
            url=endpoint.url,
            secret=secret_open(endpoint.secret_sealed),
            event=delivery.event,
            delivery_id=str(delivery.uid),
            payload=delivery.payload,
            timestamp=int(now.timestamp()),
        )
    except SecretUnreadable:
        error, final = _("The secret cannot be read (the key changed): register it again."), True
    except DeliveryError as failure:
        error, final = str(failure), delivery.attempts >= MAX_ATTEMPTS
        status = failure.status
    else:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDeliveryState.SENT,
            sent_at=timezone.now(),
            last_status_code=status,
            last_error="",
        )
        return None
    fields = {"last_error": error[:ERROR_LENGTH], "last_status_code": status}
    if final:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDeliveryState.FAILED, **fields
        )
        return None
    wait = BACKOFF * 2 ** (delivery.attempts - 1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=WebhookDeliveryState.QUEUED, next_attempt_at=timezone.now() + wait, **fields
    )
    return wait.total_seconds()
