"""Issue 20 jobs: delivering one robot message, again later when the robot's minute is
full or the platform failed (the state lives on the message, so any run is idempotent)."""

from celery import shared_task

from outreach.jobs import RETRY_POLICY, runs_in_process

from . import services


@shared_task(ignore_result=True)
def push_deliver(delivery_id: int) -> None:
    wait = services.delivery_attempt(delivery_id=delivery_id)
    if wait is not None:
        push_deliver_later(delivery_id, wait)


def push_deliver_later(delivery_id: int, seconds: float) -> None:
    """Run the delivery again in `seconds`. Without a broker (tasks run in-process, where
    a countdown is ignored) the message stays queued with its next attempt time."""
    if runs_in_process():
        return
    try:
        push_deliver.apply_async(
            args=[delivery_id], countdown=seconds, retry=True, retry_policy=RETRY_POLICY
        )
    except Exception:  # noqa: BLE001 — a broker outage: the message stays queued, shown so
        services.logger.warning("push: delivery %s not rescheduled", delivery_id)


def push_notifications_heard(notifications: list) -> None:
    """The core's notification listener (registered in apps.py): called after commit."""
    services.deliveries_enqueue(services.deliveries_for_notifications(notifications))
