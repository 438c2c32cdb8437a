"""Issue 20: what the offline queue and the service worker need from the server — a
replay without a session or with a stale token is answered in JSON (401 / 403), never
redirected to the login page, and the worker is served from the site root."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from attendance.models import DayRecord

pytestmark = pytest.mark.django_db
QUEUE = {"X-Outreach-Queue": "1", "X-Outreach-Acted-At": "2026-03-02T09:00:00+08:00"}


@pytest.mark.parametrize("name", ["attendance-checkin", "lead-register", "daily-report"])
def test_offline_replay_without_a_session_is_401_json_not_a_redirect(client, name):
    response = client.post(reverse(name), {"key": str(uuid.uuid4())}, headers=QUEUE)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["outcome"] == "login"


def test_offline_a_page_without_a_session_still_redirects_to_login(client):
    response = client.post(reverse("attendance-checkin"), {"action": "in"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_offline_replay_with_a_stale_csrf_token_is_403_json(org):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(org["canvasser1"].user)
    response = phone.post(
        reverse("attendance-checkin"),
        {"action": "in", "key": str(uuid.uuid4())},
        headers={**QUEUE, "X-CSRFToken": "stale-token-from-before-the-login" * 2},
    )
    assert response.status_code == 403
    assert response.json()["outcome"] == "login"
    assert not DayRecord.objects.exists()


def test_offline_replay_with_the_current_token_is_accepted(org):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(org["canvasser1"].user)
    token = phone.get(reverse("offline-token"), headers=QUEUE).json()
    assert token["user"] == org["canvasser1"].user.pk
    response = phone.post(
        reverse("attendance-checkin"),
        {"action": "in", "key": str(uuid.uuid4())},
        headers={**QUEUE, "X-CSRFToken": token["token"], "X-Outreach-User": str(token["user"])},
    )
    assert response.json()["outcome"] == "accepted"
    assert DayRecord.objects.get().staff == org["canvasser1"]


def test_offline_replay_queued_by_another_person_is_403_json(client, org):
    client.force_login(org["canvasser2"].user)
    response = client.post(
        reverse("attendance-checkin"),
        {"action": "in", "key": str(uuid.uuid4())},
        headers={**QUEUE, "X-Outreach-User": str(org["canvasser1"].user.pk)},
    )
    assert response.status_code == 403
    assert response.json()["outcome"] == "login"
    assert not DayRecord.objects.exists()


def test_offline_replay_refused_access_is_403_json(client, org):
    client.force_login(org["hr"].user)  # HR registers no leads
    response = client.post(reverse("lead-register"), {"key": str(uuid.uuid4())}, headers=QUEUE)
    assert response.status_code == 403
    assert response.json()["outcome"] == "login"


def test_offline_token_without_a_session_is_401_json(client):
    response = client.get(reverse("offline-token"), headers=QUEUE)
    assert response.status_code == 401


def test_offline_service_worker_is_served_from_the_root_without_login(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/static/css/outreach.css"' in body
    assert 'importScripts("/static/js/offline-queue-core.js")' in body
    assert 'var VERSION = "' in body


def test_offline_every_page_links_the_queue_and_the_manifest(client, org):
    client.force_login(org["canvasser1"].user)
    page = client.get(reverse("attendance-checkin")).content.decode()
    assert 'id="offline-queue"' in page
    assert f'data-user="{org["canvasser1"].user.pk}"' in page
    assert "/static/js/offline-queue.js" in page
    assert 'rel="manifest"' in page
    assert 'data-offline-queue="checkin"' in page


def test_offline_service_worker_version_changes_when_a_deploy_changes_an_asset(monkeypatch):
    """Production's hashed names are what the worker caches, and a new hash (a deploy
    that changed a file) is a new worker version, so the old caches are dropped."""
    from outreach.views import offline

    class Hashed:
        def __init__(self, digest):
            self.digest = digest

        def url(self, name):
            stem, dot, ext = name.rpartition(".")
            return f"/static/{stem}.{self.digest}.{ext}"

    versions = []
    for digest in ("aaaaaaaaaaaa", "bbbbbbbbbbbb"):
        monkeypatch.setattr(offline, "staticfiles_storage", Hashed(digest))
        offline._assets_and_version.cache_clear()
        assets, version = offline._assets_and_version()
        assert f"/static/css/outreach.{digest}.css" in assets
        versions.append(version)
    offline._assets_and_version.cache_clear()
    assert versions[0] != versions[1]
