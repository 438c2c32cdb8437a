"""R-CLI-6: importing clients from .xlsx — every row validated, errors by row and
column, a dry run first, nothing imported from a file with errors unless asked."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import xlsx
from outreach.models import Role, Staff
from outreach.validators import printable_text_clean

from .forms import LeadRegisterForm
from .models import Client, Lead, LeadKind, SourceChannel
from .models.leads import LIVE_STATUSES
from .phones import phone_normalise
from .services.leads import LeadInput, lead_is_protected, lead_register, refusal_message

# header (English or Chinese) → field
HEADERS = {
    "name": "name",
    "姓名": "name",
    "phone": "phone",
    "电话": "phone",
    "company": "company_name",
    "公司": "company_name",
    "owner": "owner",
    "负责人工号": "owner",
    "source": "source",
    "来源": "source",
    "kind": "kind",
    "方式": "kind",
    "need": "need",
    "需求": "need",
}
# The seeds' Chinese words are accepted whatever the interface language.
SOURCE_WORDS = {
    "派单": SourceChannel.FLYER,
    "巡展": SourceChannel.ROADSHOW,
    "企业团购": SourceChannel.GROUP_PURCHASE,
    "来电": SourceChannel.PHONE_IN,
    "转介绍": SourceChannel.REFERRAL,
    "活动": SourceChannel.EVENT,
    "线上": SourceChannel.ONLINE,
}
KIND_WORDS = {"面访": LeadKind.IN_PERSON, "带访": LeadKind.TO_BRING, "来电": LeadKind.PHONE}
# Issue 17: column → the model field it is stored in, whose limits (max_length, number
# validators, dates) the database enforces; checked in the dry run, read from the model.
MODEL_FIELDS = {
    "name": Client._meta.get_field("name"),
    "company_name": Client._meta.get_field("company_name"),
    "need": Lead._meta.get_field("need"),
}
# ... and the registration form's fields: an imported lead meets the rules of a typed one.
FORM_FIELDS = {column: LeadRegisterForm.base_fields[column] for column in ("name", "need")}
# Names a person reads: lead_register refuses them without a visible character.
PRINTABLE_COLUMNS = {"name"}
# Dates before or after these are typing errors, not history or plans.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    valid: list[tuple[int, Staff, LeadInput]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0


def _read(content: bytes) -> list[tuple[int, dict]]:
    # Refused before parsing when it inflates or holds too much (issue 17).
    rows = xlsx.workbook_rows(xlsx.workbook_open(content))
    header = next(rows, None)
    if not header:
        raise ValidationError(_("The file is empty."))
    columns = [
        HEADERS.get(str(h or "").strip().lower(), HEADERS.get(str(h or "").strip())) for h in header
    ]
    if "phone" not in columns or "name" not in columns or "owner" not in columns:
        raise ValidationError(_("The first row must name the columns: name, phone, owner."))
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        out.append((number, {c: _text(v) for c, v in zip(columns, values, strict=False) if c}))
    return out


def _text(value) -> str:
    # Control characters (NUL among them, which PostgreSQL refuses in text) are dropped,
    # as the export drops them: no cell can reach the database with one.
    return "" if value is None else xlsx.ILLEGAL_CHARACTERS_RE.sub("", str(value)).strip()


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
        text = row.get(column, "")
        try:
            if text and column in FORM_FIELDS:
                FORM_FIELDS[column].clean(text)
            if text and column in PRINTABLE_COLUMNS:
                printable_text_clean(text)  # as lead_register will at the confirm
            field_value_check(model_field, text)
        except ValidationError as error:
            errors.append(RowError(number, column, " ".join(error.messages)))
    return errors


def clients_import_check(content: bytes) -> ImportResult:
    """The dry run: validate every row (wrong phone, unknown owner, duplicate in the file,
    number protected by someone) and report errors by row and column."""
    result = ImportResult()
    rows = _read(content)
    result.rows = len(rows)
    owners = {
        s.employee_no: s
        for s in Staff.objects.filter(
            employee_no__in={r.get("owner", "") for _n, r in rows},
            role__in=[Role.CANVASSER, Role.LEADER],
        )
    }
    seen: dict[str, int] = {}
    phones = []
    parsed = []
    for number, row in rows:
        errors = []
        try:
            phone = phone_normalise(row.get("phone", ""))
        except ValidationError:
            errors.append(RowError(number, "phone", _("Not a mainland mobile number.")))
            phone = None
        if phone and phone in seen:
            errors.append(
                RowError(number, "phone", _("Same number as row %(row)s.") % {"row": seen[phone]})
            )
        elif phone:
            seen[phone] = number
            phones.append(phone)
        owner = owners.get(row.get("owner", ""))
        if owner is None:
            errors.append(RowError(number, "owner", _("Unknown canvasser employee number.")))
        if not row.get("name"):
            errors.append(RowError(number, "name", _("The name is missing.")))
        errors.extend(_cell_errors(number, row))
        source = row.get("source") or SourceChannel.FLYER
        source = SOURCE_WORDS.get(source, source)
        if source not in SourceChannel.values:
            errors.append(RowError(number, "source", _("Unknown source channel.")))
        kind = row.get("kind") or LeadKind.IN_PERSON
        kind = KIND_WORDS.get(kind, kind)
        if kind not in LeadKind.values:
            errors.append(RowError(number, "kind", _("Unknown lead kind.")))
        result.errors.extend(errors)
        if not errors:
            data = LeadInput(
                name=row["name"],
                phone=phone,
                kind=kind,
                source=source,
                need=row.get("need", ""),
                company_name=row.get("company_name", ""),
            )
            parsed.append((number, owner, data))
    live = {
        lead.phone: lead
        for lead in Lead.objects.filter(phone__in=phones, status__in=LIVE_STATUSES).select_related(
            "owner"
        )
    }
    now = timezone.now()
    for number, owner, data in parsed:
        lead = live.get(data.phone)
        if lead is not None and lead_is_protected(lead, now):
            message = (
                _("Already your lead.") if lead.owner_id == owner.pk else refusal_message(lead)
            )
            result.errors.append(RowError(number, "phone", message))
            continue
        result.valid.append((number, owner, data))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


class _RowRefused(Exception):
    def __init__(self, error: RowError):
        self.error = error


def clients_import(*, actor, content: bytes, only_valid: bool = False) -> ImportResult:
    """Import after checking: a file with errors imports nothing unless `only_valid`;
    the valid rows go in together or not at all. A row the service still refuses (a rule
    the dry run cannot see) is reported by its number and nothing is imported."""
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
