"""Reads payroll uses (R-PAY-CALC days, violations with R-FINE-3 flags), set-based."""

from datetime import date, timedelta

from attendance.models import LeaveType
from attendance.selectors import attendance_days, monthly_summary, violations_for_month
from attendance.services import (
    absence_detect,
    check_in,
    inspection_record,
    leave_decide,
    leave_request_submit,
    violation_record,
    violation_waive,
)
from tests.factories import PointFactory, staff_in_group
from tests.factories.attendance import acknowledge_all, at, rostered

MON = date(2026, 3, 2)


def test_r_pay_calc_attendance_days(org):
    p = org["canvasser1"]
    days = [MON + timedelta(days=i) for i in range(6)]
    for d in days:
        rostered(p, d)
    check_in(staff=p, device_id="d", at=at(days[0], 8, 50))  # worked
    point = PointFactory()
    inspection_record(
        actor=org["leader1"], point=point, marks={p: "present"}, at=at(days[1], 11)
    )  # worked by inspection
    for code, day in (("annual", days[2]), ("personal", days[3])):
        req = leave_request_submit(
            staff=p,
            leave_type=LeaveType.objects.get(code=code),
            first_day=day,
            last_day=day,
            reason="r",
            at=at(MON - timedelta(days=3), 9),
        )
        leave_decide(request=req, actor=org["leader1"], approve=True)
    # leave on a worked day does not make it leave
    req = leave_request_submit(
        staff=p,
        leave_type=LeaveType.objects.get(code="annual"),
        first_day=days[0],
        last_day=days[0],
        reason="r",
        at=at(MON - timedelta(days=3), 9),
    )
    leave_decide(request=req, actor=org["leader1"], approve=True)
    # days[4], days[5] absent
    assert attendance_days(MON)[p.pk] == {
        "scheduled": 6,
        "worked": 2,
        "paid_leave": 1,
        "unpaid_leave": 1,
        "absent": 2,
    }


def test_attendance_days_constant_queries(org, django_assert_num_queries):
    group = org["groups"][0]
    people = [staff_in_group(group) for _ in range(5)]
    for p in people:
        for i in range(3):
            rostered(p, MON + timedelta(days=i))
    with django_assert_num_queries(1):
        result = attendance_days(MON)
    assert len(result) == 5


def test_violations_for_month_gives_payroll_what_it_needs(org, django_assert_num_queries):
    p = org["canvasser1"]
    acknowledge_all(p)
    violation_record(staff=p, code="DRESS", occurred_at=at(MON, 11))
    waived = violation_record(staff=p, code="CONDUCT", occurred_at=at(MON, 12))
    violation_waive(violation=waived, actor=org["manager"], reason="x")
    violation_record(staff=p, code="DRESS", occurred_at=at(date(2026, 4, 1), 11))  # next month
    with django_assert_num_queries(1):
        rows = list(violations_for_month(MON))
    assert [(r.code, r.person_due, r.acknowledged, r.state) for r in rows] == [
        ("DRESS", 10, True, "active"),
        ("CONDUCT", 0, True, "waived"),
    ]
    assert rows[0].leader == org["leader1"]


def test_monthly_summary_counts_and_constant_queries(org, django_assert_max_num_queries):
    p = org["canvasser1"]
    rostered(p, MON)
    rostered(p, MON + timedelta(days=1))
    check_in(staff=p, device_id="d", at=at(MON, 9, 30))
    absence_detect(day=MON + timedelta(days=1))
    with django_assert_max_num_queries(6):
        rows = monthly_summary(user=org["hr"].user, month=MON)
    row = next(r for r in rows if r["staff"] == p)
    assert (row["worked"], row["late"], row["absent"], row["violations"], row["fines"]) == (
        1,
        1,
        1,
        2,
        20,
    )
    leader_row = [r for r in rows if r["staff"] == org["leader1"]]
    assert leader_row == []  # not rostered


def test_monthly_summary_queries_do_not_grow_with_people(org, django_assert_max_num_queries):
    group = org["groups"][1]
    for _ in range(12):
        person = staff_in_group(group)
        for i in range(4):
            rostered(person, MON + timedelta(days=i))
        check_in(staff=person, device_id="", at=at(MON, 9, 10))
    user = org["hr"].user
    with django_assert_max_num_queries(6):
        rows = monthly_summary(user=user, month=MON)
    assert len(rows) == 12


def test_r_pay_calc_days_after_the_leave_date_are_not_scheduled(org):
    p = org["canvasser1"]
    for i in range(4):
        rostered(p, MON + timedelta(days=i))
    p.leave_date = MON + timedelta(days=1)
    p.save()
    assert attendance_days(MON)[p.pk]["scheduled"] == 2


def test_the_person_is_notified_of_a_recorded_violation(org):
    from outreach.models import Notification

    v = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(MON, 11), recorded_by=org["leader1"]
    )
    note = Notification.objects.get(recipient=org["canvasser1"].user, kind="attendance.violation")
    assert str(v.pk) in note.link
