"""The expense claims behind payslip lines, for payroll (R-PAY-8). One query."""

from ..models import ExpenseClaim


def claims_by_id(*, ids) -> dict[int, ExpenseClaim]:
    return ExpenseClaim.objects.in_bulk(ids)
