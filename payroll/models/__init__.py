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
