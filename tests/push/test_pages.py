"""Issue 20: the managers' robots page — connecting a chat with its webhook and secret
(stored encrypted, never shown back in full), the test message, the failures shown, and
nobody else getting in."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from outreach.services import notification_create
from push import crypto
from push.kinds import VIOLATION, VISIT_TO_CONFIRM
from push.models import Delivery, DeliveryState, GroupRobot, Platform
from tests.push.conftest import robot_for

pytestmark = pytest.mark.django_db

SECRET = "SECfa9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2"


def _client(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def _connect(client, group, url, **extra):
    data = {
        "group": group.pk,
        "name": "销售一组群",
        "platform": Platform.DINGTALK,
        "webhook": url,
        "secret": SECRET,
        "kinds": [VIOLATION, VISIT_TO_CONFIRM],
        "is_active": "on",
    } | extra
    return client.post(reverse("push-robot-new"), data)


def test_push_webhook_and_secret_are_encrypted_and_never_shown_back(org, robot_server):
    manager = _client(org["manager"])
    url = robot_server.url(Platform.DINGTALK)
    token = url.rsplit("=", 1)[1]
    response = _connect(manager, org["groups"][0], url)
    assert response.status_code == 302
    robot = GroupRobot.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_sealed, secret_sealed FROM push_grouprobot")
        raw = " ".join(cursor.fetchone())
    assert token not in raw
    assert SECRET not in raw
    assert crypto.secret_open(robot.webhook_sealed) == url
    assert crypto.secret_open(robot.secret_sealed) == SECRET
    pages = [
        manager.get(reverse("push-robot-list")).content.decode(),
        manager.get(reverse("push-robot-edit", args=[robot.pk])).content.decode(),
    ]
    for html in pages:
        assert token not in html
        assert SECRET not in html
        assert robot.webhook_hint in html  # the masked form: host and the last characters
    assert robot.webhook_hint.endswith(token[-4:])
    assert token not in robot.webhook_hint


def test_push_editing_with_blank_secrets_keeps_them(org, robot_server):
    manager = _client(org["manager"])
    _connect(manager, org["groups"][0], robot_server.url(Platform.DINGTALK))
    robot = GroupRobot.objects.get()
    response = manager.post(
        reverse("push-robot-edit", args=[robot.pk]),
        {"name": "renamed", "platform": Platform.DINGTALK, "webhook": "", "secret": ""},
    )
    assert response.status_code == 302
    robot.refresh_from_db()
    assert robot.name == "renamed"
    assert robot.kinds == []
    assert not robot.is_active
    assert crypto.secret_open(robot.webhook_sealed) == robot_server.url(Platform.DINGTALK)
    assert crypto.secret_open(robot.secret_sealed) == SECRET


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/robot/send?access_token=abc",  # another host
        "http://oapi.dingtalk.com/robot/send?access_token=abc",  # not https
        "https://oapi.dingtalk.com/robot/send",  # no token
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",  # WeCom's, for DingTalk
    ],
)
def test_push_only_the_platforms_webhook_is_accepted(org, url):
    manager = _client(org["manager"])
    response = _connect(manager, org["groups"][0], url)
    assert response.status_code == 200
    assert response.context["form"].errors["webhook"]
    assert not GroupRobot.objects.exists()


def test_push_the_official_webhook_is_accepted(org):
    manager = _client(org["manager"])
    url = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"
    assert _connect(manager, org["groups"][0], url).status_code == 302
    assert GroupRobot.objects.get().webhook_hint == "https://oapi.dingtalk.com/…cdef"


def test_push_test_message_reaches_the_robot(org, robot_server, django_capture_on_commit_callbacks):
    robot = robot_for(org["groups"][0], robot_server, manager=org["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(org["manager"]).post(reverse("push-robot-test", args=[robot.pk]))
    assert response.status_code == 302
    assert len(robot_server.taken) == 1
    assert org["manager"].name in robot_server.taken[0]["markdown"]["content"]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_push_failures_are_shown_to_the_manager(
    org, robot_server, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    robot_server.mode = "http500"
    robot = robot_for(org["groups"][0], robot_server, manager=org["manager"])
    for n in range(3):
        Delivery.objects.create(
            robot=robot,
            dedupe_key=f"old{n}",
            title="旧消息",
            text="x",
            state=DeliveryState.FAILED,
            attempts=5,
            last_error="HTTP 500",
        )
    manager = _client(org["manager"])
    with django_assert_max_num_queries(12):
        html = manager.get(reverse("push-robot-list")).content.decode()
    assert html.count("HTTP 500") == 3
    assert 'data-failed="3"' in html


@pytest.mark.parametrize("who", ["leader1", "canvasser1", "hr", "admin", "salesmgr"])
def test_push_robots_are_managed_by_managers_only(org, robot_server, who):
    robot = robot_for(org["groups"][0], robot_server, manager=org["manager"])
    client = _client(org[who])
    assert client.get(reverse("push-robot-list")).status_code == 403
    assert client.get(reverse("push-robot-new")).status_code == 403
    assert client.post(reverse("push-robot-test", args=[robot.pk])).status_code == 403
    edit = reverse("push-robot-edit", args=[robot.pk])
    assert client.post(edit, {"name": "x", "platform": "wecom", "webhook": ""}).status_code == 403
    robot.refresh_from_db()
    assert robot.name == "robot"
    assert not Delivery.objects.exists()


def test_push_a_robot_turned_off_gets_no_test_message(org, robot_server):
    robot = robot_for(org["groups"][0], robot_server, manager=org["manager"])
    GroupRobot.objects.filter(pk=robot.pk).update(is_active=False)
    response = _client(org["manager"]).post(reverse("push-robot-test", args=[robot.pk]))
    assert response.status_code == 302
    assert not Delivery.objects.exists()
    notification_create(recipient=org["canvasser1"].user, kind=VIOLATION, message="x")
    assert robot_server.requests == []
