"""R-ATT-7 inspections, R-ATT-2 roster, R-DISC-1 discipline, R-SYS-6 retention."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from attendance.models import DayRecord, DisciplineAction, RosterChange, RosterEntry, Violation
from attendance.services import (
    absence_detect,
    check_in,
    checkin_data_purge,
    discipline_case_open,
    discipline_record,
    inspection_record,
    roster_change_decide,
    roster_change_request,
    roster_copy_week,
    roster_set,
    violation_record,
)
from outreach.models import Notification
from tests.factories import PointFactory
from tests.factories.attendance import at, daily, default_shift, rostered

MON = date(2026, 3, 2)


def test_r_att_7_cross_posting_one_post_cross_per_person_with_joint_fine(org):
    a, b = org["canvasser1"], org["canvasser2"]
    daily(a)
    daily(b)
    point = PointFactory()
    inspection_record(
        actor=org["leader1"], point=point, marks={a: "cross", b: "cross"}, at=at(MON, 11)
    )
    rows = Violation.objects.filter(code="POST-CROSS")
    assert rows.count() == 2
    assert {(v.amount, v.leader_amount) for v in rows} == {(Decimal("30.00"), Decimal("20.00"))}
    assert all(v.inspection_id and v.leader == org["leader1"] for v in rows)


def test_r_att_7_crowding_one_post_crowd_per_point(org):
    a, b = org["canvasser1"], org["canvasser2"]
    point = PointFactory()
    inspection_record(
        actor=org["leader1"], point=point, marks={a: "crowd", b: "crowd"}, at=at(MON, 11)
    )
    v = Violation.objects.get(code="POST-CROWD")
    assert (v.amount, v.leader, v.leader_amount) == (0, org["leader1"], Decimal("10.00"))


def test_r_att_7_present_counts_as_presence(org):
    p = org["canvasser1"]
    point = PointFactory()
    rostered(p, MON, point=point)
    inspection_record(actor=org["manager"], point=point, marks={p: "present"}, at=at(MON, 11))
    assert DayRecord.objects.get(staff=p, day=MON).present_by_inspection
    assert absence_detect(day=MON) == 0


def test_r_att_7_absent_from_post_after_checking_in_is_post_leave(org):
    p = org["canvasser1"]
    daily(p)
    point = PointFactory()
    rostered(p, MON, point=point)
    check_in(staff=p, device_id="d", at=at(MON, 8, 50))
    inspection_record(actor=org["leader1"], point=point, marks={p: "absent"}, at=at(MON, 11))
    v = Violation.objects.get(code="POST-LEAVE")
    assert (v.amount, v.leader_amount) == (Decimal("30.00"), Decimal("10.00"))


def test_r_att_7_leader_cannot_inspect_another_groups_people(org):
    with pytest.raises(ValidationError):
        inspection_record(
            actor=org["leader1"],
            point=PointFactory(),
            marks={org["canvasser3"]: "cross"},
            at=at(MON, 11),
        )
    assert not Violation.objects.exists()


# --- R-ATT-2 roster ----------------------------------------------------------------------------


def test_r_att_2_leader_sets_the_roster_of_own_group_only(org):
    point = PointFactory()
    entry = roster_set(
        actor=org["leader1"], staff=org["canvasser1"], day=MON, shift=default_shift(), point=point
    )
    assert entry.is_working
    assert entry.point == point
    with pytest.raises(ValidationError):
        roster_set(
            actor=org["leader1"],
            staff=org["canvasser3"],
            day=MON,
            shift=default_shift(),
            point=None,
        )


def test_r_att_2_copy_last_week(org):
    for d in range(7):
        rostered(org["canvasser1"], MON + timedelta(days=d))
    assert (
        roster_copy_week(
            actor=org["leader1"], staff_ids=[org["canvasser1"].pk], week_start=MON + timedelta(7)
        )
        == 7
    )
    assert RosterEntry.objects.filter(staff=org["canvasser1"]).count() == 14


def test_r_att_2_a_change_applies_only_when_the_leader_approves(org):
    p = org["canvasser1"]
    rostered(p, MON)
    other = PointFactory()
    change = roster_change_request(
        staff=p, day=MON, shift=default_shift(), point=other, reason="closer to home"
    )
    assert RosterEntry.objects.get(staff=p, day=MON).point is None
    roster_change_decide(change=change, actor=org["leader1"], approve=True)
    assert RosterEntry.objects.get(staff=p, day=MON).point == other
    assert RosterEntry.objects.get(staff=p, day=MON).history.count() == 2


def test_r_att_2_an_unapproved_change_made_anyway_is_a_roster_violation(org):
    p = org["canvasser1"]
    change = roster_change_request(staff=p, day=MON, shift=None, point=None, reason="rest")
    roster_change_decide(change=change, actor=org["leader1"], approve=False, changed_anyway=True)
    assert change.state == RosterChange.State.REJECTED
    assert Violation.objects.get().code == "ROSTER"


# --- R-DISC-1 ------------------------------------------------------------------------------


def test_r_disc_1_three_lates_in_a_month_open_a_case_for_the_manager(org):
    p = org["canvasser1"]
    for d in (2, 3):
        violation_record(staff=p, code="ATT-LATE", occurred_at=at(date(2026, 3, d), 9, 30))
    assert not DisciplineAction.objects.exists()
    violation_record(staff=p, code="ATT-LATE", occurred_at=at(date(2026, 3, 4), 9, 30))
    case = DisciplineAction.objects.get()
    assert (case.kind, case.trigger, case.month) == ("case", "late", date(2026, 3, 1))
    assert Notification.objects.filter(recipient=org["manager"].user).exists()
    violation_record(staff=p, code="ATT-LATE", occurred_at=at(date(2026, 3, 5), 9, 30))
    assert DisciplineAction.objects.count() == 1


def test_r_disc_1_two_absent_days_open_a_case(org):
    p = org["canvasser1"]
    for d in (MON, MON + timedelta(days=1)):
        rostered(p, d)
        absence_detect(day=d)
    assert DisciplineAction.objects.get().trigger == "absent"


def test_r_disc_1_payroll_can_open_a_target_miss_case_once(org):
    p = org["canvasser1"]
    first = discipline_case_open(staff=p, trigger="target-miss", month=MON, reason="2 months")
    again = discipline_case_open(staff=p, trigger="target-miss", month=MON, reason="2 months")
    assert first.pk == again.pk


def test_r_disc_1_dismissal_sets_the_leave_date(org):
    p = org["canvasser1"]
    action = discipline_record(
        staff=p, kind="dismissal", reason="fake leads", actor=org["manager"], leave_date=MON
    )
    p.refresh_from_db()
    assert p.leave_date == MON
    assert action.approver == org["manager"]
    assert action.history.count() == 1


def test_r_disc_1_only_a_manager_decides_discipline(org):
    with pytest.raises(ValidationError):
        discipline_record(staff=org["canvasser1"], kind="warning", reason="x", actor=org["leader1"])


# --- R-SYS-6 retention -----------------------------------------------------------------------


def test_r_sys_6_checkin_photo_and_location_deleted_after_180_days(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = org["canvasser1"]
    old_day, new_day = date(2025, 9, 1), date(2026, 2, 1)
    for day in (old_day, new_day):
        check_in(
            staff=p,
            device_id="d",
            at=at(day, 8, 50),
            latitude=Decimal("30.1"),
            longitude=Decimal("120.1"),
            ip="10.0.0.1",
        )
    old = DayRecord.objects.get(day=old_day)
    old.check_in_photo.save("x.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    path = old.check_in_photo.path
    assert checkin_data_purge(today=date(2026, 3, 10)) == 1
    old.refresh_from_db()
    assert (old.check_in_lat, old.check_in_photo.name, old.check_in_ip) == (None, "", None)
    assert old.check_in_at is not None
    import os

    assert not os.path.exists(path)
    assert DayRecord.objects.get(day=new_day).check_in_lat is not None
    assert checkin_data_purge(today=date(2026, 3, 10)) == 0
