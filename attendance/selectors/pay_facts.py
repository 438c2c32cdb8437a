"""For payroll: the violations behind payslip lines, read without importing the
attendance models (issue 19 §5)."""

from ..models import Violation, rule_title


def violations_by_id(*, ids) -> dict[int, Violation]:
    """R-PAY-8: the violations a payslip's fine lines count, by id, in one query."""
    return Violation.objects.in_bulk(ids)


def violation_appeal_is_open(violation: Violation) -> bool:
    """R-FINE-3: an open appeal keeps the person's fine listed on the payroll run."""
    return violation.appeal == Violation.Appeal.OPEN


def violation_rule_title(code: str, description: str = "") -> str:
    """A rule's name and code in one line of text (payslip reasons): 串岗(POST-CROSS)."""
    return rule_title(code, description)
