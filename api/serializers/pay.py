"""Payroll runs, payslips with their lines and reasons (R-PAY-8/9), appraisal results
(R-APR-4/5): read only, shown as the pages show them. Money is a decimal string."""

from decimal import Decimal

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appraisals.models import Appraisal, AppraisalCycle, CycleState, IndicatorScore
from payroll.models import PayrollRun, Payslip
from payroll.reasons import KIND_LABELS, line_reason
from payroll.services.runs import SUMMARY_FIELDS

from .common import GroupRef, StaffRef

CENT = Decimal("0.01")


def money_total_field() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2)


def _money(value) -> str:
    # SQLite sums decimals as floats; a run without payslips sums to nothing: 0.00.
    return str(Decimal(value or 0).quantize(CENT))


class PayrollRunSerializer(serializers.ModelSerializer):
    """`people`, `total_gross` and `total_net` as the run list shows them."""

    people = serializers.IntegerField(read_only=True)
    total_gross = serializers.SerializerMethodField()
    total_net = serializers.SerializerMethodField()

    class Meta:
        model = PayrollRun
        fields = [
            "id",
            "month",
            "status",
            "people",
            "total_gross",
            "total_net",
            "calculated_at",
            "approved_at",
            "locked_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(money_total_field())
    def get_total_gross(self, run) -> str:
        return _money(run.total_gross)

    @extend_schema_field(money_total_field())
    def get_total_net(self, run) -> str:
        return _money(run.total_net)


class GroupSubtotalSerializer(serializers.Serializer):
    group_code = serializers.CharField()
    people = serializers.IntegerField()
    gross = money_total_field()
    fines = money_total_field()
    net = money_total_field()


class PayrollRunDetailSerializer(PayrollRunSerializer):
    """The run page's head: the warnings and the subtotals by group (`groups`, given by
    the view from `payroll.selectors.run_group_subtotals`)."""

    groups = serializers.SerializerMethodField()

    class Meta(PayrollRunSerializer.Meta):
        fields = [*PayrollRunSerializer.Meta.fields, "warnings", "groups"]

    @extend_schema_field(GroupSubtotalSerializer(many=True))
    def get_groups(self, run) -> list:
        rows = [
            {**row, **{k: _money(row[k]) for k in ("gross", "fines", "net")}}
            for row in self.context.get("groups", [])
        ]
        return GroupSubtotalSerializer(rows, many=True).data


class RunRef(serializers.ModelSerializer):
    class Meta:
        model = PayrollRun
        fields = ["id", "month", "status"]


class PayslipSerializer(serializers.ModelSerializer):
    """The payslip's 汇总 row. `bank_account` only for those who run payroll (they get it
    in the payroll workbook already); null for anyone else."""

    run = RunRef(read_only=True)
    staff = StaffRef(read_only=True)
    bank_account = serializers.SerializerMethodField()

    class Meta:
        model = Payslip
        fields = [
            "id",
            "run",
            "staff",
            "employee_no",
            "name",
            "group_code",
            "bank_account",
            "scheduled_days",
            "worked_days",
            *SUMMARY_FIELDS,  # the money columns, as the payslip page and export
            "targets_missed",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bank_account(self, payslip) -> str | None:
        return payslip.bank_account if self.context.get("sees_bank_accounts") else None


class LineSourceSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class PayslipLineSerializer(serializers.Serializer):
    """One line as the payslip page shows it: its label and reason in the reader's
    language (Accept-Language), the amount, and the facts it counts."""

    position = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField()
    source_id = serializers.IntegerField(allow_null=True)
    sources = LineSourceSerializer(many=True)


def payslip_line_rows(lines, sources) -> list[dict]:
    return [
        {
            "position": line.position,
            "kind": line.kind,
            "label": str(KIND_LABELS.get(line.kind, line.kind)),
            "amount": line.amount,
            "reason": line_reason(line.kind, line.amount, line.params, line.source_id),
            "source_id": line.source_id,
            "sources": [{"text": s.text, "url": s.url} for s in sources.get(line.pk, [])],
        }
        for line in lines
    ]


class PayslipDetailSerializer(PayslipSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(PayslipSerializer.Meta):
        fields = [*PayslipSerializer.Meta.fields, "lines"]

    @extend_schema_field(PayslipLineSerializer(many=True))
    def get_lines(self, payslip) -> list:
        return PayslipLineSerializer(self.context.get("lines", []), many=True).data


# --- appraisals ---------------------------------------------------------------------------

SHOWN_ONCE_PUBLISHED = ("total_score", "grade", "rank_group", "rank_overall", "bonus", "honour")
SHOWN_TO_VIEW_ALL = ("coefficient", "promotion_candidate", "training_candidate", "review")


class CycleRef(serializers.ModelSerializer):
    class Meta:
        model = AppraisalCycle
        fields = ["id", "label", "kind", "period_start", "period_end", "state"]


class AppraisalSerializer(serializers.ModelSerializer):
    """R-APR-4: the result (score, grade, ranks, bonus, honour) is null until the cycle is
    published (公示), as on the appraisal page, except for managers and HR, who see it
    (and the coefficient, the candidate flags and HR's review) at every stage."""

    cycle = CycleRef(read_only=True)
    staff = StaffRef(read_only=True)
    group = GroupRef(read_only=True, allow_null=True)
    self_summary = serializers.SerializerMethodField()

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "cycle",
            "staff",
            "group",
            "state",
            "coverage",
            "pro_rata",
            *SHOWN_ONCE_PUBLISHED,
            *SHOWN_TO_VIEW_ALL,
            "self_summary",
            "self_submitted_at",
            "leader_comment",
            "evaluated_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            name: {"allow_null": True} for name in (*SHOWN_ONCE_PUBLISHED, *SHOWN_TO_VIEW_ALL)
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_self_summary(self, appraisal) -> str | None:
        return appraisal.self_summary if appraisal.self_submitted_at else None

    def to_representation(self, appraisal):
        data = super().to_representation(appraisal)
        view_all = self.context.get("view_all", False)
        published = appraisal.cycle.state in (CycleState.PUBLISHED, CycleState.ARCHIVED)
        if not (published or view_all):
            data.update(dict.fromkeys(SHOWN_ONCE_PUBLISHED))
        if not view_all:
            data.update(dict.fromkeys(SHOWN_TO_VIEW_ALL))
        return data


class IndicatorScoreSerializer(serializers.ModelSerializer):
    dimension = serializers.SerializerMethodField()
    indicator = serializers.SerializerMethodField()
    code = serializers.CharField(source="indicator.code")

    class Meta:
        model = IndicatorScore
        fields = ["code", "dimension", "indicator", "actual", "score", "comment"]

    def get_dimension(self, score) -> str:
        return gettext(score.indicator.dimension.name)

    def get_indicator(self, score) -> str:
        return gettext(score.indicator.name)


class AppraisalDetailSerializer(AppraisalSerializer):
    """With the indicator scores the appraisal page lists."""

    scores = serializers.SerializerMethodField()

    class Meta(AppraisalSerializer.Meta):
        fields = [*AppraisalSerializer.Meta.fields, "scores"]

    @extend_schema_field(IndicatorScoreSerializer(many=True))
    def get_scores(self, appraisal) -> list:
        return IndicatorScoreSerializer(self.context.get("scores", []), many=True).data
