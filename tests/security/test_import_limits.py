"""Issue 17, finding 6: the client import checks what the database will check.

Every cell is held to its model field's limits (read from the model) and to the
registration form's rules in the dry run, reported by row and column; the confirm
refuses the same rows and saves nothing half-done (on PostgreSQL an oversized name was a
DataError, a 500). A workbook that inflates too far or holds too many cells is refused
before it is parsed.
"""

import re
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from clients import imports
from clients.imports import clients_import, clients_import_check, field_value_check
from clients.models import Client, Cooperation, Lead
from outreach import xlsx

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "电话", "负责人工号", "公司", "需求"]
LONG = "长" * 10_000


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(org, **cells):
    owner = org["canvasser1"].employee_no
    bad = {"name": "甲", "company": "", "need": "", **cells}
    return workbook(
        [
            [bad["name"], "13200000001", owner, bad["company"], bad["need"]],
            ["乙", "13200000002", owner, "公司", "两居"],
        ]
    )


@pytest.mark.parametrize(
    ("cells", "column"),
    [({"name": LONG}, "name"), ({"company": LONG}, "company_name"), ({"need": LONG}, "need")],
)
def test_hardening_import_an_oversized_cell_is_reported_in_the_dry_run(org, cells, column):
    result = clients_import_check(_rows(org, **cells))
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    limit = imports.MODEL_FIELDS[column].max_length
    assert str(limit) in result.errors[0].message
    assert [number for number, _o, _d in result.valid] == [3]


def test_hardening_import_a_name_of_format_characters_is_reported_in_the_dry_run(org):
    """Finding 10: a name of bidi overrides and zero-width spaces only is refused by
    lead_register at the confirm, so the dry run reports it on its row already."""
    result = clients_import_check(_rows(org, name="\u202e\u200b"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "name")]
    assert [number for number, _o, _d in result.valid] == [3]


def test_hardening_import_the_limit_is_the_model_fields(org):
    at_limit = "名" * Client._meta.get_field("name").max_length
    result = clients_import_check(_rows(org, name=at_limit))
    assert result.errors == []
    result = clients_import_check(_rows(org, name=at_limit + "名"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "name")]


def test_hardening_import_the_confirm_refuses_the_same_rows(org):
    content = _rows(org, name=LONG, company=LONG)
    result = clients_import(actor=None, content=content)
    assert result.imported == 0
    assert {(e.row, e.column) for e in result.errors} == {(2, "name"), (2, "company_name")}
    assert Lead.objects.count() == Client.objects.count() == 0
    result = clients_import(actor=None, content=content, only_valid=True)
    assert result.imported == 1
    assert list(Client.objects.values_list("name", flat=True)) == ["乙"]


def test_hardening_import_oversized_name_through_the_pages_is_no_500(client, org):
    """On PostgreSQL the confirm raised DataError before; now it is a message."""
    client.cookies["django_language"] = "en"  # messages matched in English
    client.force_login(org["manager"].user)
    upload = SimpleUploadedFile("clients.xlsx", _rows(org, name=LONG))
    preview = client.post(reverse("client-import"), {"file": upload})
    assert preview.status_code == 200
    assert "at most 50 characters" in preview.content.decode()
    confirm = client.post(reverse("client-import"), {"confirm": "1"})
    assert confirm.status_code == 200
    assert Lead.objects.count() == Client.objects.count() == 0


def test_hardening_import_a_refusal_by_the_service_at_confirm_names_its_row(org, monkeypatch):
    """A rule only the service knows refuses the row by number, and nothing is saved."""
    register = imports.lead_register

    def picky(*, actor, owner, data):
        if data.name == "乙":
            raise ValidationError({"name": "not this one"})
        return register(actor=actor, owner=owner, data=data)

    monkeypatch.setattr(imports, "lead_register", picky)
    result = clients_import(actor=None, content=_rows(org))
    assert result.imported == 0
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "name", "not this one")]
    assert Lead.objects.count() == Client.objects.count() == 0


def test_hardening_import_control_characters_never_reach_the_database():
    assert imports._text(" a\x00b\x1fc ") == "abc"
    assert imports._text(None) == ""
    assert imports._text(13200000001) == "13200000001"


@pytest.mark.parametrize(
    ("model", "name", "raw", "message"),
    [
        (Client, "potential", "-1", "greater than or equal to 0"),
        (Client, "potential", "many", "must be an integer"),
        (Cooperation, "price", "12345678901.00", "no more than 12 digits"),
        (Cooperation, "price", "1.005", "no more than 2 decimal places"),
        (Client, "birthday", "2026-02-30", "invalid date"),
        (Client, "birthday", "9999-12-31", "between 1900-01-01 and 2100-12-31"),
        (Client, "birthday", "1066-10-14", "between"),
    ],
)
def test_hardening_import_numbers_and_dates_are_held_to_the_model(model, name, raw, message):
    with pytest.raises(ValidationError, match=message):
        field_value_check(model._meta.get_field(name), raw)


def test_hardening_import_numbers_beyond_the_database_column_are_refused():
    """PostgreSQL's smallint ends at 32767 (Django's validator for it); SQLite has none."""
    if connection.vendor != "postgresql":
        pytest.skip("integer column ranges are the database's")
    with pytest.raises(ValidationError, match="less than or equal to 32767"):
        field_value_check(Client._meta.get_field("potential"), "99999999999")


def test_hardening_import_good_numbers_and_dates_pass():
    field_value_check(Client._meta.get_field("potential"), "5")
    field_value_check(Cooperation._meta.get_field("price"), "1234.50")
    field_value_check(Client._meta.get_field("birthday"), "1990-05-01")
    field_value_check(Client._meta.get_field("birthday"), "")


def _inflating(size: int) -> bytes:
    """A small workbook that unpacks big: one cell of highly compressible text a row."""
    return workbook([["甲", "13200000001", "E0001", "", "A" * 30_000] for _ in range(size)])


def test_hardening_import_a_workbook_that_inflates_is_refused_before_parsing(
    org, settings, monkeypatch
):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    content = _inflating(60)  # ~1.8 MB unpacked
    assert len(content) < 100_000

    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(xlsx, "load_workbook", never)
    with pytest.raises(ValidationError, match="unpacks to 1.7 MB; at most 1.0 MB"):
        clients_import_check(content)


def test_hardening_import_an_inflating_upload_gets_a_message(client, org, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    client.cookies["django_language"] = "en"  # messages matched in English
    client.force_login(org["manager"].user)
    upload = SimpleUploadedFile("clients.xlsx", _inflating(60))
    response = client.post(reverse("client-import"), {"file": upload})
    assert response.status_code == 200
    assert "unpacks to" in response.content.decode()
    assert "client_import" not in client.session


def test_hardening_import_too_many_cells_is_refused(org, settings):
    settings.IMPORT_MAX_CELLS = 50
    content = workbook([["甲", f"132000000{i:02d}", "E0001", "", ""] for i in range(20)])
    with pytest.raises(ValidationError, match="more than 50 cells"):
        clients_import_check(content)


def test_hardening_import_cells_are_counted_even_when_the_sheet_hides_its_size(org, settings):
    """A sheet need not declare its size: then the cells are counted as they are read."""
    settings.IMPORT_MAX_CELLS = 50
    content = workbook([["甲", f"132000000{i:02d}", "E0001", "", ""] for i in range(20)])
    source, out = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data, found = re.subn(rb'<dimension ref="[^"]*"\s*/>', b"", data)
                assert found == 1
            target.writestr(item, data)
    with pytest.raises(ValidationError, match="more than 50 cells"):
        clients_import_check(out.getvalue())


def test_hardening_import_a_file_that_is_not_a_zip_is_refused(org):
    with pytest.raises(ValidationError, match="not a readable"):
        clients_import_check(b"PK\x03\x04 but not really")
