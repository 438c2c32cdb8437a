"""Issue 6 speed: a run's SQL statements do not grow with the number of people."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.models import Role
from payroll import services
from tests.factories import GroupFactory, MembershipFactory, StaffFactory, WageSchemeFactory

pytestmark = pytest.mark.django_db


def _people(count: int, group) -> None:
    for _ in range(count):
        person = StaffFactory(role=Role.CANVASSER)
        WageSchemeFactory(staff=person, amount=Decimal("60.00"))
        MembershipFactory(staff=person, group=group)


def _statements(month: date) -> int:
    """SQL statements of one calculation. A bulk INSERT that the database driver splits
    into batches (SQLite accepts only so many parameters) counts once per table."""
    with CaptureQueriesContext(connection) as queries:
        services.payroll_run_calculate(month=month)
    inserts = {q["sql"].split("(")[0] for q in queries if q["sql"].startswith("INSERT")}
    others = [q for q in queries if not q["sql"].startswith("INSERT")]
    return len(others) + len(inserts)


def test_payroll_run_query_count_is_the_same_for_10_and_200_people():
    group = GroupFactory()
    _people(10, group)
    small = _statements(date(2026, 9, 1))
    _people(190, group)
    large = _statements(date(2026, 10, 1))
    assert small == large
