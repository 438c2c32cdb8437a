"""R-APR-5 / R-DASH-3: a cycle's results as an .xlsx workbook for HR's archive."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..models import AppraisalCycle
from .selectors import cycle_ranking

CNY = '"¥"#,##0.00;-"¥"#,##0.00'


def appraisal_workbook(cycle: AppraisalCycle) -> bytes:
    """One row per person, ranked; header frozen and filtered; money as CNY numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = cycle.label
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
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for a in cycle_ranking(cycle):
        sheet.append(
            [
                a.staff.employee_no,
                a.staff.name,
                a.group.code if a.group else "",
                a.total_score,
                a.rank_group,
                a.rank_overall,
                a.grade,
                a.coefficient,
                a.bonus,
                _("yes") if a.pro_rata else "",
                a.get_honour_display() if a.honour else "",
                _("yes") if a.promotion_candidate else "",
                _("yes") if a.training_candidate else "",
                a.get_review_display(),
            ]
        )
        sheet.cell(row=sheet.max_row, column=9).number_format = CNY
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
