"""The filters of the pay lists (issue 21): by run and person for payslips, by month and
status for runs, by cycle, person and group for appraisals; `updated_since` on each."""

import django_filters
from django.utils.translation import gettext_lazy as _

from appraisals.models import Appraisal
from payroll.models import PayrollRun, Payslip, RunStatus

from .filters import SyncFilterSet


class PayrollRunFilter(SyncFilterSet):
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)
    month = django_filters.DateFilter(label=_("month (its 1st, YYYY-MM-01)"))

    class Meta:
        model = PayrollRun
        fields = ["updated_since", "status", "month"]


class PayslipFilter(SyncFilterSet):
    run = django_filters.NumberFilter(field_name="run_id", label=_("payroll run id"))
    staff = django_filters.CharFilter(
        field_name="staff__employee_no", label=_("person's employee number")
    )

    class Meta:
        model = Payslip
        fields = ["updated_since", "run", "staff"]


class AppraisalFilter(SyncFilterSet):
    cycle = django_filters.CharFilter(field_name="cycle__label", label=_("cycle, e.g. 2026Q3"))
    staff = django_filters.CharFilter(
        field_name="staff__employee_no", label=_("person's employee number")
    )
    group = django_filters.CharFilter(field_name="group__code", label=_("group code"))

    class Meta:
        model = Appraisal
        fields = ["updated_since", "cycle", "staff", "group"]
