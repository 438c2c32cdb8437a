"""Attendance pages: scope (R-ROLE-1), forms, the HR summary export."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from attendance.models import DayRecord, LeaveRequest, LeaveType, RulebookVersion, Violation
from attendance.services import check_in, violation_record
from outreach.models import AccessLog
from tests.factories.attendance import at, rostered


def _client(client, person):
    client.force_login(person.user)
    return client


def test_r_role_1_canvasser_sees_only_own_violations(client, org):
    own = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    other = violation_record(
        staff=org["canvasser2"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    c = _client(client, org["canvasser1"])
    assert c.get(reverse("violation-detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("violation-detail", args=[other.pk])).status_code == 404
    body = c.get(reverse("violation-list")).content.decode()
    assert body.count("DRESS") == 1


def test_r_role_1_leader_sees_own_group_not_the_other(client, org):
    mine = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    theirs = violation_record(
        staff=org["canvasser3"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    c = _client(client, org["leader1"])
    assert c.get(reverse("violation-detail", args=[mine.pk])).status_code == 200
    assert c.get(reverse("violation-detail", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("role", ["consultant1", "admin", "salesmgr"])
def test_r_role_1_consultant_admin_see_no_attendance_of_others(client, org, role):
    v = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    c = _client(client, org[role])
    assert c.get(reverse("violation-detail", args=[v.pk])).status_code == 404
    assert c.get(reverse("attendance-summary")).status_code == 403
    assert c.get(reverse("attendance-group")).status_code == 403


def test_hr_sees_the_summary_but_cannot_record_violations(client, org):
    c = _client(client, org["hr"])
    assert c.get(reverse("attendance-summary")).status_code == 200
    assert c.get(reverse("violation-new")).status_code == 403


def test_summary_xlsx_reads_back_and_is_logged(client, org):
    day = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)  # passed
    rostered(org["canvasser1"], day)
    check_in(staff=org["canvasser1"], device_id="d", at=at(day, 9, 30))
    c = _client(client, org["hr"])
    response = c.get(reverse("attendance-summary-xlsx") + f"?month={day:%Y-%m}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工号" or rows[0][0] == "Employee no."
    data = {r[0]: r for r in rows[1:]}
    row = data[org["canvasser1"].employee_no]
    assert row[3] == 1  # worked
    assert row[4] == 1  # late
    assert float(row[10]) == 20.0  # fines
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_summary_page_constant_queries(client, org, django_assert_max_num_queries):
    from tests.factories import staff_in_group

    day = timezone.localdate().replace(day=1)
    for _ in range(10):
        rostered(staff_in_group(org["groups"][0]), day)
    c = _client(client, org["hr"])
    with django_assert_max_num_queries(14):
        assert c.get(reverse("attendance-summary")).status_code == 200


def test_checkin_page_checks_in_with_location_and_sets_device(client, org):
    c = _client(client, org["canvasser1"])
    assert c.get(reverse("attendance-checkin")).status_code == 200
    device = c.cookies["att_device"].value
    response = c.post(
        reverse("attendance-checkin"),
        {"action": "in", "latitude": "30.3201", "longitude": "120.1419"},
    )
    assert response.status_code == 302
    record = DayRecord.objects.get(staff=org["canvasser1"])
    assert record.check_in_device == device
    assert record.check_in_lat is not None
    response = c.post(reverse("attendance-checkin"), {"action": "in"}, follow=True)
    assert "already checked in" in response.content.decode() or "已" in response.content.decode()


def test_check_out_without_check_in_page_shows_an_error(client, org):
    c = _client(client, org["canvasser1"])
    response = c.post(reverse("attendance-checkin"), {"action": "out"}, follow=True)
    assert response.status_code == 200
    assert not DayRecord.objects.exists()


def test_leader_records_a_violation_from_the_form(client, org):
    c = _client(client, org["leader1"])
    now = timezone.localtime() - timedelta(minutes=5)
    response = c.post(
        reverse("violation-new"),
        {
            "staff": org["canvasser1"].pk,
            "code": "DRESS",
            "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
            "note": "no uniform",
        },
    )
    assert response.status_code == 302
    v = Violation.objects.get()
    assert (v.recorded_by, v.amount) == (org["leader1"], 10)


def test_leader_cannot_pick_another_groups_person(client, org):
    c = _client(client, org["leader1"])
    response = c.post(
        reverse("violation-new"),
        {
            "staff": org["canvasser3"].pk,
            "code": "DRESS",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert not Violation.objects.exists()


def test_manager_waives_from_the_detail_page(client, org):
    v = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    c = _client(client, org["manager"])
    c.post(reverse("violation-adjust", args=[v.pk]), {"action": "waive", "reason": "rain"})
    v.refresh_from_db()
    assert v.state == "waived"


def test_person_appeals_from_the_detail_page(client, org):
    v = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    c = _client(client, org["canvasser1"])
    c.post(reverse("violation-appeal", args=[v.pk]), {"reason": "I wore it"})
    v.refresh_from_db()
    assert v.appeal == "open"


def test_acknowledge_the_rulebook_from_my_attendance(client, org):
    c = _client(client, org["canvasser1"])
    assert "acknowledge-button" in c.get(reverse("attendance-my")).content.decode()
    version = RulebookVersion.objects.get(number=1)
    c.post(reverse("rulebook-acknowledge", args=[version.pk]))
    assert version.acknowledgements.filter(staff=org["canvasser1"]).exists()
    assert "acknowledge-button" not in c.get(reverse("attendance-my")).content.decode()


def test_leader_marks_absent_on_group_today(client, org):
    rostered(org["canvasser1"], timezone.localdate())
    c = _client(client, org["leader1"])
    page = c.get(reverse("attendance-group")).content.decode()
    assert org["canvasser1"].name in page
    assert org["canvasser3"].name not in page
    c.post(reverse("absence-mark", args=[org["canvasser1"].pk]))
    assert DayRecord.objects.get(staff=org["canvasser1"]).absent_marked_by == org["leader1"]
    assert c.post(reverse("absence-mark", args=[org["canvasser3"].pk])).status_code == 404


def test_leave_request_and_leader_approval_pages(client, org):
    c = _client(client, org["canvasser1"])
    first = timezone.localdate() + timedelta(days=3)
    c.post(
        reverse("leave-new"),
        {
            "leave_type": LeaveType.objects.get(code="personal").pk,
            "first_day": first,
            "last_day": first,
            "reason": "doctor",
        },
    )
    req = LeaveRequest.objects.get()
    c2 = _client(client, org["leader1"])
    c2.post(reverse("leave-decide", args=[req.pk]), {"approve": "1", "comment": "ok"})
    req.refresh_from_db()
    assert req.state == "approved"


def test_inspection_page_creates_cross_posting(client, org):
    from tests.factories import PointFactory

    point = PointFactory()
    rostered(org["canvasser1"], timezone.localdate(), point=point)
    c = _client(client, org["leader1"])
    page = c.get(reverse("inspection-new") + f"?point={point.pk}").content.decode()
    assert org["canvasser1"].name in page
    c.post(
        reverse("inspection-new"),
        {
            "point": point.pk,
            f"mark-{org['canvasser2'].pk}": "cross",
            f"mark-{org['canvasser1'].pk}": "present",
        },
    )
    assert Violation.objects.get().code == "POST-CROSS"


def test_roster_week_sets_a_day(client, org):
    from tests.factories.attendance import default_shift

    c = _client(client, org["leader1"])
    assert c.get(reverse("roster-week")).status_code == 200
    c.post(
        reverse("roster-week"),
        {"staff": org["canvasser1"].pk, "day": timezone.localdate(), "shift": default_shift().pk},
    )
    assert org["canvasser1"].roster.count() == 1
    assert _client(client, org["canvasser1"]).get(reverse("roster-week")).status_code == 403


def test_r_fine_3_manager_drafts_edits_and_publishes_a_version(client, org):
    c = _client(client, org["manager"])
    c.post(reverse("rulebook-new"), {"title": "2026 版", "effective_from": "2026-06-01T00:00"})
    draft = RulebookVersion.objects.get(number=2)
    rule = draft.rules.get(code="DRESS")
    c.post(
        reverse("rule-edit", args=[rule.pk]),
        {
            "description": rule.description,
            "person_rule": "fixed",
            "person_amount": "15",
            "leader_amount": "0",
        },
    )
    rule.refresh_from_db()
    assert rule.person_amount == 15
    c.post(reverse("rulebook-publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert _client(client, org["canvasser1"]).get(reverse("rulebook-new")).status_code == 403


def test_r_fine_3_rule_edit_page_refuses_an_acknowledged_version(client, org):
    from attendance.services import rulebook_acknowledge

    version = RulebookVersion.objects.get(number=1)
    rulebook_acknowledge(version=version, actor=org["canvasser1"])
    rule = version.rules.get(code="DRESS")
    c = _client(client, org["manager"])
    response = c.post(
        reverse("rule-edit", args=[rule.pk]),
        {
            "description": rule.description,
            "person_rule": "fixed",
            "person_amount": "99",
            "leader_amount": "0",
        },
    )
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.person_amount == 10


def test_r_att_2_roster_change_request_and_approval_pages(client, org):
    from attendance.models import RosterChange, RosterEntry
    from tests.factories.attendance import default_shift

    day = timezone.localdate() + timedelta(days=2)
    c = _client(client, org["canvasser1"])
    c.post(
        reverse("roster-change-new"), {"day": day, "shift": default_shift().pk, "reason": "swap"}
    )
    change = RosterChange.objects.get()
    leader = _client(client, org["leader1"])
    leader.post(reverse("roster-change-decide", args=[change.pk]), {"approve": "1"})
    assert RosterEntry.objects.get(staff=org["canvasser1"], day=day).shift == default_shift()


def test_r_att_3_manager_corrects_a_record_from_the_page(client, org):
    day = date(2026, 3, 2)
    c = _client(client, org["manager"])
    c.post(
        reverse("attendance-correct"),
        {
            "staff": org["canvasser1"].pk,
            "day": day,
            "check_in_at": "2026-03-02T08:50",
            "check_out_at": "2026-03-02T16:40",
            "reason": "phone broken",
        },
    )
    record = DayRecord.objects.get(staff=org["canvasser1"], day=day)
    assert record.correction_reason == "phone broken"
    assert _client(client, org["canvasser1"]).get(reverse("attendance-correct")).status_code == 403


@pytest.mark.parametrize(("language", "text"), [("en", "Check in"), ("zh-hans", "签到")])
def test_r_sys_1_check_in_page_in_both_languages(client, org, settings, language, text):
    c = _client(client, org["canvasser1"])
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in c.get(reverse("attendance-checkin")).content.decode()


def test_r_role_1_leave_requests_are_scoped(client, org):
    from attendance.models import LeaveType
    from attendance.services import leave_request_submit

    day = date(2026, 3, 2)
    for person in (org["canvasser1"], org["canvasser3"]):
        leave_request_submit(
            staff=person,
            leave_type=LeaveType.objects.first(),
            first_day=day,
            last_day=day,
            reason=f"reason-{person.pk}",
            at=at(day, 8),
        )
    mine = _client(client, org["canvasser1"]).get(reverse("leave-list")).content.decode()
    assert f"reason-{org['canvasser1'].pk}" in mine
    assert f"reason-{org['canvasser3'].pk}" not in mine
    theirs = LeaveRequest.objects.get(staff=org["canvasser3"])
    leader = _client(client, org["leader1"])
    leader.post(reverse("leave-decide", args=[theirs.pk]), {"approve": "1"})
    theirs.refresh_from_db()
    assert theirs.state == "pending"


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    "url_name",
    [
        "violation-list",
        "leave-list",
        "attendance-group",
        "attendance-my",
        "roster-week",
        "inspection-list",
        "discipline-list",
    ],
)
def test_list_pages_constant_queries(client, org, django_assert_max_num_queries, count, url_name):
    from attendance.models import LeaveType
    from attendance.services import leave_request_submit

    today = timezone.localdate()
    for i in range(count):
        person = org["canvasser1"] if i % 2 else org["canvasser2"]
        violation_record(
            staff=person, code="DRESS", occurred_at=timezone.now() - timedelta(minutes=i + 1)
        )
        rostered(person, today - timedelta(days=i))
        leave_request_submit(
            staff=person,
            leave_type=LeaveType.objects.first(),
            first_day=today + timedelta(days=40 + i),
            last_day=today + timedelta(days=40 + i),
            reason="r",
        )
    c = _client(client, org["manager"] if url_name != "attendance-group" else org["leader1"])
    with django_assert_max_num_queries(25):
        assert c.get(reverse(url_name)).status_code == 200
