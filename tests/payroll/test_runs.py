"""R-PAY-8: the run's life, recalculation, approval guard, the lock (service and DB)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from outreach.models import ClosedPayMonth, WageKind
from outreach.selectors import month_is_closed
from payroll import services
from payroll.calc import DayCounts
from payroll.facts import gather_month
from payroll.models import PayrollRun, Payslip, PayslipLine, RunStatus
from tests.factories import WageSchemeFactory

pytestmark = pytest.mark.django_db

MONTH = date(2026, 10, 1)


def worked_days(days: DayCounts):
    """The month's facts as gathered, with attendance days given by the test."""

    def gather(month):
        facts = gather_month(month)
        for person in facts.people.values():
            person.month.days = days
        return facts

    return gather


@pytest.fixture
def paid_org(org):
    for who in ("canvasser1", "canvasser2", "canvasser3"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    for who in ("leader1", "leader2"):
        WageSchemeFactory(staff=org[who], kind=WageKind.MONTHLY, amount=Decimal("2800.00"))
    return org


def _calculate(**kwargs):
    return services.payroll_run_calculate(
        month=MONTH, gather=worked_days(DayCounts(scheduled=22, worked=22)), **kwargs
    )


def test_r_pay_8_a_run_covers_everyone_with_a_wage_scheme(paid_org):
    run = _calculate()
    assert run.status == RunStatus.CALCULATED
    slips = {s.staff_id: s for s in run.payslips.all()}
    assert set(slips) == {
        paid_org[w].pk for w in ("canvasser1", "canvasser2", "canvasser3", "leader1", "leader2")
    }
    assert slips[paid_org["canvasser1"].pk].net == Decimal("1320.00")  # 60 × 22
    assert slips[paid_org["leader1"].pk].net == Decimal("2800.00")
    assert slips[paid_org["canvasser1"].pk].group_code == "G01"


def test_r_pay_8_recalculating_replaces_the_lines_and_gives_the_same_result(paid_org):
    run = _calculate()
    first = sorted(PayslipLine.objects.values_list("kind", "amount"))
    _calculate()
    assert sorted(PayslipLine.objects.values_list("kind", "amount")) == first
    assert Payslip.objects.filter(run=run).count() == 5


def test_r_pay_8_locking_closes_the_month(paid_org):
    run = _calculate()
    services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    services.payroll_run_lock(run=run, actor=paid_org["manager"].user)
    assert month_is_closed(date(2026, 10, 17))
    assert ClosedPayMonth.objects.get().closed_by == paid_org["manager"].user


def test_locking_a_run_tells_everyone_paid_in_it(paid_org):
    """Issue 20: one notification per payslip's person (and, through push, the chats)."""
    from outreach.models import Notification

    run = _calculate()
    services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    services.payroll_run_lock(run=run, actor=paid_org["manager"].user)
    told = Notification.objects.filter(kind="payroll_run_locked")
    paid = set(Payslip.objects.filter(run=run).values_list("staff__user_id", flat=True))
    assert set(told.values_list("recipient_id", flat=True)) == paid
    assert len(paid) > 0
    assert told.count() == len(paid)


def test_r_pay_8_a_locked_run_cannot_be_recalculated(paid_org):
    run = _calculate()
    services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    services.payroll_run_lock(run=run, actor=paid_org["hr"].user)
    with pytest.raises(ValidationError, match="已锁定"):
        _calculate()


def test_r_pay_8_the_database_refuses_changes_to_a_locked_run(paid_org):
    run = _calculate()
    services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    services.payroll_run_lock(run=run, actor=paid_org["hr"].user)
    line = PayslipLine.objects.filter(payslip__run=run).first()
    for attempt in (
        lambda: PayslipLine.objects.filter(pk=line.pk).update(amount=Decimal("1.00")),
        lambda: PayslipLine.objects.filter(pk=line.pk).delete(),
        lambda: Payslip.objects.filter(run=run).update(net=Decimal("0")),
        lambda: PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.DRAFT),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    line.refresh_from_db()
    assert line.amount != Decimal("1.00")


def test_r_fine_3_a_run_with_unresolved_fines_cannot_be_approved(paid_org):
    def gather(month):
        facts = worked_days(DayCounts(scheduled=22, worked=22))(month)
        facts.warnings.append({"kind": "fine_unacknowledged", "violation": 7, "blocking": True})
        return facts

    run = services.payroll_run_calculate(month=MONTH, gather=gather)
    with pytest.raises(ValidationError):
        services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    assert PayrollRun.objects.get().status == RunStatus.CALCULATED


def test_r_pay_8_hr_adjustment_on_an_open_run_reaches_the_payslip(paid_org):
    run = _calculate()
    services.adjustment_add(
        run=run,
        staff=paid_org["canvasser1"],
        amount=Decimal("-20.00"),
        reason="上月多发",
        actor=paid_org["hr"].user,
    )
    _calculate()
    slip = Payslip.objects.get(run=run, staff=paid_org["canvasser1"])
    assert slip.adjustments == Decimal("-20.00")
    assert slip.net == Decimal("1300.00")


def test_r_pay_8_an_adjustment_needs_a_reason_and_an_open_run(paid_org):
    run = _calculate()
    with pytest.raises(ValidationError):
        services.adjustment_add(
            run=run,
            staff=paid_org["canvasser1"],
            amount=Decimal("5"),
            reason=" ",
            actor=paid_org["hr"].user,
        )
    services.payroll_run_approve(run=run, actor=paid_org["hr"].user)
    services.payroll_run_lock(run=run, actor=paid_org["hr"].user)
    with pytest.raises(ValidationError):
        services.adjustment_add(
            run=run,
            staff=paid_org["canvasser1"],
            amount=Decimal("5"),
            reason="x",
            actor=paid_org["hr"].user,
        )


def test_run_payroll_command_explains_a_bad_month():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("run_payroll", "2026/10")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_r_pay_8_two_concurrent_calculations_of_one_month_do_not_both_write(paid_org):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this on PostgreSQL")
    errors = []

    def calculate_in_thread():
        try:
            _calculate()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=calculate_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PayrollRun.objects.count() == 1
    assert Payslip.objects.count() == 5
