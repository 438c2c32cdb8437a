"""Issue 17 (finding 5): the one writer of every .xlsx export — exports write text, never
a live formula.

openpyxl turns any string that begins with "=" into a formula cell, and a spreadsheet
evaluates text that begins with "=", "+", "-" or "@" (or tab / carriage return before
one) when a user edits it (OWASP CSV injection). So such text is written as a plain
string cell (data_type "s", an inline string) with Excel's quotePrefix style: the reader
sees the original text, the formula bar shows it as typed-with-apostrophe text, and
editing the cell keeps it text. Prefixing an apostrophe to the value itself was not
chosen: every reader (and a re-import) would then see a changed name.

Numbers, Decimals and dates are written as they are: money stays Decimal-exact.
"""

from collections.abc import Callable, Iterable
from copy import copy
from decimal import Decimal
from io import BytesIO

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CNY = '"¥"#,##0.00;-"¥"#,##0.00'
BOLD = Font(bold=True)
# OWASP's list: what a spreadsheet may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook() -> Workbook:
    """A streaming (write-only) workbook: rows go out as they are appended."""
    return Workbook(write_only=True)


def workbook_bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def text_cell(ws, text: str) -> WriteOnlyCell:
    """A string cell that no spreadsheet evaluates, whatever the text begins with."""
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # after the assignment, which made "=..." a formula
    cell.quotePrefix = True
    return cell


def value(ws, item):
    """What to append for one value: text that could be read as a formula becomes a
    plain string cell; anything else is written as it is."""
    if isinstance(item, Promise):
        item = str(item)
    if not isinstance(item, str):
        return item
    # Control characters are not allowed in an .xlsx file (openpyxl refuses the whole
    # workbook), so they are dropped rather than letting one name break an export.
    item = ILLEGAL_CHARACTERS_RE.sub("", item)
    if item.startswith(FORMULA_STARTS):
        return text_cell(ws, item)
    return item


def append(ws, values: Iterable) -> None:
    """Append one row; the only way an export writes a row."""
    ws.append([value(ws, item) for item in values])


def header(ws, titles: Iterable, widths: Iterable[int] = ()) -> None:
    """A bold, frozen header row (column widths optional; set before any row)."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.data_type = "s"
        cell.font = BOLD
        cells.append(cell)
    ws.append(cells)


def money_cells(ws) -> Callable[[Decimal | None], WriteOnlyCell]:
    """Number cells of `ws` in the CNY format. The format's style is resolved once and
    copied into each cell (as openpyxl's own worksheet copier copies styles): setting
    `number_format` on each of ~300,000 cells took a tenth of a 10,000-person export."""
    template = WriteOnlyCell(ws)
    template.number_format = CNY
    style = template._style

    def money(amount: Decimal | None) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=amount)
        cell._style = copy(style)
        return cell

    return money
