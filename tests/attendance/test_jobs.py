"""The nightly job and the detect_absences command (R-ATT-6, R-SYS-4)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from attendance.models import Violation
from attendance.services import check_in
from attendance.tasks import attendance_nightly
from tests.factories.attendance import at, rostered

MON = date(2026, 3, 2)


def test_nightly_job_records_yesterdays_absence_and_older_missing_sign_out(org):
    rostered(org["canvasser1"], date(2026, 3, 3))
    rostered(org["canvasser2"], MON)
    check_in(staff=org["canvasser2"], device_id="d", at=at(MON, 8, 50))
    assert attendance_nightly("2026-03-04") == {"absent": 1, "nosign": 1}
    assert attendance_nightly("2026-03-04") == {"absent": 0, "nosign": 0}
    assert set(Violation.objects.values_list("code", flat=True)) == {"ATT-NOLEAVE", "ATT-NOSIGN"}


def test_detect_absences_command(org):
    rostered(org["canvasser1"], MON)
    out = StringIO()
    call_command("detect_absences", "--date", "2026-03-02", stdout=out)
    assert "1 absence" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("detect_absences", "--date", "yesterday")
