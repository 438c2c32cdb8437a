"""R-ATT-1, R-ATT-3, R-ATT-4: shifts, check-in / out, late, early, not at point."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from attendance.models import DayRecord, Shift, ShiftOverride, Violation
from attendance.services import check_in, check_out, day_record_correct, nosign_detect
from attendance.services.common import haversine_m, shift_times
from outreach.models import Notification
from tests.factories.attendance import at, daily, point_at, rostered

MON = date(2026, 3, 2)
SAT = date(2026, 3, 7)


def test_r_att_1_default_shift_is_data_with_the_seed_hours():
    shift = Shift.objects.get(is_default=True)
    assert shift_times(shift, MON) == (time(9), time(10), time(16, 30))
    assert shift_times(shift, SAT) == (time(9), time(10), time(17, 30))
    assert (shift.break_start, shift.break_end) == (time(13), time(14))
    assert shift.works_on(MON)
    assert shift.works_on(SAT)


def test_r_att_1_a_key_date_override_changes_the_hours():
    shift = Shift.objects.get(is_default=True)
    ShiftOverride.objects.create(
        shift=shift, day=MON, report_time=time(8), start_time=time(9), end_time=time(20)
    )
    assert shift_times(shift, MON) == (time(8), time(9), time(20))


def test_r_att_3_check_in_records_time_device_and_location(org):
    person = org["canvasser1"]
    rostered(person, MON)
    record = check_in(
        staff=person,
        device_id="dev-1",
        at=at(MON, 8, 55),
        ip="10.0.0.1",
        latitude=Decimal("30.32"),
        longitude=Decimal("120.14"),
    )
    assert record.check_in_device == "dev-1"
    assert record.check_in_lat == Decimal("30.32")
    assert not record.is_late
    assert not Violation.objects.exists()


def test_r_att_3_checking_in_twice_is_refused(org):
    person = org["canvasser1"]
    check_in(staff=person, device_id="d", at=at(MON, 8, 50))
    with pytest.raises(ValidationError, match="already checked in"):
        check_in(staff=person, device_id="d", at=at(MON, 8, 55))
    assert DayRecord.objects.count() == 1


def test_r_att_3_checking_out_without_checking_in_is_refused(org):
    with pytest.raises(ValidationError, match="not checked in"):
        check_out(staff=org["canvasser1"], device_id="d", at=at(MON, 17))
    assert not DayRecord.objects.exists()


def test_r_att_3_one_device_for_several_people_is_flagged_to_the_leader(org):
    check_in(staff=org["canvasser1"], device_id="same", at=at(MON, 8, 50))
    second = check_in(staff=org["canvasser2"], device_id="same", at=at(MON, 8, 52))
    assert second.proxy_suspected
    assert DayRecord.objects.filter(proxy_suspected=True).count() == 2
    assert Notification.objects.filter(
        recipient=org["leader1"].user, kind="attendance.proxy"
    ).exists()


def test_r_att_4_late_after_report_time_is_att_late(org):
    person = org["canvasser1"]
    daily(person)
    rostered(person, MON)
    record = check_in(staff=person, device_id="d", at=at(MON, 9, 0, 1))
    assert record.is_late
    violation = Violation.objects.get()
    assert (violation.code, violation.amount, violation.sequence) == ("ATT-LATE", 20, 1)


def test_r_att_4_on_report_time_is_not_late_and_grace_is_data(org):
    person = org["canvasser1"]
    shift = Shift.objects.get(is_default=True)
    shift.grace_minutes = 5
    shift.save()
    rostered(person, MON)
    assert not check_in(staff=person, device_id="d", at=at(MON, 9, 4, 59)).is_late


def test_r_att_4_unrostered_day_is_never_late(org):
    assert not check_in(staff=org["canvasser1"], device_id="d", at=at(MON, 11)).is_late


def test_r_att_4_early_leave_before_shift_end(org):
    person = org["canvasser1"]
    rostered(person, SAT)
    check_in(staff=person, device_id="d", at=at(SAT, 8, 50))
    record = check_out(staff=person, device_id="d", at=at(SAT, 17, 0))
    assert record.is_early
    assert Violation.objects.get().code == "ATT-LATE"


def test_r_att_4_not_at_point_beyond_500_m(org):
    person = org["canvasser1"]
    point = point_at("30.320100", "120.141900")
    rostered(person, MON, point=point)
    # ~0.6 km north
    record = check_in(
        staff=person,
        device_id="d",
        at=at(MON, 8, 50),
        latitude=Decimal("30.325500"),
        longitude=Decimal("120.141900"),
    )
    assert record.not_at_point
    assert 550 < record.distance_m < 650
    assert Violation.objects.get().code == "ATT-LATE"


def test_r_att_4_within_radius_is_at_point(org):
    person = org["canvasser1"]
    rostered(person, MON, point=point_at())
    record = check_in(
        staff=person,
        device_id="d",
        at=at(MON, 8, 50),
        latitude=Decimal("30.323000"),
        longitude=Decimal("120.141900"),
    )
    assert not record.not_at_point


def test_r_att_4_not_at_point_unknown_without_location(org):
    person = org["canvasser1"]
    rostered(person, MON, point=point_at())
    assert not check_in(staff=person, device_id="d", at=at(MON, 8, 50)).not_at_point


def test_r_att_4_late_and_not_at_point_on_one_arrival_count_once(org):
    person = org["canvasser1"]
    rostered(person, MON, point=point_at())
    record = check_in(
        staff=person,
        device_id="d",
        at=at(MON, 9, 30),
        latitude=Decimal("30.40"),
        longitude=Decimal("120.14"),
    )
    assert record.is_late
    assert record.not_at_point
    assert Violation.objects.count() == 1


def test_haversine_known_distance():
    assert abs(haversine_m(0, 0, 0, 1) - 111_195) < 10


def test_r_att_4_missing_sign_out_is_att_nosign(org):
    person = org["canvasser1"]
    rostered(person, MON)
    check_in(staff=person, device_id="d", at=at(MON, 8, 50))
    assert nosign_detect(day=MON) == 1
    violation = Violation.objects.get(code="ATT-NOSIGN")
    assert violation.amount == 20
    assert violation.occurred_at == at(MON, 18, 30)
    assert nosign_detect(day=MON) == 0


def test_r_att_4_leader_correction_before_the_job_prevents_nosign(org):
    person = org["canvasser1"]
    rostered(person, MON)
    check_in(staff=person, device_id="d", at=at(MON, 8, 50))
    day_record_correct(
        staff=person,
        day=MON,
        actor=org["manager"],
        reason="forgot",
        check_in_at=at(MON, 8, 50),
        check_out_at=at(MON, 16, 40),
    )
    assert nosign_detect(day=MON) == 0


def test_r_att_3_manager_correction_recomputes_late_and_keeps_reason(org):
    person = org["canvasser1"]
    rostered(person, MON)
    check_in(staff=person, device_id="d", at=at(MON, 9, 30))
    record = day_record_correct(
        staff=person,
        day=MON,
        actor=org["manager"],
        reason="GPS outage, was on time",
        check_in_at=at(MON, 8, 55),
        check_out_at=None,
    )
    assert not record.is_late
    assert record.correction_reason.startswith("GPS")
    assert Violation.objects.get().state == Violation.State.REVERSED
    assert record.history.count() >= 2


def test_r_att_3_a_correction_needs_a_reason(org):
    with pytest.raises(ValidationError):
        day_record_correct(
            staff=org["canvasser1"],
            day=MON,
            actor=org["manager"],
            reason=" ",
            check_in_at=at(MON, 8),
            check_out_at=None,
        )


def test_r_att_4_leader_may_fix_a_missing_sign_out_only_until_the_next_day(org):
    from django.utils import timezone

    person = org["canvasser1"]
    today = timezone.localdate()
    check_in(staff=person, device_id="d", at=at(today, 8, 50))
    record = day_record_correct(
        staff=person,
        day=today,
        actor=org["leader1"],
        reason="forgot to sign out",
        check_in_at=at(today, 8, 50),
        check_out_at=at(today, 16, 35),
    )
    assert record.corrected_by == org["leader1"]
    with pytest.raises(ValidationError, match="only a manager"):
        day_record_correct(
            staff=person,
            day=MON,
            actor=org["leader1"],
            reason="late fix",
            check_in_at=at(MON, 8, 50),
            check_out_at=at(MON, 16, 35),
        )


def test_r_att_3_another_groups_leader_cannot_correct(org):
    with pytest.raises(ValidationError):
        day_record_correct(
            staff=org["canvasser3"],
            day=MON,
            actor=org["leader1"],
            reason="x",
            check_in_at=at(MON, 8, 50),
            check_out_at=None,
        )
