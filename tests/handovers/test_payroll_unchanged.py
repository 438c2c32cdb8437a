"""Issue 20: a hand-over leaves locked payroll runs and the leaver's past pay as they are
(R-PAY-8 locks the run; the hand-over writes only leads, visits and events)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from clients.models import Lead
from handovers.services import hand_over
from payroll import services
from payroll.calc import DayCounts
from payroll.facts import gather_month
from payroll.models import Payslip, PayslipLine, RunStatus
from tests.factories import WageSchemeFactory
from tests.factories.handover import owned_leads

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _gather(month):
    facts = gather_month(month)
    for person in facts.people.values():
        person.month.days = DayCounts(scheduled=22, worked=22)
    return facts


def test_hand_over_leaves_a_locked_run_and_past_pay_unchanged(org, time_machine):
    leaver = org["canvasser1"]
    WageSchemeFactory(staff=leaver, amount=Decimal("60.00"))
    time_machine.move_to(datetime(2026, 10, 20, 10, 0, tzinfo=SH), tick=False)
    owned_leads(leaver, 20, now=datetime(2026, 10, 20, 10, 0, tzinfo=SH))
    time_machine.move_to(datetime(2026, 11, 2, 10, 0, tzinfo=SH), tick=False)
    run = services.payroll_run_calculate(month=date(2026, 10, 1), gather=_gather)
    services.payroll_run_approve(run=run, actor=org["hr"].user)
    services.payroll_run_lock(run=run, actor=org["hr"].user)
    lines = sorted(PayslipLine.objects.filter(payslip__run=run).values_list("pk", "kind", "amount"))
    slips = sorted(Payslip.objects.filter(staff=leaver).values_list("pk", "net"))
    assert slips
    assert lines

    hand_over(
        actor=org["manager"].user, person=leaver, mode="person", to=org["canvasser2"], reason="离职"
    )

    assert Lead.objects.filter(owner=org["canvasser2"]).count() == 20
    run.refresh_from_db()
    assert run.status == RunStatus.LOCKED
    assert (
        sorted(PayslipLine.objects.filter(payslip__run=run).values_list("pk", "kind", "amount"))
        == lines
    )
    assert sorted(Payslip.objects.filter(staff=leaver).values_list("pk", "net")) == slips
