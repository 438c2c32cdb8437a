"""R-FINE-3 and R-ROLE-6 on the team's local day: a fine belongs to the month in which it
happened in Shanghai, whatever day it was in UTC."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from attendance.models import Violation
from attendance.services import violation_record
from outreach.models import ClosedPayMonth
from payroll.services.fines import fine_confirm
from tests.clock import local, runs_at

pytestmark = [pytest.mark.django_db, runs_at("2026-12-03 10:00")]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _stored_violation(org, when: str) -> Violation:
    made = violation_record(staff=org["canvasser1"], code="DRESS", occurred_at=local(when))
    return Violation.objects.get(pk=made.pk)  # as read back: occurred_at comes back in UTC


def test_r_fine_3_a_fine_at_0030_on_the_first_belongs_to_the_new_open_month(org):
    ClosedPayMonth.objects.create(month=date(2026, 10, 1))
    violation = _stored_violation(org, "2026-11-01 00:30")  # 2026-10-31 16:30 UTC
    confirmation = fine_confirm(
        violation=violation, side="person", actor=org["manager"].user, reason="seen on camera"
    )
    assert confirmation.violation_id == violation.pk


def test_r_fine_3_a_fine_at_2359_on_the_last_day_belongs_to_the_closed_month(org):
    ClosedPayMonth.objects.create(month=date(2026, 10, 1))
    violation = _stored_violation(org, "2026-10-31 23:59")
    with pytest.raises(ValidationError, match="closed"):
        fine_confirm(violation=violation, side="person", actor=org["manager"].user, reason="seen")


def test_r_fine_3_0030_on_new_years_day_is_judged_by_january(org, time_machine):
    time_machine.move_to(local("2027-01-01 00:40"))
    ClosedPayMonth.objects.create(month=date(2026, 12, 1))
    violation = _stored_violation(org, "2027-01-01 00:30")  # 2026-12-31 16:30 UTC
    confirmation = fine_confirm(
        violation=violation, side="person", actor=org["manager"].user, reason="seen on camera"
    )
    assert confirmation.violation_id == violation.pk
