"""R-PLAN-5: the group's facts since the previous meeting — exact numbers, each from the
owning app's selectors, in a fixed number of queries whatever the group's size."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.defaults import defaults_ensure
from attendance.models import Violation
from attendance.services import violation_record
from attendance.vocabulary import ViolationSource
from clients.models import Deal, DealStatus
from meetings import services
from meetings.models import Meeting
from meetings.selectors import meeting_facts
from payroll.models import Target
from tests.clock import local, runs_at
from tests.factories import staff_in_group
from tests.factories.clients import confirmed_visit, register

pytestmark = [pytest.mark.django_db, runs_at("2026-03-11 08:00")]  # a Wednesday


def _meeting(org, day, hh=9):
    return Meeting.objects.create(
        group=org["groups"][0],
        title="晨会",
        day=day,
        starts_at=local(f"{day:%Y-%m-%d} {hh:02d}:00"),
        state="held",
        held_at=local(f"{day:%Y-%m-%d} {hh:02d}:30"),
    )


def _facts_world(org, *, extra_people=0):
    """Previous held meeting Mon 9 March 09:00; this one Wed 11 March 09:00."""
    defaults_ensure()
    group = org["groups"][0]
    for _n in range(extra_people):
        staff_in_group(group)
    previous = _meeting(org, date(2026, 3, 9))
    meeting = services.meeting_schedule(
        actor=org["leader1"].user,
        group=group,
        title="晨会",
        day=date(2026, 3, 11),
        start_time=time(9, 0),
    )
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    # Leads: two of G01's in the window, one before it, one of G02's.
    register(c1, "13900000001", now=local("2026-03-09 10:00"))
    lead = register(c2, "13900000002", now=local("2026-03-10 11:00"))
    register(c1, "13900000003", now=local("2026-03-08 10:00"))
    register(c3, "13900000004", now=local("2026-03-10 10:00"))
    # One valid visit of G01 in the window.
    confirmed_visit(lead, org["consultant1"], now=local("2026-03-10 15:00"))
    # Deals: one of G01 signed 10 March (in), one signed 11 March (the meeting's day: next
    # time), one of G02.
    for staff, signed_on in (
        (c2, date(2026, 3, 10)),
        (c1, date(2026, 3, 11)),
        (c3, date(2026, 3, 10)),
    ):
        Deal.objects.create(
            lead=lead,
            project="一期",
            units=1,
            amount=Decimal("1000000.00"),
            signed_on=signed_on,
            consultant=org["consultant1"],
            credited_staff=staff,
            status=DealStatus.SIGNED,
        )
    # Violations: a missing report (job) and a manual one in the window, one waived-like
    # reversed, one before the window.
    violation_record(
        staff=c1,
        code="CONDUCT",
        occurred_at=local("2026-03-09 17:00"),
        source=ViolationSource.REPORT,
        auto_key="daily-report:x:1",
    )
    violation_record(staff=c2, code="DRESS", occurred_at=local("2026-03-10 10:00"))
    reversed_ = violation_record(staff=c2, code="DRESS", occurred_at=local("2026-03-10 11:00"))
    Violation.objects.filter(pk=reversed_.pk).update(state=Violation.State.REVERSED)
    violation_record(staff=c1, code="DRESS", occurred_at=local("2026-03-08 10:00"))
    Target.objects.create(month=date(2026, 3, 1), staff=c2, visits=10, deals=2)
    return previous, meeting


def test_r_plan_5_facts_since_the_previous_meeting_are_exact(org):
    previous, meeting = _facts_world(org)
    facts = meeting_facts(meeting, now=local("2026-03-11 08:00"))
    assert facts.previous == previous
    # Before the meeting starts the facts run up to now (08:00).
    assert (facts.start, facts.end) == (previous.starts_at, local("2026-03-11 08:00"))
    assert facts.members == 3
    assert (facts.leads, facts.visits, facts.deals) == (2, 1, 1)
    assert (facts.missing_reports, facts.open_violations) == (1, 2)
    rows = {row.name: row for row in facts.targets}
    c2 = rows[org["canvasser2"].name]
    assert (c2.visits, c2.visits_target, c2.deals, c2.deals_target) == (1, 10, 1, 2)
    c1 = rows[org["canvasser1"].name]
    assert (c1.visits, c1.visits_target, c1.deals) == (0, None, 1)


def test_r_plan_5_facts_reach_up_to_now_before_the_meeting_starts(org):
    _previous, meeting = _facts_world(org)
    facts = meeting_facts(meeting, now=local("2026-03-11 08:00"))
    assert facts.end == local("2026-03-11 08:00")
    facts = meeting_facts(meeting, now=local("2026-03-11 12:00"))
    assert facts.end == meeting.starts_at


def test_r_plan_5_without_a_held_meeting_the_previous_scheduled_one_counts(org):
    defaults_ensure()
    group = org["groups"][0]
    earlier = Meeting.objects.create(
        group=group, title="晨会", day=date(2026, 3, 10), starts_at=local("2026-03-10 09:00")
    )
    Meeting.objects.create(
        group=group,
        title="取消",
        day=date(2026, 3, 10),
        starts_at=local("2026-03-10 18:00"),
        state="cancelled",
        cancelled_at=local("2026-03-10 08:00"),
    )
    meeting = Meeting.objects.create(
        group=group, title="晨会", day=date(2026, 3, 11), starts_at=local("2026-03-11 09:00")
    )
    assert meeting_facts(meeting).previous == earlier


def test_r_plan_5_facts_run_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    _previous, meeting = _facts_world(org)
    with CaptureQueriesContext(connection) as small:
        meeting_facts(meeting)
    assert len(small) <= 10
    for _n in range(6):
        staff_in_group(org["groups"][0])
    with django_assert_max_num_queries(len(small)):
        facts = meeting_facts(meeting)
    assert facts.members == 9


def test_r_plan_5_the_meeting_page_runs_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries
):
    from django.urls import reverse

    _previous, meeting = _facts_world(org)
    client.force_login(org["leader1"].user)
    url = reverse("meeting-detail", args=[meeting.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _n in range(6):
        person = staff_in_group(org["groups"][0])
        meeting.attendees.create(staff=person)
        services.action_item_add(
            actor=org["leader1"].user, meeting=meeting, text="事项", owner=person
        )
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
