"""R-CLI-6: importing clients from .xlsx — every row validated, errors by row and
column, a dry run first, nothing imported from a file with errors unless asked.

Issue 18 (point 7): the columns are the export's (`client_columns.COLUMNS`), so an
exported file reads back as it was written. A row whose phone number (the archive's
dedupe key, R-CLI-1 / R-LEAD-2) is already in the archive is never imported and never
an error: it is reported as unchanged, or with each column that differs. The import does
not overwrite it, because who owns a lead changes only by the lead rules — first
registration, a claim from the pool within its limits, a manager's reassignment with a
reason, each in the lead's history (R-LEAD-2, R-POOL-2, R-POOL-3) — and a grade only by
the grading rules or an override with a reason (R-CLI-5); a spreadsheet cell carries
neither the reason nor the history. The import registers new clients only.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import xlsx
from outreach.models import Role, Staff
from outreach.validators import printable_text_clean

from .client_columns import (
    BY_KEY,
    COLUMNS,
    EARLIEST,
    LATEST,
    REQUIRED,
    ChoiceColumn,
    cell_text,
    column_header,
    columns_of_header,
)
from .forms import LeadRegisterForm
from .models import Client, ClientKind, LeadKind, SourceChannel
from .phones import phone_normalise
from .services.leads import LeadInput, lead_is_protected, lead_register, refusal_message

# Issue 17: column → the model field it is stored in, whose limits (max_length, number
# validators, dates) the database enforces; checked in the dry run, read from the model.
MODEL_FIELDS = {key: BY_KEY[key].model_field for key in ("name", "company_name", "need")}
# ... and the registration form's fields: an imported lead meets the rules of a typed one.
FORM_FIELDS = {column: LeadRegisterForm.base_fields[column] for column in ("name", "need")}
# Names a person reads: lead_register refuses them without a visible character.
PRINTABLE_COLUMNS = {"name"}
# What a new client gets for an empty cell (as the registration form's initial values).
DEFAULTS = {
    "client_kind": ClientKind.PERSON,
    "source": SourceChannel.FLYER,
    "kind": LeadKind.IN_PERSON,
}


@dataclass
class RowError:
    """A cell (or a row, when `column` is '') the import refuses. `row` is the
    spreadsheet's row number (the header is row 1); `column` the column's key."""

    row: int
    column: str
    message: str

    @property
    def header(self) -> str:
        return column_header(self.column)

    @property
    def text(self) -> str:
        if self.header:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.header,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowChange:
    """A client already in the archive whose row in the file differs in one column;
    reported, never applied."""

    row: int
    column: str
    in_file: str
    in_archive: str
    note: str = ""

    @property
    def header(self) -> str:
        return column_header(self.column)

    @property
    def text(self) -> str:
        text = _(
            "Row %(row)s, column “%(column)s”: the file has “%(file)s”, the archive has "
            "“%(archive)s”; an import does not change a client already in the archive."
        ) % {
            "row": self.row,
            "column": self.header,
            "file": self.in_file,
            "archive": self.in_archive,
        }
        return f"{text} {self.note}" if self.note else text


@dataclass
class ImportResult:
    rows: int = 0
    # New clients: (row number, owner, what to register).
    valid: list[tuple[int, Staff, LeadInput]] = field(default_factory=list)
    # Rows of clients already in the archive, equal in every column the file has.
    unchanged: list[int] = field(default_factory=list)
    # Rows of clients already in the archive that differ: one entry per differing cell.
    changed: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0

    @property
    def changed_rows(self) -> int:
        return len({change.row for change in self.changed})

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})


def _read(content: bytes) -> list[tuple[int, dict]]:
    """(spreadsheet row number, {column key: raw cell value}) for each non-empty row."""
    # Refused before parsing when it inflates or holds too much (issue 17).
    rows = xlsx.workbook_rows(xlsx.workbook_open(content))
    header = next(rows, None)
    if not header or not any(cell not in (None, "") for cell in header):
        raise ValidationError(_("The file is empty."))
    columns = columns_of_header(header)
    if not {key for key in REQUIRED} <= {c.key for c in columns if c}:
        raise ValidationError(
            _("The first row must name the columns: %(columns)s.")
            % {"columns": "、".join(column_header(key) for key in REQUIRED)}
        )
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row: dict = {}
        for column, value in zip(columns, values, strict=False):
            if column is not None:
                row.setdefault(column.key, value)
        out.append((number, row))
    return out


def _text(value) -> str:
    # Control characters (NUL among them, which PostgreSQL refuses in text) are dropped,
    # as the export drops them: no cell can reach the database with one.
    return cell_text(value)


def field_value_check(model_field: models.Field, raw: str) -> None:
    """Raise ValidationError when the database would refuse `raw` in `model_field`: its
    type, its validators (max_length, number ranges and max_digits) and, for dates, a
    sane range. An empty cell is the caller's to judge (required or not)."""
    if raw in ("", None):
        return
    value = model_field.to_python(raw)
    model_field.run_validators(value)
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST, "latest": LATEST}
        )


def _cell_errors(number: int, row: dict) -> list[RowError]:
    """What the registration form or the database would refuse, one message a cell."""
    errors = []
    for column, model_field in MODEL_FIELDS.items():
        text = _text(row.get(column))
        try:
            if text and column in FORM_FIELDS:
                FORM_FIELDS[column].clean(text)
            if text and column in PRINTABLE_COLUMNS:
                printable_text_clean(text)  # as lead_register will at the confirm
            field_value_check(model_field, text)
        except ValidationError as error:
            errors.append(RowError(number, column, " ".join(error.messages)))
    return errors


def _read_cells(number: int, row: dict) -> tuple[dict, list[RowError]]:
    """Every cell but the phone through its column's reader: {key: value}, errors."""
    values, errors = {}, []
    for key, raw in row.items():
        if key == "phone":
            continue
        try:
            values[key] = BY_KEY[key].read(raw)
        except ValidationError as error:
            errors.append(RowError(number, key, " ".join(error.messages)))
    return values, errors


def _compare(number: int, client: Client, values: dict, now) -> list[RowChange]:
    """The cells of a row that differ from the client already in the archive."""
    changes = []
    for key, value in values.items():
        column = BY_KEY[key]
        try:
            archived = column.archive(client)
        except ValidationError:  # a stored value the file form cannot hold
            archived = column.get(client)
        if value == archived:
            continue
        note = ""
        lead = client.current_lead
        if key == "owner" and lead is not None and lead.owner and lead_is_protected(lead, now):
            note = refusal_message(lead)  # R-LEAD-2: whose, since when, until when
        changes.append(
            RowChange(number, key, column.shown(value), column.shown(archived), note=note)
        )
    return changes


def clients_import_check(content: bytes) -> ImportResult:
    """The dry run: every row is new (to register), already in the archive (unchanged
    or differing, never applied) or in error — a wrong phone, an unknown owner, a number
    twice in the file, a cell the column or the database refuses — by row and column."""
    result = ImportResult()
    rows = _read(content)
    result.rows = len(rows)
    seen: dict[str, int] = {}
    parsed = []
    for number, row in rows:
        values, errors = _read_cells(number, row)
        try:
            phone = phone_normalise(_text(row.get("phone")))
        except ValidationError:
            errors.append(RowError(number, "phone", _("Not a mainland mobile number.")))
            phone = None
        if phone and phone in seen:
            errors.append(
                RowError(number, "phone", _("Same number as row %(row)s.") % {"row": seen[phone]})
            )
        elif phone:
            seen[phone] = number
        parsed.append((number, row, values, phone, errors))
    archive = {
        client.phone: client
        for client in Client.objects.filter(phone__in=list(seen)).select_related(
            "current_lead__owner"
        )
    }
    owners = {
        s.employee_no: s
        for s in Staff.objects.filter(
            employee_no__in={values.get("owner", "") for _n, _r, values, _p, _e in parsed},
            role__in=[Role.CANVASSER, Role.LEADER],
        )
    }
    now = timezone.now()
    for number, row, values, phone, errors in parsed:
        client = archive.get(phone) if phone else None
        if client is not None and not errors:
            changes = _compare(number, client, values, now)
            result.changed.extend(changes)
            if not changes:
                result.unchanged.append(number)
            continue
        if client is None:
            errors.extend(_new_row_errors(number, row, values, owners))
        result.errors.extend(errors)
        if not errors:
            result.valid.append((number, owners[values["owner"]], _lead_input(values, phone)))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _new_row_errors(number: int, row: dict, values: dict, owners: dict) -> list[RowError]:
    errors = []
    if values.get("owner", "") not in owners:
        errors.append(RowError(number, "owner", _("Unknown canvasser employee number.")))
    if not _text(row.get("name")):
        errors.append(RowError(number, "name", _("The name is missing.")))
    errors.extend(_cell_errors(number, row))
    return errors


def _lead_input(values: dict, phone: str) -> LeadInput:
    """What a new row registers (the columns used APPLIED; grade and registration time
    are the rules' and the moment's), empty cells as the registration form's defaults."""

    def applied(key: str, empty=""):
        value = values.get(key)
        return DEFAULTS.get(key, empty) if value in ("", None) else value

    return LeadInput(
        name=values["name"],
        phone=phone,
        kind=applied("kind"),
        source=applied("source"),
        need=applied("need"),
        company_name=applied("company_name"),
        client_kind=applied("client_kind"),
        birthday=applied("birthday", None),
    )


def import_columns() -> list[dict]:
    """The import page's help, from the column table itself: each header in the
    active language, whether it is required, what the import does with it, and the
    names a list column takes."""
    return [
        {
            "header": str(column.header),
            "required": column.key in REQUIRED,
            "note": str(column.note),
            "choices": column.labels() if isinstance(column, ChoiceColumn) else [],
        }
        for column in COLUMNS
    ]


class _RowRefused(Exception):
    def __init__(self, error: RowError):
        self.error = error


def clients_import(*, actor, content: bytes, only_valid: bool = False) -> ImportResult:
    """Import after checking: a file with errors imports nothing unless `only_valid`;
    the new rows go in together or not at all, rows already in the archive are left as
    they are. A row the service still refuses (a rule the dry run cannot see, or a number
    registered since the dry run) is reported by its number and nothing is imported."""
    result = clients_import_check(content)
    if result.errors and not only_valid:
        return result
    try:
        with transaction.atomic():
            for number, owner, data in result.valid:
                try:
                    lead_register(actor=actor, owner=owner, data=data)
                except ValidationError as error:
                    fields = error.message_dict if hasattr(error, "error_dict") else {}
                    refusal = RowError(number, next(iter(fields), ""), " ".join(error.messages))
                    raise _RowRefused(refusal) from error
                result.imported += 1
    except _RowRefused as refused:
        result.imported = 0
        result.errors.append(refused.error)
    return result
