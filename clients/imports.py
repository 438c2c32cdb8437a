"""R-CLI-6: importing clients from .xlsx — every row validated, errors by row and
column, a dry run first, nothing imported from a file with errors unless asked."""

from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Role, Staff

from .models import Lead, LeadKind, SourceChannel
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
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:  # noqa: BLE001 — any unreadable file gets one clear message
        raise ValidationError(_("This is not a readable .xlsx file.")) from error
    rows = sheet.iter_rows(values_only=True)
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
        out.append(
            (
                number,
                {
                    c: ("" if v is None else str(v).strip())
                    for c, v in zip(columns, values, strict=False)
                    if c
                },
            )
        )
    return out


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


def clients_import(*, actor, content: bytes, only_valid: bool = False) -> ImportResult:
    """Import after checking: a file with errors imports nothing unless `only_valid`;
    the valid rows go in together or not at all."""
    result = clients_import_check(content)
    if result.errors and not only_valid:
        return result
    with transaction.atomic():
        for _number, owner, data in result.valid:
            lead_register(actor=actor, owner=owner, data=data)
            result.imported += 1
    return result
