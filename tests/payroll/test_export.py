"""R-PAY-9: the workbook, read back with openpyxl."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from outreach.models import AccessLog
from payroll import services
from payroll.calc import DayCounts
from payroll.exports import SUMMARY_COLUMNS
from payroll.models import PayrollExport, PayrollRun
from tests.payroll.test_runs import MONTH, worked_days

pytestmark = pytest.mark.django_db

HEADERS = [h for h, _a, _m in SUMMARY_COLUMNS]


@pytest.fixture
def calculated_run(org):
    from tests.factories import WageSchemeFactory

    for who in ("canvasser1", "canvasser2", "canvasser3"):
        WageSchemeFactory(staff=org[who], amount=Decimal("60.00"))
    return services.payroll_run_calculate(
        month=MONTH, gather=worked_days(DayCounts(scheduled=22, worked=21, absent=1))
    )


def test_r_pay_9_workbook_has_the_sheets_columns_totals_and_formats(calculated_run, tmp_path):
    out = tmp_path / "payroll.xlsx"
    call_command("export_payroll", "2026-10", out=str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "明细", "罚款", "提成"]
    summary = wb["汇总"]
    assert [c.value for c in summary[1]] == HEADERS
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref.startswith("A1:")
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 + 1  # one row per person and the 合计 row
    assert rows[-1][0] == "合计"
    net = HEADERS.index("实发工资")
    assert [r[net] for r in rows[:-1]] == [1260, 1260, 1260]  # 60 × 21
    assert rows[-1][net] == sum(r[net] for r in rows[:-1]) == 3780
    money_cell = summary.cell(row=2, column=net + 1)
    assert isinstance(money_cell.value, (int, float))
    assert "¥" in money_cell.number_format
    detail = list(wb["明细"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 6  # fixed and performance pay for each of 3 people
    assert all(row[5] for row in detail)  # every line has its reason in words


def test_r_pay_9_the_workbook_holds_no_formula_anywhere(calculated_run, tmp_path):
    """Totals are computed numbers, and no text becomes a formula (issue 17)."""
    out = tmp_path / "payroll.xlsx"
    call_command("export_payroll", "2026-10", out=str(out))
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert cells
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


def test_r_pay_9_headers_follow_the_language(calculated_run, tmp_path):
    out = tmp_path / "payroll-en.xlsx"
    call_command("export_payroll", "2026-10", out=str(out), lang="en")
    headers = [c.value for c in load_workbook(out)["汇总"][1]]
    assert headers[0] == "Employee no."
    assert headers[-2] == "Net pay"


def test_r_pay_9_exporting_a_run_that_is_not_calculated_is_refused(org, tmp_path):
    PayrollRun.objects.create(month=date(2026, 9, 1))
    with pytest.raises(CommandError, match="未计算|not calculated"):
        call_command("export_payroll", "2026-09", out=str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_r_pay_9_hr_exports_in_the_background_and_downloads(
    client, calculated_run, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(org["hr"].user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payroll-run-export", args=[calculated_run.pk]))
    export = PayrollExport.objects.get()
    assert response.url == reverse("payroll-export", args=[export.pk])
    assert export.status == PayrollExport.Status.DONE
    assert export.progress == 100
    download = client.get(reverse("payroll-export-download", args=[export.pk]))
    assert download.status_code == 200
    assert 'filename="payroll-2026-10.xlsx"' in download["Content-Disposition"]
    assert AccessLog.objects.filter(user=org["hr"].user, action="export").exists()


def test_r_pay_9_a_duplicate_build_of_one_export_does_nothing(
    calculated_run, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        export = services.payroll_export_request(
            run=calculated_run, actor=org["hr"].user, language="zh-hans"
        )
    export.refresh_from_db()
    assert export.status == PayrollExport.Status.DONE
    assert services.payroll_export_build(export_id=export.pk) is None


def test_r_role_1_payslips_are_scoped(client, calculated_run, org):
    mine = calculated_run.payslips.get(staff=org["canvasser1"])
    other_group = calculated_run.payslips.get(staff=org["canvasser3"])
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("payslip-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("payslip-detail", args=[other_group.pk])).status_code == 404
    assert client.get(reverse("payroll-run", args=[calculated_run.pk])).status_code == 403
    client.force_login(org["leader1"].user)
    assert client.get(reverse("payslip-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("payslip-detail", args=[other_group.pk])).status_code == 404
    client.force_login(org["salesmgr"].user)
    assert client.get(reverse("payslip-detail", args=[mine.pk])).status_code == 404


def test_r_pay_8_payslip_shows_every_line_with_its_reason(client, calculated_run, org):
    mine = calculated_run.payslips.get(staff=org["canvasser1"])
    client.force_login(org["canvasser1"].user)
    body = client.get(reverse("payslip-detail", args=[mine.pk])).content.decode()
    assert "1,260.00" in body
    assert "日薪" in body or "daily rate" in body


def test_run_page_query_count_does_not_grow(
    client, calculated_run, org, django_assert_max_num_queries
):
    client.force_login(org["hr"].user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("payroll-run", args=[calculated_run.pk])).status_code == 200
