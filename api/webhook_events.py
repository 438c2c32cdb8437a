"""Where the webhooks' events come from (issue 21 §5): post_save signals of the lower
apps' models, connected in ApiConfig.ready, so clients and payroll never learn of the API.

- lead.registered     a Lead created (by any path that registers one);
- visit.confirmed     a Visit saved with its confirmation stamped (clients.services.visits
                      `visit_confirm` sets `confirmed_at`; there is no "confirmed" state);
- deal.signed         a Deal created with the status "signed";
- payroll_run.locked  a PayrollRun saved with the status "locked".

Each is recorded after the action's commit (nothing for a rolled-back action) and never
raised into it: a failure to record is logged, the action stands.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from clients.models import Deal, DealStatus, Lead, Visit
from payroll.models import PayrollRun, RunStatus

from .models import WebhookEvent

logger = logging.getLogger(__name__)

# event -> (the object's type in the payload, the API route's basename)
OBJECTS = {
    WebhookEvent.LEAD_REGISTERED: ("lead", "api-lead"),
    WebhookEvent.VISIT_CONFIRMED: ("visit", "api-visit"),
    WebhookEvent.DEAL_SIGNED: ("deal", "api-deal"),
    WebhookEvent.PAYROLL_RUN_LOCKED: ("payroll_run", "api-payroll-run"),
}
SUBSCRIBABLE = list(OBJECTS)


def event_choices() -> list[tuple[str, str]]:
    return [(event.value, event.label) for event in SUBSCRIBABLE]


def object_path(event: str, object_id: int) -> str:
    """The object's address in the API, where the receiver fetches it with its token."""
    _type, basename = OBJECTS[WebhookEvent(event)]
    return reverse(f"{basename}-detail", args=[object_id])


def object_ref(event: str, object_id: int) -> dict:
    return {
        "type": OBJECTS[WebhookEvent(event)][0],
        "id": object_id,
        "path": object_path(event, object_id),
    }


def event_happened(event: str, object_id: int, occurred_at: datetime | None) -> None:
    """Record the event after the current transaction commits (at once outside one)."""
    occurred_at = occurred_at or timezone.now()

    def record() -> None:
        from .webhook_services import webhook_event_record

        try:
            webhook_event_record(event=event, object_id=object_id, occurred_at=occurred_at)
        except Exception:  # noqa: BLE001 — a webhook never breaks the action
            logger.exception("webhooks: %s %s not recorded", event, object_id)

    try:
        transaction.on_commit(record, robust=True)
    except Exception:  # noqa: BLE001
        logger.exception("webhooks: %s %s not scheduled", event, object_id)


def _changed(update_fields, field: str) -> bool:
    return update_fields is None or field in update_fields


def _lead_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        event_happened(WebhookEvent.LEAD_REGISTERED, instance.pk, instance.created_at)


def _visit_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or instance.confirmed_at is None or not _changed(update_fields, "confirmed_at"):
        return
    event_happened(WebhookEvent.VISIT_CONFIRMED, instance.pk, instance.confirmed_at)


def _deal_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.status == DealStatus.SIGNED:
        event_happened(WebhookEvent.DEAL_SIGNED, instance.pk, instance.created_at)


def _payroll_run_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or instance.status != RunStatus.LOCKED or not _changed(update_fields, "status"):
        return
    event_happened(WebhookEvent.PAYROLL_RUN_LOCKED, instance.pk, instance.locked_at)


def signals_connect() -> None:
    """Called by ApiConfig.ready (the lower apps send no signal of their own for this)."""
    receivers = [
        (Lead, _lead_saved),
        (Visit, _visit_saved),
        (Deal, _deal_saved),
        (PayrollRun, _payroll_run_saved),
    ]
    for model, receiver in receivers:
        post_save.connect(
            receiver, sender=model, dispatch_uid=f"api.webhooks.{model.__name__}", weak=False
        )
