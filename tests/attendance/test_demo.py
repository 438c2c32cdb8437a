"""The attendance demo data is rich (every code) and idempotent."""

import pytest
from django.core.management import call_command

from attendance.defaults import CATALOG
from attendance.models import (
    DayRecord,
    Inspection,
    LeaveRequest,
    RosterEntry,
    RulebookAcknowledgement,
    Violation,
)

pytestmark = pytest.mark.demo


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            RosterEntry,
            DayRecord,
            Violation,
            LeaveRequest,
            Inspection,
            RulebookAcknowledgement,
        )
    )


def test_demo_has_every_violation_code_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    codes = set(Violation.objects.values_list("code", flat=True))
    assert codes == {row[0] for row in CATALOG}
    assert DayRecord.objects.filter(is_late=True).exists()
    assert LeaveRequest.objects.filter(state="approved").exists()
    assert Inspection.objects.count() >= 3
    assert RulebookAcknowledgement.objects.count() >= 15
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
