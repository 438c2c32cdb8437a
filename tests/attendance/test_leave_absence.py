"""R-ATT-5 leave, R-ATT-6 absence detection and retroactive leave."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from attendance.models import DayRecord, LeaveRequest, LeaveType, Violation
from attendance.services import (
    absence_detect,
    absence_mark,
    check_in,
    inspection_record,
    leave_decide,
    leave_request_submit,
)
from outreach.models import ClosedPayMonth
from tests.factories import PointFactory
from tests.factories.attendance import at, rostered

MON = date(2026, 3, 2)


def _leave(person, first, last, submitted, code="personal"):
    return leave_request_submit(
        staff=person,
        leave_type=LeaveType.objects.get(code=code),
        first_day=first,
        last_day=last,
        reason="family",
        at=submitted,
    )


def test_r_att_5_leave_types_are_data_with_paid_flags():
    paid = dict(LeaveType.objects.values_list("name", "paid"))
    assert paid == {
        "事假": False,
        "病假": False,
        "年假": True,
        "婚假": True,
        "丧假": True,
        "调休": True,
    }


def test_r_att_5_on_time_until_235959_the_day_before(org):
    p = org["canvasser1"]
    assert _leave(p, MON, MON, at(MON - timedelta(days=1), 23, 59, 59)).on_time
    assert not _leave(
        p, MON + timedelta(days=1), MON + timedelta(days=1), at(MON + timedelta(days=1), 0, 0, 0)
    ).on_time


def test_r_att_5_more_than_3_days_needs_7_days_notice(org):
    p = org["canvasser1"]
    last = MON + timedelta(days=3)  # 4 days
    assert not _leave(p, MON, last, at(MON - timedelta(days=6), 12)).on_time
    LeaveRequest.objects.all().delete()
    assert _leave(p, MON, last, at(MON - timedelta(days=7), 23, 59, 59)).on_time


def test_r_att_5_three_days_needs_only_one_day(org):
    p = org["canvasser1"]
    assert _leave(p, MON, MON + timedelta(days=2), at(MON - timedelta(days=1), 20)).on_time


def test_r_att_5_leader_approves_on_time_leave(org):
    req = _leave(org["canvasser1"], MON, MON, at(MON - timedelta(days=2), 9))
    leave_decide(request=req, actor=org["leader1"], approve=True)
    assert req.state == "approved"
    assert req.decided_by == org["leader1"]


def test_r_att_5_late_request_needs_a_manager(org):
    req = _leave(org["canvasser1"], MON, MON, at(MON, 8))
    with pytest.raises(ValidationError, match="manager"):
        leave_decide(request=req, actor=org["leader1"], approve=True)
    req.refresh_from_db()
    assert req.state == "pending"
    leave_decide(request=req, actor=org["manager"], approve=True)
    assert req.state == "approved"


def test_r_att_5_another_groups_leader_cannot_decide(org):
    req = _leave(org["canvasser1"], MON, MON, at(MON - timedelta(days=2), 9))
    with pytest.raises(ValidationError):
        leave_decide(request=req, actor=org["leader2"], approve=True)


def test_r_att_5_overlapping_requests_are_refused(org):
    _leave(org["canvasser1"], MON, MON + timedelta(days=1), at(MON - timedelta(days=3), 9))
    with pytest.raises(ValidationError):
        _leave(
            org["canvasser1"],
            MON + timedelta(days=1),
            MON + timedelta(days=1),
            at(MON - timedelta(days=3), 9),
        )


# --- R-ATT-6 absence ------------------------------------------------------------------------


def test_r_att_6_rostered_day_without_check_in_is_absent_with_leader_joint_fine(org):
    p = org["canvasser1"]
    rostered(p, MON)
    assert absence_detect(day=MON) == 1
    assert DayRecord.objects.get(staff=p, day=MON).is_absent
    v = Violation.objects.get(code="ATT-NOLEAVE")
    assert v.amount == 0
    assert (v.leader, v.leader_amount) == (org["leader1"], 20)


def test_r_att_6_checked_in_or_on_leave_or_rest_is_not_absent(org):
    a, b, c = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    for person in (a, b):
        rostered(person, MON)
    from attendance.models import RosterEntry

    RosterEntry.objects.create(staff=c, day=MON, shift=None)  # rest day
    check_in(staff=a, device_id="d", at=at(MON, 8, 50))
    req = _leave(b, MON, MON, at(MON - timedelta(days=2), 9))
    leave_decide(request=req, actor=org["leader1"], approve=True)
    assert absence_detect(day=MON) == 0
    assert not Violation.objects.exists()


def test_r_att_6_inspection_presence_is_not_absent(org):
    p = org["canvasser1"]
    point = PointFactory()
    rostered(p, MON, point=point)
    inspection_record(actor=org["leader1"], point=point, marks={p: "present"}, at=at(MON, 11))
    assert absence_detect(day=MON) == 0


def test_r_att_6_detection_is_idempotent(org, django_assert_num_queries):
    rostered(org["canvasser1"], MON)
    absence_detect(day=MON)
    counts = (
        DayRecord.objects.count(),
        Violation.objects.count(),
        Violation.history.count(),
        DayRecord.history.count(),
    )
    assert absence_detect(day=MON) == 0
    assert counts == (
        DayRecord.objects.count(),
        Violation.objects.count(),
        Violation.history.count(),
        DayRecord.history.count(),
    )


def test_r_att_6_leader_absent_mark_before_the_job_spares_the_joint_fine(org):
    p = org["canvasser1"]
    rostered(p, MON)
    absence_mark(actor=org["leader1"], staff=p, day=MON, at=at(MON, 10))
    absence_detect(day=MON)
    v = Violation.objects.get(code="ATT-NOLEAVE")
    assert v.leader is None
    assert v.leader_amount == 0


def test_r_att_6_absent_mark_at_an_inspection_spares_the_joint_fine(org):
    p = org["canvasser1"]
    point = PointFactory()
    rostered(p, MON, point=point)
    inspection_record(actor=org["leader1"], point=point, marks={p: "absent"}, at=at(MON, 11))
    absence_detect(day=MON)
    assert Violation.objects.get(code="ATT-NOLEAVE").leader_amount == 0


def test_r_att_6_leader_cannot_mark_another_groups_person(org):
    with pytest.raises(ValidationError):
        absence_mark(actor=org["leader1"], staff=org["canvasser3"], day=MON)


def test_r_att_6_leave_approved_later_reverses_the_absence(org):
    p = org["canvasser1"]
    rostered(p, MON)
    absence_detect(day=MON)
    req = _leave(p, MON, MON, at(MON + timedelta(days=1), 9), code="sick")
    leave_decide(request=req, actor=org["manager"], approve=True)
    assert not DayRecord.objects.get(staff=p, day=MON).is_absent
    assert Violation.objects.get(code="ATT-NOLEAVE").state == "reversed"


def test_r_att_6_leave_approved_later_leaves_a_closed_month_alone(org):
    p = org["canvasser1"]
    rostered(p, MON)
    absence_detect(day=MON)
    ClosedPayMonth.objects.create(month=date(2026, 3, 1))
    req = _leave(p, MON, MON, at(MON + timedelta(days=40), 9), code="sick")
    leave_decide(request=req, actor=org["manager"], approve=True)
    assert DayRecord.objects.get(staff=p, day=MON).is_absent
    assert Violation.objects.get(code="ATT-NOLEAVE").state == "active"


def test_r_att_6_absence_detection_constant_queries(org, django_assert_max_num_queries):
    from tests.factories import staff_in_group

    group = org["groups"][0]
    for _ in range(3):
        rostered(staff_in_group(group), MON)
    with django_assert_max_num_queries(16) as small:
        absence_detect(day=MON)
    few = len(small.captured_queries)
    for _ in range(25):
        rostered(staff_in_group(group), MON + timedelta(days=1))
    with django_assert_max_num_queries(16) as big:
        absence_detect(day=MON + timedelta(days=1))
    assert len(big.captured_queries) <= few + 1
