"""R-APR-5 / R-DASH-3: a cycle's results as an .xlsx workbook for HR's archive."""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from outreach import xlsx

from .models import AppraisalCycle
from .selectors import cycle_ranking


def appraisal_workbook(cycle: AppraisalCycle) -> bytes:
    """One row per person, ranked; header frozen and filtered; money as CNY numbers."""
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet(cycle.label)
    headers = [
        _("Employee no."),
        _("Name"),
        _("Group"),
        _("Total score"),
        _("Rank in group"),
        _("Rank overall"),
        _("Grade"),
        _("Coefficient"),
        _("Appraisal bonus"),
        _("Pro rata"),
        _("Honour proposed"),
        _("Promotion candidate"),
        _("Training candidate"),
        _("HR review"),
    ]
    appraisals = list(cycle_ranking(cycle))
    # A write-only sheet takes its filter range before its rows.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(appraisals) + 1}"
    xlsx.header(sheet, headers)
    money = xlsx.money_cells(sheet)
    for a in appraisals:
        xlsx.append(
            sheet,
            [
                a.staff.employee_no,
                a.staff.name,
                a.group.code if a.group else "",
                a.total_score,
                a.rank_group,
                a.rank_overall,
                a.grade,
                a.coefficient,
                money(a.bonus),
                _("yes") if a.pro_rata else "",
                a.get_honour_display() if a.honour else "",
                _("yes") if a.promotion_candidate else "",
                _("yes") if a.training_candidate else "",
                a.get_review_display(),
            ],
        )
    return xlsx.workbook_bytes(workbook)
