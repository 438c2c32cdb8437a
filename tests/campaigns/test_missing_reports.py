"""Issue 18 point 4 (R-DAY-1): the missing-report list names only people who owe a report
(rostered to work, checked in, not on approved leave) and agrees with the job that fines
a missing report; never someone resting, on leave or off the roster."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from attendance.defaults import defaults_ensure
from attendance.models import LeaveRequest, LeaveType, RosterEntry, Violation
from campaigns.selectors import daily_reports_missing
from campaigns.services import daily_report_submit
from campaigns.services.daily import daily_reports_missing_flag
from tests.clock import local_at, runs_at
from tests.factories import staff_in_group
from tests.factories.attendance import acknowledge_all, checked_in, rostered

DAY = date(2026, 3, 12)  # a Thursday: the shift ends 16:30, reports are due by 17:00

pytestmark = [pytest.mark.django_db, runs_at("2026-03-12 17:30", tick=False)]


def _leave(person):
    LeaveRequest.objects.create(
        staff=person,
        leave_type=LeaveType.objects.get(code="personal"),
        first_day=DAY,
        last_day=DAY,
        reason="家中有事",
        submitted_at=local_at(DAY - timedelta(days=2), 12),
        state=LeaveRequest.State.APPROVED,
    )


@pytest.fixture
def group_day(org):
    """Group 1 on 12 March: canvasser1 worked and has not reported; canvasser2 worked and
    reported; then one person each resting, on approved leave (one of them checked in
    all the same), off the roster, and rostered but never in. canvasser3 (group 2) worked
    and has not reported."""
    defaults_ensure()
    g1 = org["groups"][0]
    people = {
        "resting": staff_in_group(g1, name="休息者"),
        "on_leave": staff_in_group(g1, name="请假者"),
        "leave_but_in": staff_in_group(g1, name="请假仍签到"),
        "off_roster": staff_in_group(g1, name="未排班者"),
        "never_in": staff_in_group(g1, name="未签到者"),
    }
    for who in ("canvasser1", "canvasser2", "canvasser3"):
        rostered(org[who], DAY)
        checked_in(org[who], DAY)
    RosterEntry.objects.create(staff=people["resting"], day=DAY, shift=None)  # rest day
    checked_in(people["off_roster"], DAY)  # came anyway: not rostered, no report due
    checked_in(people["resting"], DAY)
    for who in ("on_leave", "leave_but_in", "never_in"):
        rostered(people[who], DAY)
    _leave(people["on_leave"])
    _leave(people["leave_but_in"])
    checked_in(people["leave_but_in"], DAY)
    daily_report_submit(
        actor=org["canvasser2"].user,
        day=DAY,
        idempotency_key=uuid.uuid4(),
        summary="万达东门派单",
    )
    acknowledge_all(org["canvasser1"], org["canvasser3"], *people.values())
    return people


def test_first_use_the_leaders_missing_list_leaves_out_rest_leave_and_off_roster(
    client, org, group_day
):
    client.force_login(org["leader1"].user)
    body = client.get(reverse("daily-report-list")).content.decode()
    missing = body.split('id="missing-reports"')[1].split("</div>")[0]
    assert org["canvasser1"].name in missing
    for name in [org["canvasser2"].name, org["canvasser3"].name] + [
        p.name for p in group_day.values()
    ]:
        assert name not in missing


def test_r_day_1_the_missing_list_and_the_job_name_the_same_people(org, group_day):
    leader_list = {p.pk for p in daily_reports_missing(user=org["leader1"].user, day=DAY)}
    manager_list = {p.pk for p in daily_reports_missing(user=org["manager"].user, day=DAY)}
    assert leader_list == {org["canvasser1"].pk}
    assert manager_list == {org["canvasser1"].pk, org["canvasser3"].pk}
    assert daily_reports_missing(user=org["canvasser1"].user, day=DAY) == []
    assert daily_reports_missing_flag(day=DAY, now=local_at(DAY, 17, 30)) == 2
    fined = set(
        Violation.objects.filter(code="CONDUCT", source=Violation.Source.REPORT).values_list(
            "staff_id", flat=True
        )
    )
    assert fined == manager_list


def test_r_day_1_a_missing_report_is_notified_to_its_person_once(org, group_day):
    """Issue 20: the job also tells each person (what push forwards to the group chat)."""
    from outreach.models import Notification

    daily_reports_missing_flag(day=DAY, now=local_at(DAY, 17, 30))
    daily_reports_missing_flag(day=DAY, now=local_at(DAY, 17, 45))
    told = Notification.objects.filter(kind="daily_report_missing_20260312")
    assert set(told.values_list("recipient_id", flat=True)) == {
        org["canvasser1"].user_id,
        org["canvasser3"].user_id,
    }
    assert told.count() == 2


def test_first_use_the_leader_homes_not_reported_tile_is_the_same_list(client, org, group_day):
    client.force_login(org["leader1"].user)
    context = client.get(reverse("home")).context
    assert [r["staff"].pk for r in context["not_reported"]] == [org["canvasser1"].pk]
    badges = {r["staff"].pk for r in context["rows"] if r["report_missing"]}
    assert badges == {org["canvasser1"].pk}


@pytest.mark.parametrize("extra", [1, 8])
def test_the_missing_list_has_a_fixed_number_of_queries(
    org, group_day, extra, django_assert_max_num_queries
):
    for _n in range(extra):
        person = staff_in_group(org["groups"][0])
        rostered(person, DAY)
        checked_in(person, DAY)
    with django_assert_max_num_queries(4):  # the person, two for permissions, the list
        missing = daily_reports_missing(user=org["leader1"].user, day=DAY)
    assert len(missing) == 1 + extra
