"""Issue 20: a daily report written offline and sent later from the phone's queue keeps
the phone's time (acted_at) beside its arrival (created_at); a replay is one report."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DailyReport
from outreach.dates import today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_duty")]


def _queued(client, person, *, key, acted_at, summary="断网时写的日报"):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(
        reverse("daily-report"),
        {
            "day": today().isoformat(),
            "idempotency_key": key,
            "summary": summary,
            **{n: 0 for n in ("flyers", "contacts", "calls", "invitations", "visits_brought")},
        },
        headers={
            "X-Outreach-Queue": "1",
            "X-Outreach-Acted-At": acted_at.isoformat(),
            "X-Outreach-User": str(person.user.pk),
        },
    )


def test_offline_daily_report_records_the_phone_time_and_the_arrival(client, org):
    acted = (timezone.now() - timedelta(minutes=20)).replace(microsecond=0)
    response = _queued(client, org["canvasser1"], key=uuid.uuid4(), acted_at=acted)
    assert response.status_code == 200
    report = DailyReport.objects.get()
    assert response.json() == {
        "outcome": "accepted",
        "url": reverse("daily-report-detail", args=[report.pk]),
        "message": "Your daily report is in.",
    }
    assert report.acted_at == acted
    assert report.created_at > acted


def test_offline_daily_report_replayed_twice_is_one_report(client, org):
    key = uuid.uuid4()
    acted = timezone.now() - timedelta(minutes=5)
    one = _queued(client, org["canvasser1"], key=key, acted_at=acted)
    two = _queued(client, org["canvasser1"], key=key, acted_at=acted)
    assert one.json()["url"] == two.json()["url"]
    assert DailyReport.objects.get().idempotency_key == key


def test_offline_daily_report_refused_replay_returns_the_reason(client, org):
    _queued(client, org["canvasser1"], key=uuid.uuid4(), acted_at=timezone.now())
    response = _queued(client, org["canvasser1"], key=uuid.uuid4(), acted_at=timezone.now())
    assert response.status_code == 409
    assert response.json()["outcome"] == "refused"
    assert "already submitted a report" in response.json()["reason"]
    assert DailyReport.objects.count() == 1
