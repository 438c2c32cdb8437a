"""Issue 20: chosen notifications reach a group's WeCom or DingTalk robot after commit,
once, signed, retried with back-off, rate-limited, and a failing robot never touches the
action that notified. Against the local robot of conftest.py, never the real services."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from attendance.models import Violation
from attendance.services import violation_record
from outreach.models import Notification
from outreach.services import notification_create, notification_create_many
from push import services, tasks
from push.kinds import APPRAISAL_PUBLISHED, LEAD_EXPIRING, VIOLATION, VISIT_TO_CONFIRM
from push.models import Delivery, DeliveryState, Platform
from tests.factories.attendance import at, daily
from tests.push.conftest import robot_for

pytestmark = pytest.mark.django_db

NOW = "2026-03-10 10:00"


def _violation(org):
    daily(org["canvasser1"])
    return violation_record(
        staff=org["canvasser1"],
        code="MATERIAL",
        occurred_at=at(timezone.localdate() - timedelta(days=1), 11),
    )


@pytest.mark.time_machine(NOW)
def test_push_wecom_gets_a_new_violation_once_after_commit(
    org, robot_server, django_capture_on_commit_callbacks
):
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VIOLATION])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            violation = _violation(org)
        assert robot_server.requests == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(robot_server.taken) == 1
    content = robot_server.taken[0]["markdown"]["content"]
    assert org["canvasser1"].name in content
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.SENT
    assert delivery.attempts == 1
    assert delivery.notification.object_key == f"attendance.violation:{violation.pk}"
    tasks.push_deliver(delivery.pk)  # the same job run again
    assert len(robot_server.requests) == 1


@pytest.mark.time_machine(NOW)
def test_push_a_rolled_back_action_sends_nothing(
    org, robot_server, django_capture_on_commit_callbacks
):
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VIOLATION])

    def action_failing_after_notifying():
        with transaction.atomic():
            _violation(org)
            raise RuntimeError("the action fails after notifying")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        action_failing_after_notifying()
    assert not Violation.objects.exists()
    assert not Notification.objects.exists()
    assert robot_server.requests == []
    assert not Delivery.objects.exists()


def test_push_dingtalk_message_is_signed_with_the_secret(
    org, robot_server, django_capture_on_commit_callbacks
):
    robot_server.secret = "SEC0123456789abcdef"
    robot_for(
        org["groups"][0],
        robot_server,
        manager=org["manager"],
        platform=Platform.DINGTALK,
        kinds=[VISIT_TO_CONFIRM],
        secret=robot_server.secret,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(
            recipient=org["canvasser1"].user, kind="visit_to_confirm", message="确认到访"
        )
    assert robot_server.refusals == []
    (path, query, body, ok) = robot_server.requests[0]
    assert ok
    assert path == "/robot/send"
    assert query["sign"]
    assert query["timestamp"]
    assert "确认到访" in body["markdown"]["text"]
    assert body["markdown"]["title"]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_push_dingtalk_with_a_wrong_secret_is_refused_by_the_robot(
    org, robot_server, django_capture_on_commit_callbacks
):
    """The local robot really checks the signature: a wrong secret is refused."""
    robot_server.secret = "SEC-the-robot-knows"
    robot_for(
        org["groups"][0],
        robot_server,
        manager=org["manager"],
        platform=Platform.DINGTALK,
        kinds=[VISIT_TO_CONFIRM],
        secret="SEC-someone-typed-wrong",
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=org["canvasser1"].user, kind="visit_to_confirm", message="x")
    assert robot_server.refusals == ["sign"]
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.QUEUED
    assert "310000" in delivery.last_error


def test_push_kinds_not_chosen_and_other_groups_send_nothing(
    org, robot_server, django_capture_on_commit_callbacks
):
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VISIT_TO_CONFIRM])
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=org["canvasser1"].user, kind=VIOLATION, message="x")
        notification_create(recipient=org["canvasser3"].user, kind="visit_to_confirm", message="x")
        notification_create(recipient=org["canvasser1"].user, kind="leave_request", message="x")
    assert robot_server.requests == []
    assert not Delivery.objects.exists()


def test_push_a_repeated_notification_sends_once(
    org, robot_server, django_capture_on_commit_callbacks
):
    robot_for(org["groups"][0], robot_server, manager=org["manager"])
    user = org["canvasser1"].user
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notification_create(recipient=user, kind="visit_to_confirm", message="x")
            notification_create_many(
                recipients=[user, org["canvasser2"].user],
                kind="lead_expiry_202603101000",
                message="y",
            )
    assert len(robot_server.requests) == 3
    for delivery in Delivery.objects.all():
        services.delivery_attempt(delivery_id=delivery.pk)
    assert len(robot_server.requests) == 3


def test_push_group_wide_news_reaches_each_group_once(
    org, robot_server, django_capture_on_commit_callbacks
):
    g1, g2 = org["groups"]
    robot_for(g1, robot_server, manager=org["manager"], kinds=[APPRAISAL_PUBLISHED])
    robot_for(g2, robot_server, manager=org["manager"], kinds=[APPRAISAL_PUBLISHED])
    people = [org[name].user for name in ("leader1", "canvasser1", "canvasser2", "canvasser3")]
    with django_capture_on_commit_callbacks(execute=True):
        notification_create_many(
            recipients=people, kind=APPRAISAL_PUBLISHED, message="公示", target=g1
        )
    assert len(robot_server.taken) == 2
    assert Notification.objects.filter(kind=APPRAISAL_PUBLISHED).count() == 4


@pytest.mark.parametrize(
    ("mode", "error"), [("http500", "HTTP 500"), ("errcode", "errcode 310000")]
)
def test_push_a_failing_robot_is_retried_with_back_off_then_failed(
    org, robot_server, django_capture_on_commit_callbacks, mode, error
):
    robot_server.mode = mode
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VIOLATION])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            violation = _violation(org)
        delivery = Delivery.objects.get()
        waits = []
        while delivery.state == DeliveryState.QUEUED:
            waits.append(delivery.next_attempt_at - timezone.now())
            clock.move_to(delivery.next_attempt_at)
            services.delivery_attempt(delivery_id=delivery.pk)
            delivery.refresh_from_db()
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert error in delivery.last_error
    assert len(robot_server.requests) == services.MAX_ATTEMPTS
    assert Violation.objects.filter(pk=violation.pk).exists()  # the action stands


def test_push_the_task_schedules_the_next_attempt_after_the_back_off(
    org, robot_server, monkeypatch, django_capture_on_commit_callbacks
):
    robot_server.mode = "http500"
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[VISIT_TO_CONFIRM])
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=org["canvasser1"].user, kind="visit_to_confirm", message="x")
    delivery = Delivery.objects.get()
    sent = []
    monkeypatch.setattr(tasks, "runs_in_process", lambda: False)
    monkeypatch.setattr(
        tasks.push_deliver,
        "apply_async",
        lambda args, countdown, **_kw: sent.append((args, countdown)),
    )
    with time_machine.travel(delivery.next_attempt_at, tick=False):
        tasks.push_deliver(delivery.pk)
    assert sent == [([delivery.pk], 60.0)]


def test_push_twenty_messages_a_minute_per_robot_the_rest_deferred(
    org, robot_server, monkeypatch, django_capture_on_commit_callbacks
):
    robot_for(org["groups"][0], robot_server, manager=org["manager"], kinds=[LEAD_EXPIRING])
    later = []
    monkeypatch.setattr(tasks, "push_deliver_later", lambda pk, seconds: later.append(seconds))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        start = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(25):
                notification_create(
                    recipient=org["canvasser1"].user, kind=f"lead_expiry_{n:012d}", message=f"{n}"
                )
        assert len(robot_server.taken) == services.RATE_LIMIT
        assert later == [60.0] * 5  # re-scheduled for when the minute frees a slot
        waiting = Delivery.objects.filter(state=DeliveryState.QUEUED)
        assert waiting.count() == 5
        assert all(d.attempts == 0 for d in waiting)
        assert {d.next_attempt_at for d in waiting} == {start + timedelta(minutes=1)}
        clock.move_to(start + timedelta(seconds=61))
        for delivery in list(waiting):
            services.delivery_attempt(delivery_id=delivery.pk)
    assert len(robot_server.taken) == 25
    assert not Delivery.objects.exclude(state=DeliveryState.SENT).exists()


def test_push_a_robot_turned_off_is_skipped(org, robot_server, django_capture_on_commit_callbacks):
    robot = robot_for(org["groups"][0], robot_server, manager=org["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=org["canvasser1"].user, kind="visit_to_confirm", message="x")
    delivery = Delivery.objects.create(robot=robot, dedupe_key="late", title="t", text="x")
    robot.is_active = False
    robot.save(update_fields=["is_active"])
    services.delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SKIPPED
    assert len(robot_server.requests) == 1


def test_push_new_notifications_cost_a_fixed_number_of_queries(
    org,
    robot_server,
    monkeypatch,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from tests.factories import staff_in_group

    g1 = org["groups"][0]
    robot_for(g1, robot_server, manager=org["manager"], kinds=[LEAD_EXPIRING])
    people = [staff_in_group(g1).user for _n in range(12)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_create_many(recipients=people, kind="lead_expiry_1", message="x")
    queued = []
    monkeypatch.setattr(services, "deliveries_enqueue", queued.extend)
    # the read-back of the new notifications, memberships, robots, insert, read-back
    with django_assert_max_num_queries(5):
        for callback in callbacks:
            callback()
    assert Delivery.objects.count() == 12
    assert len(queued) == 12
