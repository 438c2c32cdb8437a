"""Sending background jobs without letting a broker outage break a page (R-SYS-4).

`task.delay()` with Redis down blocks for about 20 s (the result backend retries its
connection) and then raises, so the page that sent the job answered 500 and a job
sent from `transaction.on_commit` was lost after its record had been committed.
`enqueue` sends without waiting for a result (callers never read one), retries the
broker briefly, and on failure logs and returns False: the caller keeps a durable
record of the work (e.g. a pending export, swept by `payroll_exports_resend`) or tells
the user nothing was started.
"""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# About one second in all before giving up on the broker.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def enqueue(task, *args, **kwargs) -> bool:
    """Send `task(*args, **kwargs)` to the workers; False when the broker is down."""
    try:
        task.apply_async(
            args=args, kwargs=kwargs, ignore_result=True, retry=True, retry_policy=RETRY_POLICY
        )
    except OperationalError as error:
        logger.warning("broker unavailable: %s not sent (%s)", task.name, error)
        return False
    return True
