"""Every payroll write: pay policy, targets, runs, adjustments, fine confirmations, exports."""

from .exports import (
    payroll_export_build,
    payroll_export_check,
    payroll_export_request,
    payroll_exports_resend,
)
from .fines import fine_confirm
from .policy import pay_policy_create
from .runs import (
    adjustment_add,
    payroll_run_approve,
    payroll_run_calculate,
    payroll_run_calculate_request,
    payroll_run_lock,
)
from .targets import (
    target_approve,
    target_set,
    targets_copy_from_last_month,
    targets_set_for_quarter,
)

__all__ = [
    "adjustment_add",
    "fine_confirm",
    "pay_policy_create",
    "payroll_export_build",
    "payroll_export_check",
    "payroll_export_request",
    "payroll_exports_resend",
    "payroll_run_approve",
    "payroll_run_calculate",
    "payroll_run_calculate_request",
    "payroll_run_lock",
    "target_approve",
    "target_set",
    "targets_copy_from_last_month",
    "targets_set_for_quarter",
]
