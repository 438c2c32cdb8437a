from .fines import FineConfirmation
from .policy import CommissionTrigger, PayPolicy, Target, TargetStatus
from .runs import Adjustment, PayrollExport, PayrollRun, Payslip, PayslipLine, RunStatus

__all__ = [
    "Adjustment",
    "CommissionTrigger",
    "FineConfirmation",
    "PayPolicy",
    "PayrollExport",
    "PayrollRun",
    "Payslip",
    "PayslipLine",
    "RunStatus",
    "Target",
    "TargetStatus",
]
from .appraisals import (  # noqa: E402  (appraisals, issue 7)
    Appraisal,
    AppraisalCycle,
    AppraisalState,
    AppraisalTemplate,
    CareerPlan,
    CareerTalk,
    CycleKind,
    CycleState,
    Dimension,
    Grade,
    GradeBand,
    Honour,
    Indicator,
    IndicatorScore,
    Objection,
    ObjectionStatus,
    Review,
    Scoring,
)

__all__ += [
    "Appraisal",
    "AppraisalCycle",
    "AppraisalState",
    "AppraisalTemplate",
    "CareerPlan",
    "CareerTalk",
    "CycleKind",
    "CycleState",
    "Dimension",
    "Grade",
    "GradeBand",
    "Honour",
    "Indicator",
    "IndicatorScore",
    "Objection",
    "ObjectionStatus",
    "Review",
    "Scoring",
]
