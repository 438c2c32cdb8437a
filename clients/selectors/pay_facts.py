"""The visits and deals behind payslip lines, for payroll (R-PAY-8). Each is one query."""

from ..models import Deal, Visit


def visits_by_id(*, ids) -> dict[int, Visit]:
    """Visits with their lead (the payslip shows its masked phone), by id."""
    return Visit.objects.select_related("lead").in_bulk(ids)


def deals_by_id(*, ids) -> dict[int, Deal]:
    return Deal.objects.in_bulk(ids)
