"""Issue 17 finding 3, Build 3: nobody decides their own request.

A leader is the leader of their own group, so "is the decider the person's leader" let a
leader approve their own leave and roster change. One rule in the core
(`outreach.decisions`) now answers for every kind: the self-decision is refused with a
readable message and nothing changes; a leader's request goes to the manager, who
decides it and finds it in their inbox. (Appraisal scores: tests/appraisals.)
"""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendance.defaults import defaults_ensure
from attendance.models import LeaveRequest, LeaveType, RosterChange, Violation
from attendance.services import (
    leave_decide,
    leave_request_submit,
    roster_change_decide,
    roster_change_request,
    violation_appeal,
    violation_appeal_reject,
    violation_record,
    violation_reduce,
    violation_waive,
)
from campaigns import services as campaign_services
from campaigns.models import ClaimStatus, ExpenseClaim, TripPlan, TripStatus
from outreach.decisions import decider_for, deciders_for, decision_refuse_own
from outreach.models import Notification
from payroll.models import Adjustment, PayrollRun
from payroll.services import adjustment_add
from tests.clock import local, runs_at
from tests.factories.campaigns import image_upload

pytestmark = [pytest.mark.django_db, runs_at("2026-03-02 10:00")]

OWN = "You cannot decide your own request."
DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _defaults(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    defaults_ensure()


def _inbox(person):
    return set(Notification.objects.filter(recipient=person.user).values_list("kind", flat=True))


# --- the rule ------------------------------------------------------------------------------


def test_hardening_a_leaders_decider_is_a_manager_not_themselves(org):
    assert decider_for(org["canvasser1"], DAY) == org["leader1"]
    assert decider_for(org["leader1"], DAY) is None
    assert list(deciders_for(org["leader1"], DAY)) == [org["manager"]]
    assert list(deciders_for(org["canvasser1"], DAY)) == [org["leader1"]]


def test_hardening_decision_refuse_own_accepts_users_and_staff(org):
    leader = org["leader1"]
    for actor in (leader, leader.user):
        with pytest.raises(ValidationError, match=OWN):
            decision_refuse_own(actor=actor, requester=leader)
    decision_refuse_own(actor=org["manager"].user, requester=leader)


# --- leave (R-ATT-5) -----------------------------------------------------------------------


def _leave(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return leave_request_submit(
            staff=person,
            leave_type=LeaveType.objects.get(code="annual"),
            first_day=DAY + timedelta(days=3),
            last_day=DAY + timedelta(days=3),
            reason="family",
            at=local("2026-03-02 10:00"),
        )


def test_hardening_a_leader_cannot_approve_their_own_leave(org, django_capture_on_commit_callbacks):
    leave = _leave(org["leader1"], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match=OWN):
        leave_decide(request=leave, actor=org["leader1"], approve=True)
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.PENDING
    assert leave.decided_by is None


def test_hardening_a_leaders_leave_goes_to_the_manager(org, django_capture_on_commit_callbacks):
    leave = _leave(org["leader1"], django_capture_on_commit_callbacks)
    assert "leave_request" in _inbox(org["manager"])
    assert "leave_request" not in _inbox(org["leader1"])
    leave_decide(request=leave, actor=org["manager"], approve=True)
    assert leave.state == LeaveRequest.State.APPROVED


def test_hardening_the_leave_decide_page_refuses_ones_own_with_a_message(
    client, org, django_capture_on_commit_callbacks
):
    """Finding 3 as it was reproduced: POST /attendance/leave/<pk>/decide/."""
    leave = _leave(org["leader1"], django_capture_on_commit_callbacks)
    client.force_login(org["leader1"].user)
    url = reverse("leave-decide", args=[leave.pk])
    response = client.post(url, {"approve": "1"}, follow=True)
    # The interface speaks Chinese by default, whatever the browser asks for (R-SYS-1).
    assert "您不能审批自己的申请。" in [str(m) for m in response.context["messages"]]
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.PENDING


# --- roster changes (R-ATT-2) --------------------------------------------------------------


def _change(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return roster_change_request(
            staff=person, day=DAY + timedelta(days=1), shift=None, point=None, reason="rest"
        )


def test_hardening_a_leader_cannot_approve_their_own_roster_change(
    org, django_capture_on_commit_callbacks
):
    change = _change(org["leader1"], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match=OWN):
        roster_change_decide(change=change, actor=org["leader1"], approve=True)
    change.refresh_from_db()
    assert change.state == RosterChange.State.PENDING


def test_hardening_a_leaders_roster_change_goes_to_the_manager(
    org, django_capture_on_commit_callbacks
):
    change = _change(org["leader1"], django_capture_on_commit_callbacks)
    assert "roster_change_request" in _inbox(org["manager"])
    assert "roster_change_request" not in _inbox(org["leader1"])
    roster_change_decide(change=change, actor=org["manager"], approve=True)
    assert change.state == RosterChange.State.APPROVED
    # and a canvasser's change goes to their leader
    _change(org["canvasser1"], django_capture_on_commit_callbacks)
    assert "roster_change_request" in _inbox(org["leader1"])


# --- expense claims and trip plans (R-PLAN-1, R-PLAN-2) ------------------------------------


def _claim(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return campaign_services.expense_claim_submit(
            actor=person.user,
            category="transport",
            amount=Decimal("36.50"),
            spent_on=DAY,
            description="taxi",
            receipts=[image_upload()],
        )


def test_hardening_a_leader_cannot_decide_their_own_claim_the_manager_can(
    org, django_capture_on_commit_callbacks
):
    claim = _claim(org["leader1"], django_capture_on_commit_callbacks)
    assert "expense_claim_submitted" in _inbox(org["manager"])
    with pytest.raises(ValidationError, match=OWN):
        campaign_services.expense_claim_decide(actor=org["leader1"].user, claim=claim, approve=True)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    campaign_services.expense_claim_decide(actor=org["manager"].user, claim=claim, approve=True)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def _trip(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return campaign_services.trip_plan_submit(
            actor=person.user,
            day=DAY + timedelta(days=2),
            start_time=time(9),
            end_time=time(12),
            place="科技园",
            client="某公司",
            purpose="团购洽谈",
        )


def test_hardening_a_leader_cannot_decide_their_own_trip_the_manager_can(
    org, django_capture_on_commit_callbacks
):
    trip = _trip(org["leader1"], django_capture_on_commit_callbacks)
    assert "trip_plan_submitted" in _inbox(org["manager"])
    with pytest.raises(ValidationError, match=OWN):
        campaign_services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=True)
    assert TripPlan.objects.get(pk=trip.pk).status == TripStatus.PENDING
    campaign_services.trip_plan_decide(actor=org["manager"].user, trip=trip, approve=True)
    assert TripPlan.objects.get(pk=trip.pk).status == TripStatus.APPROVED


# --- fine appeals (R-FINE-1) ---------------------------------------------------------------


def _appealed_fine(person, by):
    fine = violation_record(
        staff=person, code="DRESS", occurred_at=local("2026-03-02 09:10"), recorded_by=by
    )
    return violation_appeal(violation=fine, actor=person, reason="traffic")


def test_hardening_nobody_decides_the_appeal_of_their_own_fine(org):
    """A manager fined (by another manager) cannot waive, reduce or uphold it themselves."""
    from tests.factories import StaffFactory

    other_manager = StaffFactory(role=org["manager"].role)
    fine = _appealed_fine(org["manager"], other_manager)
    before = Violation.objects.filter(pk=fine.pk).values().get()
    for decide in (
        lambda: violation_waive(violation=fine, actor=org["manager"], reason="mine"),
        lambda: violation_reduce(
            violation=fine, actor=org["manager"], new_amount=Decimal(0), reason="mine"
        ),
        lambda: violation_appeal_reject(violation=fine, actor=org["manager"], reason="mine"),
    ):
        with pytest.raises(ValidationError, match=OWN):
            decide()
    assert Violation.objects.filter(pk=fine.pk).values().get() == before
    violation_waive(violation=fine, actor=other_manager, reason="traffic jam")
    assert Violation.objects.get(pk=fine.pk).state == Violation.State.WAIVED


def test_hardening_a_leaders_appeal_is_decided_by_the_manager(org):
    fine = _appealed_fine(org["leader1"], org["manager"])
    with pytest.raises(ValidationError, match=OWN):
        violation_waive(violation=fine, actor=org["leader1"], reason="mine")
    violation_appeal_reject(violation=fine, actor=org["manager"], reason="no proof")
    assert Violation.objects.get(pk=fine.pk).appeal == Violation.Appeal.UPHELD


# --- payroll adjustments (R-PAY-8) ---------------------------------------------------------


def test_hardening_hr_cannot_adjust_their_own_pay(org):
    run = PayrollRun.objects.create(month=date(2026, 2, 1))
    with pytest.raises(ValidationError, match=OWN):
        adjustment_add(
            run=run, staff=org["hr"], amount=Decimal(500), reason="bonus", actor=org["hr"].user
        )
    assert not Adjustment.objects.exists()
    adjustment_add(
        run=run, staff=org["hr"], amount=Decimal(50), reason="fare", actor=org["manager"].user
    )
    assert Adjustment.objects.get().staff == org["hr"]
