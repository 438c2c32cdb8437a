"""Demo payroll (issue 6 §8): targets, the month before last locked, last month calculated."""

from datetime import timedelta

from django.contrib.auth import get_user_model

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
        run = services.payroll_run_calculate(month=before_last, actor=hr)
        if run.status == RunStatus.CALCULATED and not services.runs.blocking_warnings(run):
            services.payroll_run_approve(run=run, actor=manager)
            services.payroll_run_lock(run=run, actor=hr)
    if not PayrollRun.objects.filter(month=last).exists():
        services.payroll_run_calculate(month=last, actor=hr)
