"""R-POOL-1, R-SYS-4: `leads_expire` run by a real Celery worker through Redis.

The worker is started in-process with Celery's test utilities; the leads are committed
(transactional test) so the worker's own connection sees them; every wait has a timeout.
"""

import os

import pytest

from clients.models import LeadStatus, OwnershipEvent
from clients.tasks import leads_expire
from tests.factories.clients import at, register

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_app():
    from outreach.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    saved = {k: app.conf.get(k) for k in keys}
    # A queue of this process's own: the suite runs in parallel (xdist workers, the
    # faketime instants) against one Redis, and a worker must not take another's tasks.
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        task_default_queue=f"test-{os.getpid()}",
    )
    _forget_connections(app)
    try:
        yield app
    finally:
        app.conf.update(**saved)
        _forget_connections(app)


def _forget_connections(app) -> None:
    """Drop the broker pool and the (thread-local, cached) result backend made for the
    eager set-up, so the next use reads the configuration above."""
    app._pool = None
    app.amqp._producer_pool = None  # it would keep publishing to the old broker
    app._local.__dict__.pop("backend", None)


def test_r_pool_1_expiry_runs_in_a_real_worker_against_redis(org, redis_app):
    from celery.contrib.testing.worker import start_worker

    leads = [register(org["canvasser1"], f"1320000000{i}", now=at(2026, 1, 1)) for i in range(3)]
    queue = redis_app.conf.task_default_queue  # this process's own (the fixture)
    with start_worker(
        redis_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
    ):
        result = leads_expire.apply_async(queue=queue)
        assert result.get(timeout=30) == 3
        again = leads_expire.apply_async(queue=queue)
        assert again.get(timeout=30) == 0
    for lead in leads:
        lead.refresh_from_db()
        assert lead.status == LeadStatus.POOL
    assert OwnershipEvent.objects.filter(kind="expired").count() == 3
