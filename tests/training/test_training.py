"""R-TRN-1: plan, sessions, attendance and results, ratings, record, scoped pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import StaffFactory
from tests.factories.training import result, session_held
from training import services
from training.models import Attendee, Method, TrainingPlan
from training.selectors import training_hours_by_person, training_score_by_person

pytestmark = pytest.mark.django_db

Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def test_r_trn_1_an_annual_plan_has_goals_and_scheduled_content(org):
    hr = org["hr"].user
    plan = services.training_plan_save(actor=hr, year=2026, title="年度计划", goals="提升话术")
    item = services.plan_item_add(
        actor=hr, plan=plan, content="异议处理", method=Method.EXTERNAL, scheduled=date(2026, 8, 9)
    )
    assert item.scheduled_month == date(2026, 8, 1)
    assert TrainingPlan.objects.get(year=2026).items.get().method == Method.EXTERNAL
    with pytest.raises(ValidationError):
        services.plan_item_add(
            actor=hr, plan=plan, content="x", method=Method.INTERNAL, scheduled=date(2027, 1, 1)
        )


def test_r_trn_1_only_hr_and_managers_manage_training(org):
    with pytest.raises(PermissionDenied):
        services.training_plan_save(actor=org["leader1"].user, year=2026, title="x", goals="y")
    session_held(actor=org["manager"].user, day=date(2026, 8, 3))


def test_r_trn_1_session_hours_and_results_per_attendee(org):
    hr = org["hr"].user
    session = session_held(
        actor=hr, day=date(2026, 8, 3), hours=3, attendees=[org["canvasser1"], org["canvasser2"]]
    )
    assert session.hours == Decimal("3.00")
    attendee = result(hr, session, org["canvasser1"], exam_score=80, practical_score=91)
    assert attendee.score == Decimal("85.50")
    with pytest.raises(ValidationError):
        result(hr, session, org["canvasser2"], exam_score=101)
    with pytest.raises(ValidationError):
        result(hr, session, org["canvasser2"], attended=False, exam_score=50)
    assert Attendee.objects.get(staff=org["canvasser2"]).exam_score is None  # nothing saved


def test_r_trn_1_attendees_rate_content_and_trainer_1_to_5(org):
    hr = org["hr"].user
    session = session_held(actor=hr, day=date(2026, 8, 3), attendees=[org["canvasser1"]])
    attendee = result(hr, session, org["canvasser1"], exam_score=70)
    with pytest.raises(ValidationError):
        services.attendee_rate(
            actor=org["canvasser1"].user, attendee=attendee, content_rating=6, trainer_rating=4
        )
    with pytest.raises(PermissionDenied):
        services.attendee_rate(
            actor=org["canvasser2"].user, attendee=attendee, content_rating=5, trainer_rating=4
        )
    services.attendee_rate(
        actor=org["canvasser1"].user, attendee=attendee, content_rating=5, trainer_rating=4
    )
    attendee.refresh_from_db()
    assert (attendee.content_rating, attendee.trainer_rating) == (5, 4)


def test_r_trn_1_hours_and_average_score_per_person_for_a_period(org):
    hr = org["hr"].user
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    first = session_held(actor=hr, day=date(2026, 7, 10), hours=3, attendees=[c1, c2])
    second = session_held(actor=hr, day=date(2026, 9, 30), hours=2, attendees=[c2])
    outside = session_held(actor=hr, day=date(2026, 10, 1), hours=4, attendees=[c1])
    result(hr, first, c1, exam_score=80)
    result(hr, first, c2, exam_score=60)
    result(hr, second, c2, exam_score=100, assignment_score=90)
    result(hr, outside, c1, exam_score=10)
    ids = [c1.pk, c2.pk, c3.pk]
    assert training_hours_by_person(*Q3, ids) == {
        c1.pk: Decimal("3.00"),
        c2.pk: Decimal("5.00"),
        c3.pk: Decimal("0.00"),
    }
    assert training_score_by_person(*Q3, ids) == {c1.pk: Decimal("80.00"), c2.pk: Decimal("77.50")}


def test_r_trn_1_selectors_use_a_fixed_number_of_queries(org, django_assert_num_queries):
    hr = org["hr"].user
    people = [StaffFactory() for _ in range(12)]
    session = session_held(actor=hr, day=date(2026, 8, 1), attendees=people)
    for person in people:
        result(hr, session, person, exam_score=70)
    with django_assert_num_queries(1):
        training_hours_by_person(*Q3, [p.pk for p in people])
    with django_assert_num_queries(1):
        training_score_by_person(*Q3, [p.pk for p in people])


def test_r_trn_1_pages_are_scoped(org, client):
    hr = org["hr"].user
    session = session_held(actor=hr, day=date(2026, 8, 3), attendees=[org["canvasser3"]])
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("training-session", args=[session.pk])).status_code == 404
    assert (
        client.get(reverse("training-record-person", args=[org["canvasser3"].pk])).status_code
        == 404
    )
    assert client.get(reverse("training-session-new")).status_code == 403
    assert client.get(reverse("training-record")).status_code == 200
    client.force_login(org["leader2"].user)
    assert client.get(reverse("training-session", args=[session.pk])).status_code == 200
    assert (
        client.get(reverse("training-record-person", args=[org["canvasser3"].pk])).status_code
        == 200
    )
    client.force_login(hr)
    page = client.get(reverse("training-calendar") + "?month=2026-08")
    assert session.topic in page.content.decode()


def test_r_trn_1_results_page_saves_all_or_nothing(org, client):
    hr = org["hr"].user
    c1, c2 = org["canvasser1"], org["canvasser2"]
    session = session_held(actor=hr, day=date(2026, 8, 3), attendees=[c1, c2])
    a1, a2 = Attendee.objects.get(staff=c1), Attendee.objects.get(staff=c2)
    client.force_login(hr)
    url = reverse("training-session-results", args=[session.pk])
    bad = {
        f"a{a1.pk}-attendee": a1.pk,
        f"a{a1.pk}-attended": "on",
        f"a{a1.pk}-exam_score": "88",
        f"a{a2.pk}-attendee": a2.pk,
        f"a{a2.pk}-attended": "on",
        f"a{a2.pk}-exam_score": "188",
    }
    client.post(url, bad)
    a1.refresh_from_db()
    assert a1.exam_score is None
    client.post(url, bad | {f"a{a2.pk}-exam_score": "66"})
    a1.refresh_from_db()
    assert a1.exam_score == Decimal("88.00")
