"""Issue 21 §5: outgoing webhooks. A manager registers an endpoint and chooses events; each
event reaches it once, after commit, as a thin signed JSON body; a failing receiver is
retried with back-off and then listed as failed; the action never waits on it nor fails
with it. Against a local HTTP server playing the receiver, never the network."""

import hashlib
import hmac
import json
import re
import socket
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import tasks, webhook_services
from api.models import WebhookDelivery, WebhookDeliveryState, WebhookEndpoint, WebhookEvent
from api.webhook_signing import signature_verify
from clients.models import Lead, Visit
from clients.services.deals import DealInput, deal_record
from payroll import services as payroll_services
from push import crypto
from tests.factories.clients import at, confirmed_visit, register

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 5, 10)
ALL_EVENTS = [
    WebhookEvent.LEAD_REGISTERED,
    WebhookEvent.VISIT_CONFIRMED,
    WebhookEvent.DEAL_SIGNED,
    WebhookEvent.PAYROLL_RUN_LOCKED,
]


# --- the receiver ---------------------------------------------------------------------------


@dataclass
class Receiver:
    port: int
    mode: str = "ok"  # "ok" or "http500"
    secrets: dict = field(default_factory=dict)  # path -> the secret it verifies with
    requests: list = field(default_factory=list)  # dicts: path, headers, raw, body, verified

    def url(self, path: str = "/hooks/a") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str) -> list[dict]:
        return [request for request in self.requests if request["path"] == path]


def _verify(secret: str, headers, raw: bytes) -> bool:
    """The receiver's check, written as the README tells an integrator to write it."""
    timestamp = headers.get("X-Outreach-Timestamp", "")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
    return hmac.compare_digest(
        "v1=" + expected.hexdigest(), headers.get("X-Outreach-Signature", "")
    )


@pytest.fixture
def receiver(settings):
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    state = Receiver(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            secret = state.secrets.get(self.path, "")
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            state.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "raw": raw,
                    "body": body,
                    "verified": bool(secret) and _verify(secret, self.headers, raw),
                }
            )
            self.send_response(500 if state.mode == "http500" else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _endpoint(org, receiver, *, path="/hooks/a", events=ALL_EVENTS, **extra):
    created = webhook_services.endpoint_create(
        actor=org["manager"].user,
        name=f"receiver {path}",
        url=receiver.url(path),
        events=[str(event) for event in events],
        **extra,
    )
    receiver.secrets[path] = created.secret
    return created.endpoint


def _client(staff) -> Client:
    """A manager's browser, its pages in English (the words are matched in English)."""
    client = Client()
    client.force_login(staff.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- the four events ---------------------------------------------------------------------------


def _lead_registered(org):
    lead = register(org["canvasser1"], "13700001111", now=NOW)
    return lead.pk


def _visit_confirmed(org):
    lead = register(org["canvasser1"], "13700002222", now=NOW)
    return confirmed_visit(lead, org["consultant1"], now=NOW).pk


def _deal_signed(org):
    lead = register(org["canvasser1"], "13700003333", now=NOW)
    deal = deal_record(
        actor=org["manager"].user,
        lead_id=lead.pk,
        now=NOW,
        data=DealInput(project="一期", signed_on=NOW.date(), units=1),
    )
    return deal.pk


def _payroll_run_locked(org):
    run = payroll_services.payroll_run_calculate(month=date(2026, 10, 1))
    payroll_services.payroll_run_approve(run=run, actor=org["hr"].user)
    payroll_services.payroll_run_lock(run=run, actor=org["manager"].user)
    return run.pk


ACTIONS = {
    WebhookEvent.LEAD_REGISTERED: (_lead_registered, "lead", "/api/v1/leads/{}/"),
    WebhookEvent.VISIT_CONFIRMED: (_visit_confirmed, "visit", "/api/v1/visits/{}/"),
    WebhookEvent.DEAL_SIGNED: (_deal_signed, "deal", "/api/v1/deals/{}/"),
    WebhookEvent.PAYROLL_RUN_LOCKED: (
        _payroll_run_locked,
        "payroll_run",
        "/api/v1/payroll-runs/{}/",
    ),
}


@pytest.mark.parametrize("event", ALL_EVENTS, ids=[str(e) for e in ALL_EVENTS])
def test_webhook_each_event_reaches_once_the_endpoint_that_chose_it(
    org, receiver, django_capture_on_commit_callbacks, event
):
    _endpoint(org, receiver, path="/wants", events=[event])
    _endpoint(org, receiver, path="/other", events=[e for e in ALL_EVENTS if e != event])
    action, object_type, path = ACTIONS[event]
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            object_id = action(org)
    (request,) = receiver.on("/wants")
    assert request["verified"]
    headers, body = request["headers"], request["body"]
    delivery = WebhookDelivery.objects.get(endpoint__name="receiver /wants")
    assert body == {
        "id": str(delivery.uid),
        "event": str(event),
        "occurred_at": timezone.localtime(NOW).isoformat(),
        "object": {"type": object_type, "id": object_id, "path": path.format(object_id)},
    }
    assert headers["X-Outreach-Event"] == str(event)
    assert headers["X-Outreach-Delivery"] == str(delivery.uid)
    assert headers["X-Outreach-Timestamp"] == str(int(NOW.timestamp()))
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert b"137000" not in request["raw"]  # no personal data travels: only the reference
    assert delivery.state == WebhookDeliveryState.SENT
    assert (delivery.attempts, delivery.last_status_code, delivery.object_id) == (
        1,
        204,
        object_id,
    )
    assert all(r["body"]["event"] != str(event) for r in receiver.on("/other"))
    assert not WebhookDelivery.objects.filter(endpoint__name="receiver /other", event=event)


def test_webhook_signature_verifies_with_the_secret_shown_once_and_not_another(org, receiver):
    manager = _client(org["manager"])
    response = manager.post(
        reverse("webhook-new"),
        {
            "name": "明源云客",
            "url": receiver.url("/hooks/crm"),
            "events": [str(WebhookEvent.LEAD_REGISTERED)],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(whsec_[A-Za-z0-9_-]{43})"', response.content.decode()).group(1)
    receiver.secrets["/hooks/crm"] = secret
    endpoint = WebhookEndpoint.objects.get()
    with transaction.atomic():  # the test event leaves after commit: run it by hand
        manager.post(reverse("webhook-test", args=[endpoint.pk]))
    webhook_services.deliveries_enqueue(WebhookDelivery.objects.values_list("pk", flat=True))
    (request,) = receiver.requests
    assert request["verified"]
    assert request["body"]["event"] == "ping"
    assert request["body"]["object"] is None
    headers, raw = request["headers"], request["raw"]
    timestamp, header = headers["X-Outreach-Timestamp"], headers["X-Outreach-Signature"]
    assert signature_verify(secret, timestamp, raw, header)
    assert not signature_verify(secret[:-1] + "x", timestamp, raw, header)
    assert not signature_verify("whsec_another", timestamp, raw, header)
    assert not signature_verify(secret, str(int(timestamp) + 1), raw, header)
    assert not signature_verify(secret, timestamp, raw + b" ", header)


# --- retries, once only, and the action standing -----------------------------------------------


def test_webhook_a_failing_receiver_is_retried_with_back_off_then_failed(
    org, receiver, django_capture_on_commit_callbacks
):
    receiver.mode = "http500"
    _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])
    with time_machine.travel(NOW, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            lead_id = _lead_registered(org)
        delivery = WebhookDelivery.objects.get()
        waits = []
        while delivery.state == WebhookDeliveryState.QUEUED:
            waits.append(delivery.next_attempt_at - timezone.now())
            tasks.api_webhook_deliver(delivery.pk)  # too early: nothing happens
            clock.move_to(delivery.next_attempt_at)
            tasks.api_webhook_deliver(delivery.pk)
            delivery.refresh_from_db()
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert delivery.state == WebhookDeliveryState.FAILED
    assert delivery.attempts == webhook_services.MAX_ATTEMPTS == 6
    assert (delivery.last_status_code, delivery.last_error) == (500, "HTTP 500")
    assert len(receiver.requests) == 6
    assert len({r["headers"]["X-Outreach-Delivery"] for r in receiver.requests}) == 1
    assert all(r["verified"] for r in receiver.requests)  # each attempt signed afresh
    tasks.api_webhook_deliver(delivery.pk)
    assert len(receiver.requests) == 6
    assert Lead.objects.filter(pk=lead_id).exists()  # the action stands


def test_webhook_the_task_schedules_the_next_attempt_after_the_back_off(
    org, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    receiver.mode = "http500"
    _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])
    sent = []
    monkeypatch.setattr(tasks, "runs_in_process", lambda: False)
    monkeypatch.setattr(
        tasks.api_webhook_deliver,
        "apply_async",
        lambda args, countdown, **_kw: sent.append((args, countdown)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _lead_registered(org)
    delivery = WebhookDelivery.objects.get()
    tasks.api_webhook_deliver.run(delivery.pk)
    assert sent == [([delivery.pk], 30.0)]


def test_webhook_a_double_signal_makes_one_delivery(
    org, receiver, django_capture_on_commit_callbacks
):
    _endpoint(org, receiver, events=[WebhookEvent.VISIT_CONFIRMED])
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            visit_id = _visit_confirmed(org)
        assert WebhookDelivery.objects.get().object_id == visit_id
        visit = Visit.objects.get(pk=visit_id)
        with django_capture_on_commit_callbacks(execute=True):
            visit.save()  # post_save again, the confirmation still stamped
            visit.save(update_fields=["confirmed_at", "updated_at"])
        webhook_services.deliveries_enqueue(WebhookDelivery.objects.values_list("pk", flat=True))
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_webhook_nothing_for_a_rolled_back_action_or_an_endpoint_turned_off(
    org, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])

    def failing_registration():
        with transaction.atomic():
            _lead_registered(org)
            raise RuntimeError("the action fails after registering")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_registration()
    webhook_services.endpoint_update(
        actor=org["manager"].user,
        endpoint=endpoint,
        name="off",
        events=[WebhookEvent.LEAD_REGISTERED],
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _lead_registered(org)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_webhook_the_action_succeeds_when_the_receiver_is_down(
    org, settings, django_capture_on_commit_callbacks
):
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    webhook_services.endpoint_create(
        actor=org["manager"].user,
        name="down",
        url=f"http://127.0.0.1:{port}/hooks",
        events=[WebhookEvent.LEAD_REGISTERED],
    )
    with django_capture_on_commit_callbacks(execute=True):
        lead_id = _lead_registered(org)
    assert Lead.objects.filter(pk=lead_id).exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == WebhookDeliveryState.QUEUED
    assert delivery.attempts == 1
    assert "Connection refused" in delivery.last_error


def test_webhook_a_failure_to_record_the_event_never_breaks_the_action(
    org, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])

    def broken(**_kwargs):
        raise RuntimeError("the webhooks' tables are gone")

    monkeypatch.setattr(webhook_services, "webhook_event_record", broken)
    with django_capture_on_commit_callbacks(execute=True):
        lead_id = _lead_registered(org)
    assert Lead.objects.filter(pk=lead_id).exists()
    assert receiver.requests == []


# --- the address and the secret ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://crm.example.com/hooks", "must start with https://"),
        ("ftp://crm.example.com/hooks", "starting with https://"),
        ("https://user:pw@crm.example.com/hooks", "must not carry a user name"),
        ("https://crm.example.com/hooks#part", "must not carry a user name"),
        ("https://10.0.0.8/hooks", "public host"),
        ("crm.example.com/hooks", "starting with https://"),
    ],
)
def test_webhook_only_https_addresses_are_accepted(org, url, message):
    with pytest.raises(ValidationError) as refused:
        webhook_services.endpoint_create(
            actor=org["manager"].user, name="x", url=url, events=[WebhookEvent.DEAL_SIGNED]
        )
    assert message in " ".join(refused.value.message_dict["url"])
    assert not WebhookEndpoint.objects.exists()


def test_webhook_a_plain_http_address_is_refused_on_the_page_with_a_clear_message(org):
    response = _client(org["manager"]).post(
        reverse("webhook-new"),
        {"name": "crm", "url": "http://crm.example.com/hooks", "events": ["deal.signed"]},
    )
    assert response.status_code == 200
    assert "The address must start with https://" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_webhook_the_secret_never_appears_again_nor_in_the_delivery_error(
    org, receiver, django_capture_on_commit_callbacks
):
    manager = _client(org["manager"])
    response = manager.post(
        reverse("webhook-new"),
        {
            "name": "HR",
            "url": receiver.url("/hooks/hr?key=receiver-key-1234"),
            "events": [str(WebhookEvent.PAYROLL_RUN_LOCKED), str(WebhookEvent.LEAD_REGISTERED)],
            "is_active": "on",
        },
    )
    secret = re.search(r'value="(whsec_[^"]+)"', response.content.decode()).group(1)
    endpoint = WebhookEndpoint.objects.get()
    assert crypto.secret_open(endpoint.secret_sealed) == secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_sealed FROM api_webhookendpoint")
        assert secret not in cursor.fetchone()[0]
    receiver.mode = "http500"
    with django_capture_on_commit_callbacks(execute=True):
        _lead_registered(org)
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_error == "HTTP 500"
    pages = [
        manager.get(reverse("webhook-list")),
        manager.get(reverse("webhook-edit", args=[endpoint.pk])),
        manager.get(reverse("webhook-new")),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert secret not in html
        assert "receiver-key-1234" not in html
    assert "HTTP 500" in pages[0].content.decode()
    assert secret not in json.dumps(delivery.payload)


def test_webhook_editing_changes_the_events_and_keeps_address_and_secret(org, receiver):
    endpoint = _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])
    sealed = endpoint.secret_sealed
    response = _client(org["manager"]).post(
        reverse("webhook-edit", args=[endpoint.pk]),
        {"name": "renamed", "events": ["deal.signed", "visit.confirmed"], "url": "https://x.cn/"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["visit.confirmed", "deal.signed"]
    assert (endpoint.name, endpoint.is_active) == ("renamed", False)
    assert endpoint.url == receiver.url("/hooks/a")
    assert endpoint.secret_sealed == sealed


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["canvasser1", "leader1", "hr", "consultant1", "admin"])
def test_webhook_pages_are_the_managers_only(org, receiver, who):
    endpoint = _endpoint(org, receiver, events=[WebhookEvent.LEAD_REGISTERED])
    client = _client(org[who])
    for url in (reverse("webhook-list"), reverse("webhook-new")):
        assert client.get(url).status_code == 403
    edit = reverse("webhook-edit", args=[endpoint.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "x", "events": ["deal.signed"]}).status_code == 403
    assert client.post(reverse("webhook-test", args=[endpoint.pk])).status_code == 403
    assert client.post(reverse("webhook-new"), {"name": "x"}).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.name == "receiver /hooks/a"
    assert WebhookEndpoint.objects.count() == 1
    assert not WebhookDelivery.objects.exists()
    with pytest.raises(PermissionDenied):
        webhook_services.endpoint_test_send(actor=org[who].user, endpoint=endpoint)


def test_webhook_the_list_shows_deliveries_and_failures_in_fixed_queries(
    org, receiver, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    receiver.mode = "http500"
    manager = _client(org["manager"])

    def page_queries(count):
        for i in range(count):
            _endpoint(org, receiver, path=f"/hooks/{count}-{i}", events=ALL_EVENTS)
        with django_capture_on_commit_callbacks(execute=True):
            register(org["canvasser1"], f"1370000{count:04d}", now=NOW)
        WebhookDelivery.objects.update(state=WebhookDeliveryState.FAILED)
        with django_assert_max_num_queries(12):
            response = manager.get(reverse("webhook-list"))
        assert response.status_code == 200
        return response.content.decode()

    html = page_queries(1)
    assert 'id="webhook-failures"' in html
    assert "HTTP 500" in html
    page_queries(5)
    assert "Webhooks" in _client(org["manager"]).get(reverse("home")).content.decode()
