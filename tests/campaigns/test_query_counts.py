"""List pages keep a fixed number of queries whatever the data size (CONVENTIONS: Zulip)."""

import uuid
from datetime import time, timedelta

import pytest
from django.urls import reverse

from campaigns.models import DailyReport, MarketNote, TripPlan, WeeklyPlan
from outreach.dates import today
from tests.factories.campaigns import LibraryItemFactory

pytestmark = pytest.mark.django_db


def _fill(org, count):
    monday = today() - timedelta(days=today().weekday())
    for n in range(count):
        person = org["canvasser1"] if n % 2 else org["canvasser2"]
        WeeklyPlan.objects.create(
            week_start=monday - timedelta(weeks=n), staff=person, created_by=person
        )
        TripPlan.objects.create(
            staff=person,
            day=today() + timedelta(days=n + 1),
            start_time=time(9),
            end_time=time(10),
            place="p",
            client="c",
            purpose="x",
        )
        MarketNote.objects.create(
            observed_on=today(), kind="competitor", author=person, competitor=f"竞品{n}"
        )
        LibraryItemFactory()
        DailyReport.objects.create(
            staff=person,
            day=today() - timedelta(days=n),
            summary="x",
            idempotency_key=uuid.uuid4(),
        )


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    "name", ["plan-list", "trip-list", "market-list", "library-list", "daily-report-list"]
)
def test_list_pages_have_a_fixed_number_of_queries(
    client, org, count, name, django_assert_max_num_queries
):
    _fill(org, count)
    client.force_login(org["leader1"].user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200
