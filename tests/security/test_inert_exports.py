"""Issue 17, finding 5: no export writes a live formula.

Text that a spreadsheet would read as a formula (OWASP CSV injection: "=", "+", "-", "@",
tab, carriage return first) goes through every export — client list, attendance
summary, payroll workbook, appraisal results — and the workbook read back with openpyxl
holds it as a plain string cell with the original text, and no formula cell anywhere.
"""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from appraisals.exports import appraisal_workbook
from appraisals.rollup import appraisal_rollup
from attendance.services import check_in
from outreach import xlsx
from payroll import services as payroll_services
from payroll.calc import DayCounts
from payroll.exports import payroll_workbook
from tests.factories import WageSchemeFactory
from tests.factories.attendance import at, rostered
from tests.factories.clients import register
from tests.payroll.test_runs import MONTH, worked_days

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|'/c calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def _cells(content) -> list:
    book = load_workbook(BytesIO(content) if isinstance(content, bytes) else content)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert(content, texts) -> None:
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = {c.value: c for c in cells if c.value in texts}
    assert set(found) == set(texts)  # every text is there, unchanged
    assert all(c.data_type == "s" for c in found.values())
    assert all(c.quotePrefix for c in found.values())


def _name(person, text: str) -> None:
    person.name = text
    person.save(update_fields=["name"])


@pytest.mark.parametrize("formula", FORMULAS)
def test_hardening_formula_injection_client_export(client, org, formula):
    register(org["canvasser1"], "13300000001", now=timezone.now(), name=formula)
    register(org["canvasser1"], "13300000002", now=timezone.now(), name="甲", company_name=formula)
    client.force_login(org["manager"].user)
    response = client.get(reverse("client-export"))
    assert response.status_code == 200
    _assert_inert(
        b"".join(response.streaming_content) if response.streaming else response.content, {formula}
    )


@pytest.mark.parametrize("formula", FORMULAS)
def test_hardening_formula_injection_attendance_summary(client, org, formula):
    day = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    _name(org["canvasser1"], formula)
    rostered(org["canvasser1"], day)
    check_in(staff=org["canvasser1"], device_id="d", at=at(day, 9, 30))
    client.force_login(org["hr"].user)
    response = client.get(reverse("attendance-summary-xlsx") + f"?month={day:%Y-%m}")
    assert response.status_code == 200
    _assert_inert(response.content, {formula})


@pytest.mark.parametrize("formula", FORMULAS)
def test_hardening_formula_injection_payroll_workbook(org, formula, tmp_path):
    _name(org["canvasser1"], formula)
    WageSchemeFactory(staff=org["canvasser1"], amount=Decimal("60.00"))
    run = payroll_services.payroll_run_calculate(
        month=MONTH, gather=worked_days(DayCounts(scheduled=22, worked=21, absent=1))
    )
    out = tmp_path / "payroll.xlsx"
    payroll_workbook(run, str(out))
    _assert_inert(str(out), {formula})
    # money stays an exact number, not text
    summary = load_workbook(out)["汇总"]
    assert [row[-2] for row in summary.iter_rows(min_row=2, values_only=True)] == [1260, 1260]


@pytest.mark.parametrize("formula", FORMULAS)
def test_hardening_formula_injection_appraisal_export(org, formula):
    _name(org["canvasser1"], formula)
    cycle = appraisal_rollup(label="2026Q3").cycle
    _assert_inert(appraisal_workbook(cycle), {formula})


def test_hardening_the_writer_keeps_numbers_and_money_exact():
    book = xlsx.workbook()
    sheet = book.create_sheet("x")
    money = xlsx.money_cells(sheet)
    xlsx.append(sheet, [-5, Decimal("-12.34"), money(Decimal("1234.56")), date(2026, 3, 2), "a-b"])
    row = next(load_workbook(BytesIO(xlsx.workbook_bytes(book))).active.iter_rows())
    assert [c.value for c in row[:3]] == [-5, -12.34, 1234.56]
    assert [c.data_type for c in row[:3]] == ["n", "n", "n"]
    assert "¥" in row[2].number_format
    assert row[3].value.date() == date(2026, 3, 2)
    assert (row[4].value, row[4].data_type, row[4].quotePrefix) == ("a-b", "s", False)


def test_hardening_the_writer_drops_control_characters_instead_of_failing():
    book = xlsx.workbook()
    xlsx.append(book.create_sheet("x"), ["a\x01b\x1f", "=\x00x"])
    row = next(load_workbook(BytesIO(xlsx.workbook_bytes(book))).active.iter_rows())
    assert [c.value for c in row] == ["ab", "=x"]
    assert row[1].data_type == "s"


def test_hardening_openpyxl_alone_would_write_a_formula():
    """Why the writer exists: a plain append turns the text into a live formula."""
    book = Workbook(write_only=True)
    book.create_sheet("x").append([FORMULAS[0]])
    out = BytesIO()
    book.save(out)
    assert _cells(out.getvalue())[0].data_type == "f"
