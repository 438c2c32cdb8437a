"""Demo payroll (issue 6 §8, issue 18): targets; the month before last and last month
calculated, approved and locked (last month's with an adjustment and the clawback of a
deal cancelled after its month was locked), each with its zh-hans workbook; this month
runs on."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.demo import demo_claim_approved
from clients.demo import demo_leads_exist, demo_signed_deal
from clients.services.deals import DealInput, deal_cancel, deal_record
from clients.services.leads import LeadInput, lead_register
from clients.services.visits import (
    rotation_day_setup,
    visit_confirm,
    visit_end_reception,
    visit_register,
)
from clients.vocabulary import LeadKind
from outreach.dates import month_start, today
from outreach.models import Role, Staff

from . import services
from .models import PayrollRun, RunStatus, Target


def seed_payroll_demo(scale: int, stdout) -> None:
    users = get_user_model().objects
    sales_manager = users.filter(staff__role=Role.SALES_MANAGER).first()
    manager = users.filter(staff__role=Role.MANAGER).first()
    hr = users.filter(staff__role=Role.HR).first()
    if not (sales_manager and manager and hr):
        return
    last = month_start(month_start(today()) - timedelta(days=1))
    before_last = month_start(last - timedelta(days=1))
    paid = Staff.objects.filter(role__in=[Role.CANVASSER, Role.LEADER], leave_date__isnull=True)
    for month in (before_last, last, month_start(today())):
        if Target.objects.filter(month=month).exists():
            continue
        for person in paid:
            services.target_set(
                actor=sales_manager, month=month, staff=person, conversions=4, visits=10, deals=1
            )
    if not PayrollRun.objects.filter(month=before_last).exists():
        _past_facts(before_last, last, manager)
        if _lock(services.payroll_run_calculate(month=before_last, actor=hr), manager, hr):
            cancel_demo_deal(last, manager)
    if not PayrollRun.objects.filter(month=last).exists():
        run = services.payroll_run_calculate(month=last, actor=hr)
        person = run.payslips.order_by("employee_no").first()
        if person is not None:
            services.adjustment_add(
                run=run,
                staff=person.staff,
                amount=Decimal("50.00"),
                actor=hr,
                reason="上月交通补贴漏发",
            )
            run = services.payroll_run_calculate(month=last, actor=hr)
        _lock(run, manager, hr)


def _lock(run, manager, hr) -> bool:
    """Approve and lock a calculated run with no blocking warning, and build its
    workbook (issue 17: the demo has an export); False when it cannot be locked."""
    if run.status != RunStatus.CALCULATED or services.runs.blocking_warnings(run):
        return False
    services.payroll_run_approve(run=run, actor=manager)
    services.payroll_run_lock(run=run, actor=hr)
    export = services.payroll_export_request(run=run, actor=hr, language="zh-hans")
    services.payroll_export_build(export_id=export.pk)
    return True


DEMO_PHONE = "1390000090"  # + one digit: the payroll demo's own leads


def _visit(lead, consultant, moment) -> None:
    rotation_day_setup(actor=None, day=timezone.localdate(moment), consultants=[consultant])
    visit = visit_register(actor=consultant.user, phone=lead.phone, now=moment)
    visit_confirm(actor=consultant.user, visit_id=visit.pk, now=moment + timedelta(minutes=20))
    visit_end_reception(
        actor=consultant.user, visit_id=visit.pk, now=moment + timedelta(minutes=40)
    )


def _past_facts(before_last, last, manager) -> None:
    """Visits and deals in the two past months, so their payslips show commissions,
    overrides, team awards and (a deal cancelled through the canvasser's fault after
    its month was locked) a clawback; an expense claim approved last month."""
    if demo_leads_exist(phone_prefix=DEMO_PHONE):
        return
    canvassers = list(Staff.objects.filter(role=Role.CANVASSER).order_by("employee_no")[:2])
    consultant = Staff.objects.filter(role=Role.CONSULTANT).order_by("employee_no").first()
    if len(canvassers) < 2 or consultant is None:
        return
    tz = timezone.get_current_timezone()
    day = lambda month, d, h=10: datetime.combine(month.replace(day=d), time(h), tzinfo=tz)  # noqa: E731
    for i, (owner, month) in enumerate(((canvassers[0], before_last), (canvassers[1], last))):
        lead = lead_register(
            actor=owner.user,
            owner=owner,
            now=day(month, 2),
            data=LeadInput(name="周先生", phone=f"{DEMO_PHONE}{i}", kind=LeadKind.PHONE),
        )
        _visit(lead, consultant, day(month, 3))
        deal_record(
            actor=manager,
            lead_id=lead.pk,
            now=day(month, 10),
            data=DealInput(
                project="滨江一期",
                signed_on=month.replace(day=10),
                units=2,
                amount=Decimal("2400000.00"),
                first_payment_on=month.replace(day=12),
            ),
        )
    demo_claim_approved(
        staff=canvassers[1],
        amount=Decimal("86.50"),
        spent_on=last.replace(day=5),
        description="带客户看房打车",
        decided_at=day(last, 6),
    )


def cancel_demo_deal(last, manager) -> None:
    """After the month before last is locked: its deal is cancelled through the
    canvasser's fault last month, so last month's run claws the commission back."""
    tz = timezone.get_current_timezone()
    deal = demo_signed_deal(phone=f"{DEMO_PHONE}0")
    if deal is not None:
        deal_cancel(
            actor=manager,
            deal_id=deal.pk,
            cause="客户资料虚假,退房",
            canvasser_fault=True,
            now=datetime.combine(last.replace(day=8), time(11), tzinfo=tz),
        )
