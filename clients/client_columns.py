"""R-CLI-6, issue 18 point 7: the columns of the client file, in one table.

The export writes every column with its `write`, the import reads the same header with
its `read`, and a client already in the archive is compared through `archive`: three
views of one definition, so an exported file always reads back as it was written.

- Headers are msgids shown in the active language (Chinese by default); the import also
  knows each header in English and in Chinese, whatever the language, and the older
  words files were made with (姓名 / 电话 / 方式 …).
- Choices are written by their display names in the active language and read from the
  display name (Chinese or English), the stored code, or the seed's words.
- Dates and times are real date cells (local time), read back from a date cell or from
  text such as 2026-03-01 or 2026/3/1 10:00.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from outreach import xlsx

from .models import Client, ClientGrade, ClientKind, Lead, LeadKind, SourceChannel

# Dates before or after these are typing errors, not history or plans.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
TIME_FORMATS = ("%H:%M", "%H:%M:%S")


class Use(StrEnum):
    """What the import does with a column."""

    APPLIED = "applied"  # stored on a new client, compared on one already in the archive
    COMPARED = "compared"  # read and compared, never stored (the rules set it)
    IGNORED = "ignored"  # for the reader of the file only


def cell_text(value) -> str:
    """A cell as text: control characters (NUL among them, which PostgreSQL refuses in
    text) are dropped, as the export drops them; outer spaces go."""
    return "" if value is None else xlsx.ILLEGAL_CHARACTERS_RE.sub("", str(value)).strip()


def _key(text: str) -> str:
    """How a header or a choice is looked up: case and spaces do not matter."""
    return "".join(str(text).split()).casefold()


def _both_languages(text: Promise) -> list[str]:
    words = [str(text)]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            words.append(str(text))
    return words


def _date_in_range(day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST, "latest": LATEST}
        )


def _parse(text: str, *, with_time: bool) -> datetime:
    text = " ".join(text.replace("T", " ").split())
    formats = list(DATE_FORMATS)
    if with_time:
        formats = [f"{d} {t}" for d in DATE_FORMATS for t in TIME_FORMATS] + formats
    for form in formats:
        try:
            return datetime.strptime(text, form)  # noqa: DTZ007 — local time, made aware below
        except ValueError:
            continue
    if with_time:
        raise ValidationError(_("Enter a date and time such as 2026-03-01 10:00."))
    raise ValidationError(_("Enter a date such as 2026-03-01."))


@dataclass(frozen=True)
class Column:
    """One column of the client file.

    `get` gives the archive's value for a client (a code for choices, an aware datetime,
    a date, text); `write` turns it into what the cell holds; `read` turns a cell back
    into the archive's form, or raises ValidationError with a message for the row.
    """

    key: str
    header: Promise
    get: Callable[[Client], object]
    use: Use = Use.APPLIED
    aliases: tuple[str, ...] = ()
    model_field: models.Field | None = None
    width: int = 12
    number_format: str | None = None
    note: Promise | str = ""  # for the import page's help

    def headers(self) -> list[str]:
        """Every header this column is known by, in any language."""
        return [*_both_languages(self.header), *self.aliases]

    def write(self, value):
        return "" if value is None else value

    def read(self, raw):
        return cell_text(raw)

    def archive(self, client: Client):
        """The client's value in the form `read` gives, for comparing with a cell."""
        return self.read(self.write(self.get(client)))

    def shown(self, value) -> str:
        """A value as a person reads it in a message."""
        written = self.write(value)
        return str(written) if written not in ("", None) else _("(empty)")


class NameColumn(Column):
    """Stored names have no format characters (Cf: bidi overrides, zero-width joiners):
    lead_register drops them, so a cell is compared without them too."""

    def read(self, raw):
        return "".join(ch for ch in cell_text(raw) if unicodedata.category(ch) != "Cf").strip()


@dataclass(frozen=True)
class ChoiceColumn(Column):
    choices: type[models.TextChoices] | None = None
    # More words a person or an older file may use for a choice: word → code.
    words: tuple[tuple[str, str], ...] = ()

    def write(self, value):
        if value in ("", None):
            return ""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)  # a code the choices no longer list: shown as it is

    def read(self, raw):
        text = cell_text(raw)
        if not text:
            return None
        code = self.lookup().get(_key(text))
        if code is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": "、".join(self.labels())}
            )
        return code

    def labels(self) -> list[str]:
        return [str(label) for label in self.choices.labels]

    def lookup(self) -> dict[str, str]:
        """Display name (active language, Chinese, English), code and extra word → code."""
        found: dict[str, str] = {}
        for code, label in self.choices.choices:
            for word in (code, *_both_languages(label)):
                found.setdefault(_key(word), code)
        for word, code in self.words:
            found.setdefault(_key(word), code)
        return found


@dataclass(frozen=True)
class DateTimeColumn(Column):
    """A real date-and-time cell in the team's local time, to the minute it shows."""

    number_format: str = "yyyy-mm-dd hh:mm"

    def write(self, value):
        if value is None:
            return ""
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)

    def read(self, raw):
        if raw in ("", None):
            return None
        if isinstance(raw, datetime):
            moment = raw
        elif isinstance(raw, date):
            moment = datetime.combine(raw, datetime.min.time())
        elif isinstance(raw, str) and raw.strip():
            moment = _parse(raw, with_time=True)
        else:
            raise ValidationError(_("Enter a date and time such as 2026-03-01 10:00."))
        _date_in_range(moment.date())
        moment = moment.replace(tzinfo=None, second=0, microsecond=0)
        return timezone.make_aware(moment)

    def shown(self, value) -> str:
        written = self.write(value)
        return written.strftime("%Y-%m-%d %H:%M") if written else _("(empty)")


@dataclass(frozen=True)
class DateColumn(Column):
    number_format: str = "yyyy-mm-dd"

    def write(self, value):
        return "" if value is None else value

    def read(self, raw):
        if raw in ("", None):
            return None
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        elif isinstance(raw, str) and raw.strip():
            day = _parse(raw, with_time=False).date()
        else:
            raise ValidationError(_("Enter a date such as 2026-03-01."))
        _date_in_range(day)
        return day

    def shown(self, value) -> str:
        return value.isoformat() if value else _("(empty)")


def _lead(client: Client) -> Lead | None:
    return client.current_lead


def _owner(client: Client):
    lead = _lead(client)
    return lead.owner if lead is not None else None


COLUMNS: tuple[Column, ...] = (
    NameColumn(
        "name",
        pgettext_lazy("client file column", "name"),
        lambda c: c.name,
        aliases=("姓名", "客户姓名"),
        model_field=Client._meta.get_field("name"),
        width=14,
    ),
    Column(
        "phone",
        pgettext_lazy("client file column", "phone"),
        lambda c: c.phone,
        aliases=("电话", "手机", "手机号码"),
        width=14,
    ),
    ChoiceColumn(
        "client_kind",
        pgettext_lazy("client file column", "client kind"),
        lambda c: c.kind,
        aliases=("client type",),
        choices=ClientKind,
        words=(("个人", ClientKind.PERSON), ("企业", ClientKind.COMPANY)),
        width=10,
    ),
    Column(
        "company_name",
        pgettext_lazy("client file column", "company"),
        lambda c: c.company_name,
        aliases=("公司", "company name"),
        model_field=Client._meta.get_field("company_name"),
        width=20,
    ),
    Column(
        "owner",
        pgettext_lazy("client file column", "owner employee no."),
        lambda c: _owner(c).employee_no if _owner(c) else "",
        aliases=("owner", "负责人工号", "工号"),
        width=12,
        note=pgettext_lazy(
            "client file column", "The canvasser or group leader who will own a new lead."
        ),
    ),
    Column(
        "owner_name",
        pgettext_lazy("client file column", "owner name"),
        lambda c: _owner(c).name if _owner(c) else "",
        use=Use.IGNORED,
        width=10,
        note=pgettext_lazy(
            "client file column", "For reading only: the owner is the employee number."
        ),
    ),
    ChoiceColumn(
        "source",
        pgettext_lazy("client file column", "source channel"),
        lambda c: c.source,
        aliases=("source", "来源"),
        choices=SourceChannel,
        width=10,
    ),
    ChoiceColumn(
        "kind",
        pgettext_lazy("client file column", "how the lead came"),
        lambda c: _lead(c).kind if _lead(c) else None,
        aliases=("kind", "lead kind", "方式", "客户来源方式"),
        choices=LeadKind,
        # The words of the seed's sales office (面访 / 带访 / 来电).
        words=(("面访", LeadKind.IN_PERSON), ("带访", LeadKind.TO_BRING), ("来电", LeadKind.PHONE)),
        width=16,
    ),
    Column(
        "need",
        pgettext_lazy("client file column", "need"),
        lambda c: _lead(c).need if _lead(c) else "",
        aliases=("需求",),
        model_field=Lead._meta.get_field("need"),
        width=20,
    ),
    ChoiceColumn(
        "grade",
        pgettext_lazy("client file column", "grade"),
        lambda c: c.grade,
        use=Use.COMPARED,
        aliases=("等级", "客户分级"),
        choices=ClientGrade,
        note=pgettext_lazy(
            "client file column",
            "Compared only: grades come from the grading rules, or from a change with a "
            "reason on the client's page; a new client is not given the file's grade.",
        ),
        # SPEC R-CLI-5's words for each grade, alone.
        words=(
            ("重要客户", ClientGrade.A),
            ("important", ClientGrade.A),
            ("一般客户", ClientGrade.B),
            ("general", ClientGrade.B),
            ("潜在客户", ClientGrade.C),
            ("potential", ClientGrade.C),
        ),
        width=14,
    ),
    DateColumn(
        "birthday",
        pgettext_lazy("client file column", "birthday"),
        lambda c: c.birthday,
        aliases=("生日",),
        model_field=Client._meta.get_field("birthday"),
        width=12,
    ),
    DateTimeColumn(
        "registered_at",
        pgettext_lazy("client file column", "registered at"),
        lambda c: c.registered_at,
        use=Use.COMPARED,
        aliases=("registered", "登记时间"),
        width=17,
        note=pgettext_lazy(
            "client file column",
            "Compared only: a new client is registered at the moment of the import.",
        ),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
# A file the import can read names at least these.
REQUIRED = ("name", "phone", "owner")


def column_header(key: str) -> str:
    """The header of a column in the active language ('' for no column)."""
    column = BY_KEY.get(key)
    return str(column.header) if column else ""


def columns_of_header(header_row) -> list[Column | None]:
    """Which column each header cell names (None: not one the import reads)."""
    known = {_key(word): column for column in COLUMNS for word in column.headers()}
    columns = []
    for cell in header_row:
        column = known.get(_key(cell_text(cell))) if cell not in (None, "") else None
        columns.append(column if column and column.use != Use.IGNORED else None)
    return columns
