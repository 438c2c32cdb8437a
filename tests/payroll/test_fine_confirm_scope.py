"""R-ROLE-1 on the fine confirmation (R-FINE-3): the run page confirms only a violation
in the confirming person's attendance scope; anything else is "not there" (404)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from attendance.defaults import defaults_ensure
from attendance.services import violation_record
from payroll import services
from payroll.models import FineConfirmation
from tests.factories import WageSchemeFactory
from tests.factories.clients import at

pytestmark = pytest.mark.django_db

OCT = date(2026, 10, 1)


@pytest.fixture
def listed(org):
    defaults_ensure()
    person = org["canvasser3"]  # group G02
    WageSchemeFactory(staff=person, amount=Decimal("60.00"))
    violation = violation_record(
        staff=person, code="DRESS", occurred_at=at(2026, 10, 5), recorded_by=org["leader2"]
    )
    run = services.payroll_run_calculate(month=OCT)
    return violation, reverse("payroll-fine-confirm", args=[run.pk])


def test_r_role_1_fine_confirmation_of_a_non_numeric_violation_is_404(client, org, listed):
    _violation, url = listed
    client.force_login(org["manager"].user)
    data = {"violation": "x' OR 1=1", "side": "person", "reason": "seen"}
    assert client.post(url, data).status_code == 404
    assert not FineConfirmation.objects.exists()


def test_r_role_1_fine_confirmation_of_a_violation_out_of_scope_is_404(client, org, listed):
    violation, url = listed
    leader = org["leader1"]  # leads G01: G02's violations are outside their attendance
    leader.user.user_permissions.add(Permission.objects.get(codename="approve_payroll"))
    client.force_login(leader.user)
    data = {"violation": violation.pk, "side": "person", "reason": "seen"}
    assert client.post(url, data).status_code == 404
    assert not FineConfirmation.objects.exists()
