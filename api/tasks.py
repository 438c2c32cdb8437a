"""Issue 21 §5 jobs: delivering one webhook event, again after the back-off when the
receiver failed (the state lives on the delivery, so any run is idempotent), and a sweep
for deliveries a broker outage left queued."""

from celery import shared_task

from outreach.jobs import RETRY_POLICY, runs_in_process

from . import webhook_services


@shared_task(ignore_result=True)
def api_webhook_deliver(delivery_id: int) -> None:
    wait = webhook_services.delivery_attempt(delivery_id=delivery_id)
    if wait is not None:
        api_webhook_deliver_later(delivery_id, wait)


def api_webhook_deliver_later(delivery_id: int, seconds: float) -> None:
    """Run the delivery again in `seconds`. Without a broker (tasks run in-process, where
    a countdown is ignored) the delivery stays queued with its next attempt time, for
    the sweep."""
    if runs_in_process():
        return
    try:
        api_webhook_deliver.apply_async(
            args=[delivery_id], countdown=seconds, retry=True, retry_policy=RETRY_POLICY
        )
    except Exception:  # noqa: BLE001 — a broker outage: the delivery stays queued, swept
        webhook_services.logger.warning("webhooks: delivery %s not rescheduled", delivery_id)


@shared_task(ignore_result=True)
def api_webhooks_resend() -> None:
    """Queued deliveries whose time has come, sent to the workers again (idempotent)."""
    webhook_services.deliveries_enqueue(webhook_services.deliveries_due())
