"""/api/v1/payroll-runs/, /payslips/, /appraisals/: read only, with the pages' scope.

Runs are for those who see every payslip (the run pages' permission). Payslips follow
`payroll.selectors.payslips_visible_to` (HR and managers all, a leader their groups',
anyone else their own) and the detail gives the lines with their reasons as the payslip
page does. Appraisals follow `appraisals.selectors.appraisals_visible`; their results
stay hidden until the cycle is published (公示), as on the appraisal page.

Syncing payslips: a recalculation replaces a run's payslips (new ids), and a run's
change of status touches its payslips' `updated_at`. A payroll system therefore syncs
runs by `updated_since` and, for each changed run, reads `payslips/?run=<id>` whole,
replacing what it held for that run; a locked run never changes again (R-PAY-8)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from appraisals.selectors import appraisal_get, appraisal_scores, appraisals_visible
from outreach.guard import can, in_scope_or_404
from payroll.selectors import (
    payroll_run_list,
    payslip_get,
    payslip_lines,
    payslips_visible_to,
    run_group_subtotals,
)
from payroll.sources import line_sources

from ..filters_pay import AppraisalFilter, PayrollRunFilter, PayslipFilter
from ..serializers.pay import (
    AppraisalDetailSerializer,
    AppraisalSerializer,
    PayrollRunDetailSerializer,
    PayrollRunSerializer,
    PayslipDetailSerializer,
    PayslipSerializer,
    payslip_line_rows,
)
from .base import ScopedViewSet

VIEW_ALL_PAYSLIPS = "payroll.view_all_payslips"
RUN_PAYROLL = "payroll.run_payroll"
VIEW_ALL_APPRAISALS = "appraisals.view_all_appraisals"


@extend_schema_view(
    list=extend_schema(summary="Payroll runs, with head count and totals (R-PAY-8)"),
    retrieve=extend_schema(
        summary="One payroll run, with its warnings and subtotals by group",
        responses=PayrollRunDetailSerializer,
    ),
)
class PayrollRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    required_perms = (VIEW_ALL_PAYSLIPS,)
    serializer_class = PayrollRunSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PayrollRunFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return payroll_run_list()

    def get_object(self):
        return in_scope_or_404(payroll_run_list(), pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return PayrollRunDetailSerializer if self.action == "retrieve" else PayrollRunSerializer

    def retrieve(self, request, *args, **kwargs):
        run = self.get_object()
        context = {**self.get_serializer_context(), "groups": list(run_group_subtotals(run))}
        return Response(PayrollRunDetailSerializer(run, context=context).data)


@extend_schema_view(
    list=extend_schema(summary="Payslips one may see (R-ROLE-1), their totals (R-PAY-9)"),
    retrieve=extend_schema(
        summary="One payslip with its lines and their reasons (R-PAY-8)",
        responses=PayslipDetailSerializer,
    ),
)
class PayslipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = PayslipSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PayslipFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return payslips_visible_to(self.request.user).select_related("staff")

    def get_object(self):
        return payslip_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["sees_bank_accounts"] = can(self.request.user, RUN_PAYROLL)
        return context

    def get_serializer_class(self):
        return PayslipDetailSerializer if self.action == "retrieve" else PayslipSerializer

    def retrieve(self, request, *args, **kwargs):
        payslip = self.get_object()
        lines = list(payslip_lines(payslip))
        context = {
            **self.get_serializer_context(),
            "lines": payslip_line_rows(lines, line_sources(lines)),
        }
        return Response(PayslipDetailSerializer(payslip, context=context).data)


@extend_schema_view(
    list=extend_schema(summary="Appraisal results one may see (R-APR-4/5)"),
    retrieve=extend_schema(
        summary="One appraisal with its indicator scores", responses=AppraisalDetailSerializer
    ),
)
class AppraisalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = AppraisalSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AppraisalFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return appraisals_visible(self.request.user)

    def get_object(self):
        return appraisal_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["view_all"] = can(self.request.user, VIEW_ALL_APPRAISALS)
        return context

    def get_serializer_class(self):
        return AppraisalDetailSerializer if self.action == "retrieve" else AppraisalSerializer

    def retrieve(self, request, *args, **kwargs):
        appraisal = self.get_object()
        context = {**self.get_serializer_context(), "scores": list(appraisal_scores(appraisal))}
        return Response(AppraisalDetailSerializer(appraisal, context=context).data)
