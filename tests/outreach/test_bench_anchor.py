"""The bench data set's calendar (bench/dataset.py): every date of the data set is
relative to an anchor day, so that its figures mean the same on any day of the year.
Plain functions: no database."""

from datetime import date, timedelta

import pytest

from appraisals.periods import period_of
from outreach.models.staff import group_code
from tests.bench_data import dataset
from tests.clock import local_at, runs_at


@pytest.mark.parametrize(
    ("anchor", "month", "month_end", "quarter"),
    [
        (date(2026, 12, 5), date(2026, 11, 1), date(2026, 11, 30), "2026Q3"),
        (date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 31), "2026Q4"),
        (date(2027, 3, 1), date(2027, 2, 1), date(2027, 2, 28), "2026Q4"),
        (date(2027, 3, 31), date(2027, 2, 1), date(2027, 2, 28), "2026Q4"),
        (date(2027, 4, 1), date(2027, 3, 1), date(2027, 3, 31), "2027Q1"),
        (date(2028, 2, 29), date(2028, 1, 1), date(2028, 1, 31), "2027Q4"),
        (date(2026, 12, 31), date(2026, 11, 1), date(2026, 11, 30), "2026Q3"),
    ],
)
def test_the_payroll_month_and_quarter_are_the_last_full_ones_before_the_anchor(
    anchor, month, month_end, quarter
):
    calendar = dataset.calendar_of(anchor)
    assert (calendar.month, calendar.month_end, calendar.quarter) == (month, month_end, quarter)
    _kind, start, _end = period_of(calendar.quarter)  # the label the roll-up reads
    assert calendar.quarter_start == start


def test_the_data_set_ends_with_the_payroll_month_and_spans_its_months():
    anchor = date(2027, 1, 1)
    assert dataset.dataset_of("quick", anchor).first_day == date(2026, 11, 1)
    assert dataset.dataset_of("full", anchor).first_day == date(2026, 1, 1)


@pytest.mark.parametrize("anchor", [date(2026, 12, 31), date(2027, 3, 31), date(2028, 2, 29)])
def test_no_lead_is_due_at_the_anchor_and_everyone_was_hired_before_the_periods(anchor):
    calendar = dataset.dataset_of("quick", anchor).calendar
    assert calendar.protected_until > local_at(anchor + timedelta(days=1), 0)
    assert calendar.hired < min(calendar.first_day, calendar.quarter_start)


def test_the_marker_names_size_and_anchor_and_is_a_valid_group_code():
    markers = {
        dataset.dataset_of(size, anchor).marker
        for size in ("quick", "full")
        for anchor in (date(2026, 12, 5), date(2027, 1, 1))
    }
    assert len(markers) == 4
    for marker in markers:
        group_code(marker)  # raises when it is not a group code (at most 10 characters)


def test_the_environment_variable_overrides_today(monkeypatch):
    monkeypatch.setenv(dataset.ANCHOR_ENV, "2027-03-31")
    assert dataset.anchor_day() == date(2027, 3, 31)
    assert dataset.dataset_of("quick").month == date(2027, 2, 1)
    assert dataset.anchor_day("2027-01-01") == date(2027, 1, 1)  # --anchor beats it


@runs_at("2027-01-01 00:30")  # still 31 December in UTC
def test_without_an_anchor_it_is_today_in_the_teams_time_zone(monkeypatch):
    monkeypatch.delenv(dataset.ANCHOR_ENV, raising=False)
    assert dataset.anchor_day() == date(2027, 1, 1)


def test_an_anchor_that_is_not_a_day_is_refused(monkeypatch):
    monkeypatch.setenv(dataset.ANCHOR_ENV, "2027-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dataset.anchor_day()
