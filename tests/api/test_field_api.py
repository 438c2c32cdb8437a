"""Issue 21 §3/§4: check-ins, daily reports, events, invitations and violations through the
API — the same scope, services and permissions as the attendance and campaigns pages."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import gettext

from attendance.defaults import defaults_ensure
from attendance.models import AttendanceSetting, DayRecord, Violation
from attendance.services import checkin_data_purge, violation_record
from campaigns.models import DailyReport, Invitation
from tests.factories.attendance import at, checked_in, daily, rostered
from tests.factories.campaigns import BudgetLineFactory, CampaignFactory
from tests.factories.clients import register

DAY = date(2026, 6, 10)
NOW = at(DAY, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def attendance_rules(db):
    """The spec's shift, rulebook v1 and settings as rows."""
    defaults_ensure()


def zh(message: str) -> str:
    """A service's refusal as the API words it: in Chinese, the team's language."""
    with translation.override("zh-hans"):
        return gettext(message)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- check-ins ------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_r_att_3_check_ins_are_scoped_as_the_attendance_pages(org, api_as):
    mine = checked_in(org["canvasser1"], DAY)
    mate = checked_in(org["canvasser2"], DAY)
    theirs = checked_in(org["canvasser3"], DAY)
    assert ids(api_as(org["canvasser1"]).get("/api/v1/check-ins/")) == [mine.pk]
    assert sorted(ids(api_as(org["leader1"]).get("/api/v1/check-ins/"))) == [mine.pk, mate.pk]
    assert len(ids(api_as(org["hr"]).get("/api/v1/check-ins/"))) == 3
    response = api_as(org["canvasser1"]).get(f"/api/v1/check-ins/{theirs.pk}/")
    assert response.status_code == 404
    assert api_as(org["leader1"]).get(f"/api/v1/check-ins/{theirs.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_check_ins_filter_by_person_and_day_range(org, api_as):
    checked_in(org["canvasser1"], DAY - timedelta(days=2))
    yesterday = checked_in(org["canvasser1"], DAY - timedelta(days=1))
    checked_in(org["canvasser2"], DAY - timedelta(days=1))
    staff_no = org["canvasser1"].employee_no
    day = (DAY - timedelta(days=1)).isoformat()
    response = api_as(org["leader1"]).get(
        f"/api/v1/check-ins/?staff={staff_no}&day_from={day}&day_to={day}"
    )
    assert ids(response) == [yesterday.pk]


@time_machine.travel(NOW, tick=False)
def test_r_att_3_checking_in_twice_with_one_key_is_one_check_in(org, api_as):
    rostered(org["canvasser1"], DAY)
    client = api_as(org["canvasser1"])
    key = str(uuid.uuid4())
    body = {"latitude": "30.320100", "longitude": "120.141900"}
    first = client.post_json("/api/v1/check-ins/", body, HTTP_IDEMPOTENCY_KEY=key)
    again = client.post_json("/api/v1/check-ins/", body, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["is_late"] is True  # 10:00 is past 09:00 + the grace (R-ATT-4)
    record = DayRecord.objects.get()
    assert record.check_in_key == uuid.UUID(key)
    assert (record.check_in_lat, record.check_in_lng) == (
        Decimal("30.320100"),
        Decimal("120.141900"),
    )
    assert Violation.objects.filter(staff=org["canvasser1"], code="ATT-LATE").count() == 1


@time_machine.travel(NOW, tick=False)
def test_r_att_3_a_second_check_in_with_another_key_is_refused(org, api_as):
    client = api_as(org["canvasser1"])
    first = client.post_json("/api/v1/check-ins/", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert first.status_code == 201
    second = client.post_json("/api/v1/check-ins/", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert second.status_code == 400
    assert second.json()["error"]["message"] == zh("You have already checked in today.")
    assert DayRecord.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_r_att_3_when_the_rulebook_asks_for_a_photo_the_json_check_in_is_refused(org, api_as):
    setting = AttendanceSetting.current()
    setting.photo_required = True
    setting.save(update_fields=["photo_required", "updated_at"])
    response = api_as(org["canvasser1"]).post_json(
        "/api/v1/check-ins/", {}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["photo"] == [
        zh("The rules ask for a photo at check-in: take one with your phone.")
    ]
    assert not DayRecord.objects.filter(check_in_at__isnull=False).exists()


def test_a_purge_of_old_locations_is_seen_by_updated_since(org, api_as):
    """The retention job updates in bulk: it must move updated_at for a syncing client."""
    old_day = DAY - timedelta(days=400)
    with time_machine.travel(at(old_day, 10), tick=False):
        record = DayRecord.objects.create(
            staff=org["canvasser1"],
            day=old_day,
            check_in_at=at(old_day, 9),
            check_in_lat=Decimal("30.1"),
            check_in_lng=Decimal("120.1"),
        )
    with time_machine.travel(NOW, tick=False):
        assert checkin_data_purge(today=DAY) == 1
        since = (NOW - timedelta(minutes=1)).isoformat()
        response = api_as(org["hr"]).get("/api/v1/check-ins/", {"updated_since": since})
    assert ids(response) == [record.pk]
    record.refresh_from_db()
    assert record.updated_at == NOW


# --- daily reports --------------------------------------------------------------------


def _on_duty(*people):
    for person in people:
        rostered(person, DAY)
        checked_in(person, DAY, 8, 50)


@time_machine.travel(NOW, tick=False)
def test_r_day_2_submitting_a_report_twice_with_one_key_is_one_report(org, api_as):
    _on_duty(org["canvasser1"])
    client = api_as(org["canvasser1"])
    key = str(uuid.uuid4())
    body = {"summary": "发了传单", "flyers": 40, "calls": 3}
    first = client.post_json("/api/v1/daily-reports/", body, HTTP_IDEMPOTENCY_KEY=key)
    again = client.post_json("/api/v1/daily-reports/", body, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["day"] == "2026-06-10"
    assert first.json()["flyers"] == 40
    assert first.json()["hours_worked"] == "1.2"  # 08:50 → 10:00, as a decimal string
    assert DailyReport.objects.get().idempotency_key == uuid.UUID(key)


@time_machine.travel(NOW, tick=False)
def test_r_day_1_a_report_needs_a_key_and_a_day_at_work(org, api_as):
    client = api_as(org["canvasser1"])
    no_key = client.post_json("/api/v1/daily-reports/", {"summary": "x"})
    assert no_key.status_code == 400
    assert "Idempotency-Key" in no_key.json()["error"]["fields"]
    not_due = client.post_json(
        "/api/v1/daily-reports/", {"summary": "x"}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert not_due.status_code == 400
    assert "day" in not_due.json()["error"]["fields"]
    assert not DailyReport.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_r_day_1_daily_reports_are_scoped_as_the_report_pages(org, api_as):
    _on_duty(org["canvasser1"], org["canvasser3"])
    submitted = {}
    for who in ("canvasser1", "canvasser3"):
        response = api_as(org[who]).post_json(
            "/api/v1/daily-reports/", {"summary": "ok"}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
        submitted[who] = response.json()["id"]
    assert ids(api_as(org["leader1"]).get("/api/v1/daily-reports/")) == [submitted["canvasser1"]]
    theirs = submitted["canvasser3"]
    assert api_as(org["leader1"]).get(f"/api/v1/daily-reports/{theirs}/").status_code == 404
    assert len(ids(api_as(org["manager"]).get("/api/v1/daily-reports/"))) == 2
    # The report pages are not the consultant's (the page's permission, 403).
    assert api_as(org["consultant1"]).get("/api/v1/daily-reports/").status_code == 403


# --- events and invitations -------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_r_cam_1_events_show_as_the_campaign_list_with_budget_totals(org, api_as):
    mine = CampaignFactory(owner=org["leader1"])
    mine.participants.add(org["canvasser1"])
    BudgetLineFactory(campaign=mine, planned=Decimal("1000.00"), actual=Decimal("1234.56"))
    BudgetLineFactory(campaign=mine, planned=Decimal("99.99"))
    other = CampaignFactory(owner=org["leader2"])
    assert ids(api_as(org["canvasser1"]).get("/api/v1/events/")) == [mine.pk]
    assert api_as(org["canvasser1"]).get(f"/api/v1/events/{other.pk}/").status_code == 404
    row = api_as(org["salesmgr"]).get(f"/api/v1/events/{mine.pk}/").json()
    assert (row["planned_total"], row["actual_total"]) == ("1099.99", "1234.56")
    assert [p["id"] for p in row["participants"]] == [org["canvasser1"].pk]
    assert api_as(org["hr"]).get("/api/v1/events/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_r_cam_4_invitations_follow_their_event_and_numbers_are_masked(org, api_as):
    lead = register(org["canvasser1"], "13800000001", now=NOW)
    event = CampaignFactory(owner=org["leader1"])
    event.participants.add(org["canvasser1"], org["leader2"])
    invitation = Invitation.objects.create(
        campaign=event,
        client=lead.client,
        guest_name="王女士",
        phone="13800000001",
        invited_by=org["canvasser1"],
    )
    elsewhere = CampaignFactory(owner=org["leader2"])
    own = api_as(org["canvasser1"]).get("/api/v1/invitations/", {"event": event.pk}).json()
    assert [(r["id"], r["phone"]) for r in own["results"]] == [(invitation.pk, "13800000001")]
    masked = api_as(org["leader2"]).get(f"/api/v1/invitations/{invitation.pk}/").json()
    assert masked["phone_masked"] is True
    assert masked["phone"] != "13800000001"
    assert ids(api_as(org["canvasser1"]).get("/api/v1/invitations/", {"event": elsewhere.pk})) == []
    outsider = api_as(org["canvasser3"])
    assert ids(outsider.get("/api/v1/invitations/")) == []
    assert outsider.get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404


# --- violations -------------------------------------------------------------------------


def _material(person, recorded_by):
    """R-FINE catalog: MATERIAL is 60.00 for a 60/day person and 20.00 for the leader."""
    daily(person)
    return violation_record(
        staff=person, code="MATERIAL", occurred_at=NOW - timedelta(hours=1), recorded_by=recorded_by
    )


@time_machine.travel(NOW, tick=False)
def test_r_fine_violations_are_scoped_and_amounts_are_exact_decimal_strings(org, api_as):
    mine = _material(org["canvasser1"], org["leader1"])
    theirs = _material(org["canvasser3"], org["leader2"])
    body = api_as(org["canvasser1"]).get("/api/v1/violations/").json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert (row["amount"], row["leader_amount"], row["person_due"]) == ("60.00", "20.00", "60.00")
    assert row["leader"]["id"] == org["leader1"].pk
    # The joint leader sees it too; another group's leader does not.
    assert ids(api_as(org["leader1"]).get("/api/v1/violations/")) == [mine.pk]
    assert api_as(org["leader1"]).get(f"/api/v1/violations/{theirs.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_r_fine_1_a_manager_reduces_a_fine_and_the_joint_fine_follows(org, api_as):
    fine = _material(org["canvasser1"], org["leader1"])
    response = api_as(org["manager"]).post_json(
        f"/api/v1/violations/{fine.pk}/adjust/",
        {"action": "reduce", "new_amount": "30.00", "reason": "暴雨"},
    )
    assert response.status_code == 200, response.content
    row = response.json()
    assert (row["adjusted_amount"], row["adjusted_leader_amount"]) == ("30.00", "10.00")
    assert (row["person_due"], row["leader_due"]) == ("30.00", "10.00")
    assert row["adjusted_by"]["id"] == org["manager"].pk
    waived = api_as(org["manager"]).post_json(
        f"/api/v1/violations/{fine.pk}/adjust/", {"action": "waive", "reason": "误记"}
    )
    assert waived.json()["state"] == "waived"
    assert waived.json()["person_due"] == "0.00"


@time_machine.travel(NOW, tick=False)
def test_r_fine_1_only_who_may_adjust_and_never_their_own_fine(org, api_as):
    fine = _material(org["canvasser1"], org["leader1"])
    body = {"action": "waive", "reason": "x"}
    path = f"/api/v1/violations/{fine.pk}/adjust/"
    assert api_as(org["leader1"]).post_json(path, body).status_code == 403
    assert api_as(org["canvasser1"]).post_json(path, body).status_code == 403
    own = violation_record(staff=org["manager"], code="DRESS", occurred_at=NOW)
    refused = api_as(org["manager"]).post_json(f"/api/v1/violations/{own.pk}/adjust/", body)
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == zh("You cannot decide your own request.")
    # With the permission but outside the scope: not found, nothing changed.
    org["leader2"].user.user_permissions.add(Permission.objects.get(codename="adjust_violation"))
    assert api_as(org["leader2"]).post_json(path, body).status_code == 404
    fine.refresh_from_db()
    assert fine.state == Violation.State.ACTIVE
    own.refresh_from_db()
    assert own.state == Violation.State.ACTIVE


@time_machine.travel(NOW, tick=False)
def test_r_fine_4_renumbering_late_fines_is_seen_by_updated_since(org, api_as):
    """A waived late arrival renumbers the month in bulk: the others' new amounts sync."""
    person = org["canvasser1"]
    daily(person)
    with time_machine.travel(at(DAY - timedelta(days=5), 10), tick=False):
        lates = [
            violation_record(
                staff=person, code="ATT-LATE", occurred_at=at(DAY - timedelta(days=9 - i), 9, 30)
            )
            for i in range(4)
        ]
    before = [Violation.objects.get(pk=v.pk).amount for v in lates]
    since = (NOW - timedelta(minutes=1)).isoformat()
    manager = api_as(org["manager"])
    manager.post_json(
        f"/api/v1/violations/{lates[0].pk}/adjust/", {"action": "waive", "reason": "x"}
    )
    changed = ids(manager.get("/api/v1/violations/", {"updated_since": since}))
    after = [Violation.objects.get(pk=v.pk).amount for v in lates]
    moved = [v.pk for v, b, a in zip(lates, before, after, strict=True) if a != b]
    assert set(moved) <= set(changed)
    assert lates[0].pk in changed
    assert moved, (before, after)


# --- fixed query counts -------------------------------------------------------------------


def _people(org, n):
    from tests.factories import staff_in_group

    group = org["groups"][0]
    return [org["canvasser1"], *(staff_in_group(group) for _ in range(n - 1))]


@pytest.mark.parametrize("size", [3, 30])
@time_machine.travel(NOW, tick=False)
def test_every_list_keeps_a_fixed_query_count(org, api_as, django_assert_max_num_queries, size):
    people = _people(org, size)
    event = CampaignFactory(owner=org["leader1"])
    for i, person in enumerate(people):
        _on_duty(person)
        DailyReport.objects.create(staff=person, day=DAY, summary="ok")
        violation_record(staff=person, code="DRESS", occurred_at=NOW, recorded_by=org["leader1"])
        lead = register(person, f"138000{i:05d}", now=NOW)
        event.participants.add(person)
        Invitation.objects.create(
            campaign=event,
            client=lead.client,
            guest_name=f"客{i}",
            phone=lead.phone,
            invited_by=person,
        )
        BudgetLineFactory(campaign=CampaignFactory(owner=org["leader1"]))
    client = api_as(org["manager"])
    expected = {
        "check-ins": (size, 6),
        "daily-reports": (size, 6),
        "events": (size + 1, 7),
        "invitations": (size, 7),
        "violations": (size, 6),
    }
    for resource, (rows, queries) in expected.items():
        with django_assert_max_num_queries(queries):
            response = client.get(f"/api/v1/{resource}/", {"page_size": 1000})
        assert len(ids(response)) == rows, resource
