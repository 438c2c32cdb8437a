"""The monthly attendance summary as .xlsx (openpyxl, write-only, one pass)."""

from django.utils.translation import gettext_lazy as _

from outreach import xlsx

COLUMNS = [
    ("employee_no", _("Employee no.")),
    ("name", _("Name")),
    ("scheduled", _("Scheduled days")),
    ("worked", _("Days worked")),
    ("late", _("Late")),
    ("early", _("Early leave")),
    ("absent", _("Absent")),
    ("paid_leave", _("Paid leave")),
    ("unpaid_leave", _("Unpaid leave")),
    ("violations", _("Violations")),
    ("fines", _("Fines (CNY)")),
    ("joint", _("Joint fines as leader (CNY)")),
]
MONEY_COLUMNS = {"fines", "joint"}


def summary_xlsx(rows: list[dict], month) -> bytes:
    book = xlsx.workbook()
    sheet = book.create_sheet(f"{month:%Y-%m}")
    xlsx.header(sheet, [label for _key, label in COLUMNS])
    money = xlsx.money_cells(sheet)
    for row in rows:
        values = {"employee_no": row["staff"].employee_no, "name": row["staff"].name, **row}
        xlsx.append(
            sheet,
            [money(values[key]) if key in MONEY_COLUMNS else values[key] for key, _l in COLUMNS],
        )
    return xlsx.workbook_bytes(book)
