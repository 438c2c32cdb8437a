"""Issue 20: a check-in sent from the phone's offline queue — its key makes a replay the
same check-in, the phone's time is kept only within the rulebook's grace, and a late one
is flagged for the leader with both times."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from attendance.models import AttendanceSetting, DayRecord
from tests.clock import local, runs_at
from tests.factories.attendance import rostered

NOW = "2026-03-02 09:40"  # a Monday; the default shift reports at 09:00
pytestmark = runs_at(NOW, tick=False)


def _queued(client, *, key, acted_at, user):
    return client.post(
        reverse("attendance-checkin"),
        {"action": "in", "key": str(key)},
        headers={
            "X-Outreach-Queue": "1",
            "X-Outreach-Acted-At": acted_at.isoformat(),
            "X-Outreach-User": str(user.pk),
            "Accept": "application/json",
        },
    )


@pytest.fixture
def person(org, client):
    me = org["canvasser1"]
    rostered(me, local(NOW).date())
    client.force_login(me.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the reason matched in English
    return me


def test_offline_check_in_within_the_grace_keeps_the_phone_time(client, person):
    acted = local(NOW) - timedelta(minutes=30)  # exactly the default grace: kept
    response = _queued(client, key=uuid.uuid4(), acted_at=acted, user=person.user)
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
    record = DayRecord.objects.get(staff=person)
    assert record.check_in_at == acted
    assert record.check_in_acted_at == acted
    assert not record.check_in_time_flagged
    assert record.is_late  # judged at the phone's 09:10, after the 09:00 + grace report


def test_offline_check_in_after_the_grace_is_recorded_at_arrival_and_flagged(client, person):
    acted = local(NOW) - timedelta(minutes=30, seconds=1)
    response = _queued(client, key=uuid.uuid4(), acted_at=acted, user=person.user)
    assert response.json()["outcome"] == "accepted"
    record = DayRecord.objects.get(staff=person)
    assert record.check_in_at == local(NOW)
    assert record.check_in_acted_at == acted
    assert record.check_in_time_flagged


def test_offline_check_in_grace_is_the_rulebook_setting(client, person):
    setting = AttendanceSetting.current()
    setting.offline_grace_minutes = 10
    setting.save(update_fields=["offline_grace_minutes"])
    acted = local(NOW) - timedelta(minutes=11)
    _queued(client, key=uuid.uuid4(), acted_at=acted, user=person.user)
    record = DayRecord.objects.get(staff=person)
    assert (record.check_in_at, record.check_in_time_flagged) == (local(NOW), True)


def test_offline_check_in_from_a_phone_clock_ahead_is_recorded_at_arrival(client, person):
    acted = local(NOW) + timedelta(minutes=5)
    _queued(client, key=uuid.uuid4(), acted_at=acted, user=person.user)
    record = DayRecord.objects.get(staff=person)
    assert (record.check_in_at, record.check_in_time_flagged) == (local(NOW), True)


def test_offline_check_in_replayed_twice_is_one_record(client, person):
    key = uuid.uuid4()
    acted = local(NOW) - timedelta(minutes=3)
    first = _queued(client, key=key, acted_at=acted, user=person.user)
    second = _queued(client, key=key, acted_at=acted, user=person.user)
    assert [first.json()["outcome"], second.json()["outcome"]] == ["accepted", "accepted"]
    record = DayRecord.objects.get(staff=person)
    assert record.check_in_key == key


def test_offline_check_in_refused_replay_returns_the_reason(client, person):
    _queued(client, key=uuid.uuid4(), acted_at=local(NOW), user=person.user)
    response = _queued(client, key=uuid.uuid4(), acted_at=local(NOW), user=person.user)
    assert response.status_code == 409
    assert response.json() == {"outcome": "refused", "reason": "You have already checked in today."}
    assert DayRecord.objects.filter(staff=person).count() == 1


def test_offline_check_in_without_the_queue_header_is_a_plain_check_in(client, person):
    response = client.post(
        reverse("attendance-checkin"),
        {"action": "in", "key": str(uuid.uuid4())},
        headers={"X-Outreach-Acted-At": (local(NOW) - timedelta(minutes=5)).isoformat()},
    )
    assert response.status_code == 302
    record = DayRecord.objects.get(staff=person)
    assert (record.check_in_at, record.check_in_acted_at) == (local(NOW), None)


def test_offline_leader_sees_both_times_of_a_flagged_check_in(client, org, person):
    acted = local(NOW) - timedelta(minutes=45)
    _queued(client, key=uuid.uuid4(), acted_at=acted, user=person.user)
    client.force_login(org["leader1"].user)
    page = client.get(reverse("attendance-group")).content.decode()
    assert 'class="small offline-time-flag"' in page
    assert f'datetime="{acted.isoformat()}"' in page
    assert f'datetime="{local(NOW).isoformat()}"' in page
    assert "08:55:00" in page
    assert "09:40:00" in page
