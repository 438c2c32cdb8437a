"""Issue 17 finding 9: no day, week or month in an address reaches a 500.

Every page that reads a date from its query string is listed here with the role that may
open it; each evil value must give 200 (the page with a default and a message, or the
filter's form error), never an OverflowError or a DataError."""

import pytest
from django.urls import reverse

from outreach.dates import PARAM_FIRST, PARAM_LAST, parse_param_day
from tests.clock import runs_at

pytestmark = [pytest.mark.django_db, runs_at("2026-10-14 10:00")]

EVIL = [
    "9999-12",
    "9999-12-31",
    "0000-00",
    "0000-00-00",
    "0001-01-01",
    "-1",
    "-2026-10",
    "2026-13",
    "2026-10-32",
    "99999999999999999999-01",
    "2026-10-14T00:00",
    "garbage",
    "٢٠٢٦-١٠",  # Arabic-Indic digits: int() reads them, a date parser must not
    "2026-10\x00",
    "",
]

# (url name, role, query parameters that carry a date)
PAGES = [
    ("attendance-my", "canvasser1", ["month"]),
    ("attendance-summary", "hr", ["month"]),
    ("attendance-summary-xlsx", "hr", ["month"]),
    ("roster-week", "leader1", ["week"]),
    ("training-calendar", "canvasser1", ["month"]),
    ("campaign-calendar", "manager", ["month"]),
    ("campaign-list", "manager", ["date_from", "date_to"]),
    ("market-list", "manager", ["date_from"]),
    ("reception-replay", "manager", ["day"]),
    ("client-list", "manager", ["registered_after", "registered_before", "active_after"]),
    ("target-board", "manager", ["month"]),
]


@pytest.mark.parametrize(("name", "role", "params"), PAGES, ids=[p[0] for p in PAGES])
def test_hardening_date_params_out_of_range_never_answer_500(client, org, name, role, params):
    client.force_login(org[role].user)
    for value in EVIL:
        for param in params:
            response = client.get(reverse(name), {param: value})
            assert response.status_code in (200, 302), (param, value, response.status_code)


@pytest.mark.parametrize("text", EVIL)
def test_hardening_the_date_parser_refuses_evil_values(text):
    assert parse_param_day(text, month=True) is None
    assert parse_param_day(text) is None


def test_hardening_the_date_parser_keeps_the_range_ends():
    assert parse_param_day("2000-01", month=True) == PARAM_FIRST
    assert parse_param_day("2100-12-31") == PARAM_LAST
    assert parse_param_day("2026-1", month=True).month == 1


def test_hardening_an_out_of_range_month_shows_this_month_with_a_message(client, org):
    client.force_login(org["hr"].user)
    response = client.get(reverse("attendance-summary"), {"month": "9999-12"})
    assert response.context["month"].isoformat() == "2026-10-01"
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_hardening_an_out_of_range_week_shows_this_week(client, org):
    client.force_login(org["leader1"].user)
    response = client.get(reverse("roster-week"), {"week": "9999-12-31"})
    assert response.context["days"][0].isoformat() == "2026-10-12"


@pytest.mark.parametrize("value", ["garbage", "9999-12-31", "0000-00-00", ""])
def test_hardening_a_bad_lead_policy_day_is_a_form_error(client, org, value):
    client.force_login(org["manager"].user)
    response = client.post(reverse("rules-lead-policy"), {"effective_from": value})
    assert response.status_code == 200
    assert response.context["form"].errors
