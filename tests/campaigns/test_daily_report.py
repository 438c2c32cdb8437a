"""R-DAY-1/2: one report per person per day, idempotent submission, leader review."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns import services
from campaigns.models import DailyReport
from outreach.dates import today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_duty")]
FIELDS = {"flyers": 200, "contacts": 12, "calls": 5, "summary": "万达东门派单，登记 3 组"}


def _submit(org, who="canvasser1", key=None, **kwargs):
    return services.daily_report_submit(
        actor=org[who].user,
        day=kwargs.pop("day", today()),
        idempotency_key=key or uuid.uuid4(),
        **{**FIELDS, **kwargs},
    )


def test_r_day_2_a_double_submit_or_a_replay_gives_one_report(org):
    key = uuid.uuid4()
    first, created = _submit(org, key=key)
    again, created_again = _submit(org, key=key, flyers=999)
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert DailyReport.objects.get().flyers == 200


def test_r_day_1_a_second_report_for_the_same_day_is_refused(org):
    _submit(org)
    with pytest.raises(ValidationError, match="already submitted"):
        _submit(org)
    assert DailyReport.objects.count() == 1


def test_r_day_1_the_database_allows_one_report_per_person_per_day(org):
    report, _ = _submit(org)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyReport.objects.create(staff=report.staff, day=report.day, summary="x")


def test_r_day_1_a_report_for_a_future_day_is_refused(org):
    with pytest.raises(ValidationError):
        _submit(org, day=today() + timedelta(days=1))


def test_r_day_2_someone_elses_key_does_not_reveal_their_report(org):
    key = uuid.uuid4()
    _submit(org, key=key)
    with pytest.raises(PermissionDenied):
        _submit(org, who="canvasser2", key=key)


def test_r_day_2_the_page_answers_a_fetch_resend_with_the_same_report(client, org):
    client.force_login(org["canvasser1"].user)
    data = {
        **FIELDS,
        "invitations": 0,
        "visits_brought": 1,
        "idempotency_key": str(uuid.uuid4()),
        "day": today().isoformat(),
    }
    headers = {"X-Requested-With": "fetch"}
    first = client.post(reverse("daily-report"), data, headers=headers)
    second = client.post(reverse("daily-report"), data, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json()["url"] == second.json()["url"]
    assert DailyReport.objects.count() == 1
    data["idempotency_key"] = str(uuid.uuid4())
    third = client.post(reverse("daily-report"), data, headers=headers)
    assert third.status_code == 400
    assert "已提交过" in " ".join(third.json()["errors"])  # the page speaks Chinese (R-SYS-1)


def test_r_day_1_the_leader_reviews_the_groups_reports(client, org):
    report, _ = _submit(org)
    with pytest.raises(PermissionDenied):
        services.daily_report_review(actor=org["leader2"].user, report=report, comment="好")
    with pytest.raises(PermissionDenied):
        services.daily_report_review(actor=org["canvasser1"].user, report=report, comment="好")
    services.daily_report_review(actor=org["leader1"].user, report=report, comment="继续保持")
    report.refresh_from_db()
    assert report.reviewed_by == org["leader1"]
    client.force_login(org["leader2"].user)
    assert client.get(reverse("daily-report-detail", args=[report.pk])).status_code == 404


def test_r_day_1_the_leader_sees_who_has_not_reported_today(client, org):
    _submit(org)
    client.force_login(org["leader1"].user)
    body = client.get(reverse("daily-report-list")).content.decode()
    missing = body.split('id="missing-reports"')[1].split("</div>")[0]
    assert org["canvasser2"].name in missing
    assert org["canvasser1"].name not in missing


@pytest.mark.parametrize("count", [2, 15])
def test_daily_report_submit_has_a_fixed_number_of_queries(
    client, org, count, django_assert_max_num_queries
):
    client.force_login(org["canvasser1"].user)
    for offset in range(1, count):
        DailyReport.objects.create(
            staff=org["canvasser1"], day=today() - timedelta(days=offset), summary="x"
        )
    data = {
        **FIELDS,
        "invitations": 0,
        "visits_brought": 0,
        "idempotency_key": str(uuid.uuid4()),
        "day": today().isoformat(),
    }
    with django_assert_max_num_queries(14):
        response = client.post(reverse("daily-report"), data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200


def test_r_day_1_no_report_is_due_for_a_day_without_a_check_in(org):
    with pytest.raises(ValidationError, match="did not check in"):
        _submit(org, who="leader1")  # leader1 is not rostered in this fixture


def test_r_day_1_a_missing_report_raises_one_conduct_violation_once(org):
    from attendance.models import Violation
    from campaigns.services.daily import daily_reports_missing_flag
    from tests.factories.attendance import acknowledge_all, at

    acknowledge_all(org["canvasser1"], org["canvasser2"], org["canvasser3"])
    day = today() - timedelta(days=1)
    _submit(org, who="canvasser2", day=day)
    before_deadline = at(day, 16, 59)  # the shift ends 16:30 (17:30 at weekends) + 30 min
    if day.weekday() < 5:
        assert daily_reports_missing_flag(day=day, now=before_deadline) == 0
    after = at(day, 23, 0)
    assert daily_reports_missing_flag(day=day, now=after) == 2  # canvasser1 and canvasser3
    assert daily_reports_missing_flag(day=day, now=after) == 0  # the job ran again
    flagged = Violation.objects.filter(code="CONDUCT", source=Violation.Source.REPORT)
    assert set(flagged.values_list("staff_id", flat=True)) == {
        org["canvasser1"].pk,
        org["canvasser3"].pk,
    }
    assert all(v.amount == 20 for v in flagged)
