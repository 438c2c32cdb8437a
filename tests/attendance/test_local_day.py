"""R-ATT on the team's local day: the check-in confirmation speaks Shanghai time, and the
monthly summary counts as absent only rostered days that have passed (R-PAY-CALC days)."""

from datetime import date

import pytest
from django.urls import reverse

from attendance.selectors import monthly_summary
from tests.clock import runs_at
from tests.factories.attendance import rostered

pytestmark = pytest.mark.django_db


@runs_at("2026-12-01 08:55", tick=False)
def test_r_att_3_the_check_in_confirmation_shows_the_local_time(client, org):
    rostered(org["canvasser1"], date(2026, 12, 1))
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("attendance-checkin"), {"action": "in"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert "08:55" in body  # 00:55 UTC
    assert "00:55" not in body


@runs_at("2026-12-01 16:40", tick=False)
def test_first_use_the_check_out_confirmation_shows_the_local_time(client, org):
    """Issue 18 point 4: 16:40 in Shanghai is 08:40 UTC; the person reads 16:40."""
    from attendance.models import DayRecord
    from tests.clock import local

    rostered(org["canvasser1"], date(2026, 12, 1))
    DayRecord.objects.create(
        staff=org["canvasser1"], day=date(2026, 12, 1), check_in_at=local("2026-12-01 08:55")
    )
    client.force_login(org["canvasser1"].user)
    response = client.post(
        reverse("attendance-checkin"), {"action": "out"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert body.count("16:40") >= 2  # the confirmation message and the status line
    assert "16:40" in body.split('id="checkin-status"')[1].split("</p>")[0]
    assert "08:40" not in body
    assert "08:55" in body  # the check-in time beside it
    assert "00:55" not in body


def _summary_row(org, month: date) -> dict:
    rows = monthly_summary(user=org["hr"].user, month=month)
    return next(r for r in rows if r["staff"] == org["canvasser1"])


@pytest.fixture
def rostered_month_end(org):
    """canvasser1 rostered on 29 and 30 November and 1 December, never checked in."""
    for day in (date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)):
        rostered(org["canvasser1"], day)


@runs_at("2026-11-30 23:59")
def test_r_pay_calc_at_2359_on_the_last_day_only_the_passed_days_are_absences(
    org, rostered_month_end
):
    row = _summary_row(org, date(2026, 11, 1))
    assert (row["scheduled"], row["absent"]) == (2, 1)  # the 30th is still today


@runs_at("2026-12-01 00:01")
def test_r_pay_calc_at_0001_on_the_first_the_last_month_is_whole_and_today_is_not_missed(
    org, rostered_month_end
):
    assert _summary_row(org, date(2026, 11, 1))["absent"] == 2
    december = _summary_row(org, date(2026, 12, 1))
    assert (december["scheduled"], december["absent"]) == (1, 0)


@runs_at("2027-01-01 00:30")
def test_r_pay_calc_at_0030_on_new_years_day_december_is_whole(org):
    for day in (date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 4)):
        rostered(org["canvasser1"], day)
    assert _summary_row(org, date(2026, 12, 1))["absent"] == 1
    assert _summary_row(org, date(2027, 1, 1))["absent"] == 0
