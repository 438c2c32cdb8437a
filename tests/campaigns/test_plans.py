"""R-PLAN-1: weekly field plans and out-of-office trips approved by the supervisor first."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import DailyReport, TripPlan, TripStatus, WeeklyPlan
from campaigns.selectors import trip_approved_on
from outreach.dates import today
from outreach.models import Notification
from tests.factories import PointFactory

pytestmark = pytest.mark.django_db


def _monday(weeks_ahead=1):
    return today() - timedelta(days=today().weekday()) + timedelta(weeks=weeks_ahead)


def _trip(org, who="canvasser1", days=2):
    return services.trip_plan_submit(
        actor=org[who].user,
        day=today() + timedelta(days=days),
        start_time=time(9),
        end_time=time(12),
        place="科技园",
        client="某公司",
        purpose="团购洽谈",
    )


def test_r_plan_1_a_weekly_plan_for_a_person_with_its_days(org):
    point = PointFactory()
    plan = services.weekly_plan_create(
        actor=org["canvasser1"].user, week_start=_monday(), staff=org["canvasser1"]
    )
    entry = services.plan_entry_add(
        actor=org["canvasser1"].user,
        plan=plan,
        day=_monday() + timedelta(days=2),
        start_time=time(10),
        end_time=time(16, 30),
        point=point,
        audience="上班族",
        method="flyer",
        expected_result="单页 200 份",
        expected_leads=5,
    )
    assert entry.point == point
    with pytest.raises(ValidationError):
        services.plan_entry_add(
            actor=org["canvasser1"].user,
            plan=plan,
            day=_monday() + timedelta(days=7),
            start_time=time(10),
            end_time=time(11),
            point=point,
            audience="x",
            method="flyer",
            expected_result="x",
        )


def test_r_plan_1_one_plan_a_week_starting_monday(org):
    services.weekly_plan_create(
        actor=org["canvasser1"].user, week_start=_monday(), staff=org["canvasser1"]
    )
    with pytest.raises(ValidationError, match="already"):
        services.weekly_plan_create(
            actor=org["canvasser1"].user, week_start=_monday(), staff=org["canvasser1"]
        )
    with pytest.raises(ValidationError):
        services.weekly_plan_create(
            actor=org["canvasser1"].user,
            week_start=_monday() + timedelta(days=1),
            staff=org["canvasser1"],
        )


def test_r_plan_1_a_group_plan_is_written_by_its_leader_and_seen_by_members(client, org):
    g1, g2 = org["groups"]
    with pytest.raises(PermissionDenied):
        services.weekly_plan_create(actor=org["leader2"].user, week_start=_monday(), group=g1)
    with pytest.raises(PermissionDenied):
        services.weekly_plan_create(
            actor=org["canvasser1"].user, week_start=_monday(), staff=org["canvasser2"]
        )
    plan = services.weekly_plan_create(actor=org["leader1"].user, week_start=_monday(), group=g1)
    url = reverse("plan-detail", args=[plan.pk])
    for who, status in [("canvasser1", 200), ("canvasser3", 404), ("manager", 200)]:
        client.force_login(org[who].user)
        assert client.get(url).status_code == status, who
    client.force_login(org["admin"].user)
    assert client.get(reverse("plan-list")).status_code == 403


def test_r_plan_1_trip_is_approved_by_the_group_leader_and_notifies_them(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        trip = _trip(org)
    assert Notification.objects.filter(recipient=org["leader1"].user).exists()
    with pytest.raises(PermissionDenied):
        services.trip_plan_decide(actor=org["leader2"].user, trip=trip, approve=True)
    with pytest.raises(ValidationError, match="your own request"):
        services.trip_plan_decide(actor=org["canvasser1"].user, trip=trip, approve=True)
    trip = services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=True)
    assert trip.status == TripStatus.APPROVED
    assert trip.decided_by == org["leader1"]
    assert trip_approved_on(org["canvasser1"], trip.day)


def test_r_plan_1_a_leaders_own_trip_goes_to_a_manager(org):
    trip = _trip(org, who="leader1")
    with pytest.raises(ValidationError, match="your own request"):
        services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=True)
    services.trip_plan_decide(actor=org["manager"].user, trip=trip, approve=True)


def test_r_plan_1_a_trip_must_be_approved_before_its_day(org):
    with pytest.raises(ValidationError):
        _trip(org, days=0)
    trip = TripPlan.objects.create(
        staff=org["canvasser1"],
        day=today(),
        start_time=time(9),
        end_time=time(10),
        place="x",
        client="y",
        purpose="z",
    )
    with pytest.raises(ValidationError, match="before its day"):
        services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=True)
    trip.refresh_from_db()
    assert trip.status == TripStatus.PENDING
    assert not trip_approved_on(org["canvasser1"], today())


def test_r_plan_1_rejecting_needs_a_reason(org):
    trip = _trip(org)
    with pytest.raises(ValidationError):
        services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=False)
    services.trip_plan_decide(actor=org["leader1"].user, trip=trip, approve=False, comment="不必")


def test_r_plan_1_trip_pages_decide_and_scope(client, org):
    trip = _trip(org)
    client.force_login(org["canvasser3"].user)
    assert client.get(reverse("trip-detail", args=[trip.pk])).status_code == 404
    client.force_login(org["leader1"].user)
    client.post(reverse("trip-decide", args=[trip.pk]), {"decision": "approve"})
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED


def test_plan_pages_create_a_plan(client, org):
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("plan-new"), {"week_start": _monday().isoformat(), "staff": org["canvasser1"].pk}
    )
    assert response.status_code == 302
    plan = WeeklyPlan.objects.get()
    point = PointFactory()
    response = client.post(
        reverse("plan-entry-add", args=[plan.pk]),
        {
            "day": _monday().isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "point": point.pk,
            "audience": "居民",
            "method": "community",
            "expected_result": "登记 3 组",
            "expected_leads": 3,
        },
    )
    assert response.status_code == 302
    assert plan.entries.count() == 1


def test_r_plan_1_the_plan_shows_what_the_daily_report_says_was_done(client, org):
    monday = today() - timedelta(days=today().weekday())
    plan = services.weekly_plan_create(
        actor=org["canvasser1"].user, week_start=monday, staff=org["canvasser1"]
    )
    services.plan_entry_add(
        actor=org["canvasser1"].user,
        plan=plan,
        day=monday,
        start_time=time(10),
        end_time=time(12),
        place="商场",
        audience="上班族",
        method="flyer",
        expected_result="单页 200 份",
    )
    DailyReport.objects.create(staff=org["canvasser1"], day=monday, flyers=173, summary="x")
    client.force_login(org["leader1"].user)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "flyers 173" in body


def test_first_use_a_refused_trip_decision_keeps_the_typed_comment(client, org):
    """Issue 18 §8: a decision the service refuses comes back with its comment as typed."""
    trip = _trip(org, days=1)
    TripPlan.objects.filter(pk=trip.pk).update(day=today())  # its day has come
    client.force_login(org["leader1"].user)
    typed = "客户临时改期，下周再议"
    response = client.post(
        reverse("trip-decide", args=[trip.pk]),
        {"decision": "approve", "comment": typed},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{typed}"' in page
    trip.refresh_from_db()
    assert trip.status == TripStatus.PENDING
    again = client.get(reverse("trip-detail", args=[trip.pk])).content.decode()
    assert typed not in again  # shown once
