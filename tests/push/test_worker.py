"""Issue 20: a notification committed by an action reaches the local robot through a real
Celery worker and Redis (the path production takes), not in-process. Transactional test,
so the worker's own connection sees the committed rows; every wait has a timeout."""

import os
import time

import pytest

from outreach.services import notification_create
from push.kinds import VISIT_TO_CONFIRM
from push.models import Delivery, DeliveryState
from tests.clients.test_celery_worker import redis_app  # noqa: F401 — the fixture
from tests.push.conftest import robot_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def test_push_a_real_worker_delivers_after_commit(org, robot_server, redis_app):  # noqa: F811
    from celery.contrib.testing.worker import start_worker

    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VISIT_TO_CONFIRM])
    with start_worker(
        redis_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        # Named: an earlier in-process worker's `queues=` stays selected on the app.
        queues=[redis_app.conf.task_default_queue],
    ):
        notification_create(recipient=org["canvasser1"].user, kind="visit_to_confirm", message="x")
        deadline = time.monotonic() + 30
        while not robot_server.taken and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(robot_server.taken) == 1
    assert Delivery.objects.get().state == DeliveryState.SENT
