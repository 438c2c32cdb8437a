"""R-CLI-6: exporting the (filtered) client list as .xlsx, in the columns the import
reads back (`client_columns.COLUMNS`), so an exported file imports again unchanged."""

from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from outreach import xlsx

from .client_columns import COLUMNS


def clients_write_xlsx(clients, out) -> int:
    """Write one row per client to a file-like `out`; returns the row count. `clients`
    is a queryset already scoped to the user (client_list) and filtered."""
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet(_("Clients"))
    xlsx.header(sheet, [c.header for c in COLUMNS], [c.width for c in COLUMNS])
    count = 0
    for client in clients.select_related("current_lead__owner").iterator(chunk_size=2000):
        xlsx.append(sheet, [_cell(sheet, column, column.get(client)) for column in COLUMNS])
        count += 1
    workbook.save(out)
    return count


def _cell(sheet, column, value):
    """Dates and times as real date cells; text goes through xlsx.append, which writes
    formula-looking text as an inert string (issue 17)."""
    written = column.write(value)
    if column.number_format and written != "":
        cell = WriteOnlyCell(sheet, value=written)
        cell.number_format = column.number_format
        return cell
    return written
