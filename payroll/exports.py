"""R-PAY-9: the month's workbook for HR, streamed with openpyxl in write-only mode.

Sheets 汇总 (one row per person and a last 合计 row), 明细 (every line with its reason),
罚款 (fines) and 提成 (commissions and overrides). Money cells are numbers with a CNY
format, the header row is frozen and filtered. Headers follow the active language.
"""

from collections.abc import Callable, Iterator

from django.utils import translation
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from outreach import xlsx

from .calc import Kind
from .models import PayrollRun, Payslip, PayslipLine
from .reasons import KIND_LABELS, line_reason

# (header, Payslip attribute, is money)
SUMMARY_COLUMNS = [
    ("工号", "employee_no", False),
    ("姓名", "name", False),
    ("小组", "group_code", False),
    ("应出勤天数", "scheduled_days", False),
    ("实出勤天数", "worked_days", False),
    ("固定工资", "fixed", True),
    ("绩效工资", "performance", True),
    ("奖金", "bonuses", True),
    ("提成", "commission", True),
    ("提成扣回", "clawback_applied", True),
    ("团队奖励", "awards", True),
    ("应发合计", "gross", True),
    ("报销", "reimbursements", True),
    ("考核奖金", "appraisal_bonuses", True),
    ("调整", "adjustments", True),
    ("罚款", "fines", True),
    ("实扣罚款", "fines_applied", True),
    ("暂缓扣款", "held_back", True),
    ("实发工资", "net", True),
    ("银行账号", "bank_account", False),
]
# The English headers, used when the exporting user reads English.
ENGLISH = {
    "工号": "Employee no.",
    "姓名": "Name",
    "小组": "Group",
    "应出勤天数": "Scheduled days",
    "实出勤天数": "Days worked",
    "固定工资": "Fixed pay",
    "绩效工资": "Performance pay",
    "奖金": "Bonuses",
    "提成": "Commission",
    "提成扣回": "Clawback applied",
    "团队奖励": "Team awards",
    "应发合计": "Gross pay",
    "报销": "Reimbursements",
    "考核奖金": "Appraisal bonus",
    "调整": "Adjustments",
    "罚款": "Fines",
    "实扣罚款": "Fines deducted",
    "暂缓扣款": "Held back",
    "实发工资": "Net pay",
    "银行账号": "Bank account",
    "合计": "Total",
    "项目": "Item",
    "金额": "Amount",
    "说明": "Reason",
}
DETAIL_WIDTHS = [10, 12, 8, 16, 12, 90]
DAY_COLUMNS = ("scheduled_days", "worked_days")


def _t(text: str, lang: str) -> str:
    return ENGLISH.get(text, text) if lang == "en" else text


def _summary(wb: Workbook, run: PayrollRun, lang: str, tick: Callable[[], None]) -> None:
    ws = wb.create_sheet("汇总")  # sheet names are the spec's, in every language
    count = run.payslips.count()
    last_col = get_column_letter(len(SUMMARY_COLUMNS))
    ws.auto_filter.ref = f"A1:{last_col}{count + 1}"
    xlsx.header(
        ws,
        [_t(h, lang) for h, _a, _m in SUMMARY_COLUMNS],
        [14 if m else 10 for _h, _a, m in SUMMARY_COLUMNS][:-1] + [24],
    )
    summed = [attr for _h, attr, money in SUMMARY_COLUMNS if money or attr in DAY_COLUMNS]
    totals = dict.fromkeys(summed, 0)
    money_cell = xlsx.money_cells(ws)
    for slip in run.payslips.order_by("employee_no").iterator(chunk_size=2000):
        row = []
        for _h, attr, money in SUMMARY_COLUMNS:
            value = getattr(slip, attr)
            if attr in totals:
                totals[attr] += value
            row.append(money_cell(value) if money else value)
        xlsx.append(ws, row)
        tick()
    total_row = [_t("合计", lang)]
    for _h, attr, money in SUMMARY_COLUMNS[1:]:
        value = totals.get(attr)
        total_row.append(money_cell(value) if money else value)
    xlsx.append(ws, total_row)


def _lines(run: PayrollRun) -> Iterator[tuple]:
    """The run's lines as plain tuples streamed from the database (no model instance
    per line), in payslip and line order."""
    return (
        PayslipLine.objects.filter(payslip__run=run)
        .order_by("payslip__employee_no", "position")
        .values_list(
            "payslip__employee_no",
            "payslip__name",
            "payslip__group_code",
            "kind",
            "amount",
            "params",
            "source_id",
        )
        .iterator(chunk_size=5000)
    )


# (sheet, the line kinds it lists; None: every line)
DETAIL_SHEETS = [
    ("明细", None),
    ("罚款", (Kind.FINE, Kind.HELD_BACK)),
    ("提成", (Kind.COMMISSION, Kind.OVERRIDE, Kind.CLAWBACK)),
]


def _details(wb: Workbook, run: PayrollRun, lang: str) -> None:
    """The three line sheets in one pass over the lines: each line's reason is formatted
    once, and no per-kind query is left to the planner (right after a calculation the
    table's statistics are stale, and a kind-filtered plan took 15 s at 10,000 people)."""
    headers = [_t(h, lang) for h in ("工号", "姓名", "小组", "项目", "金额", "说明")]
    sheets = []
    for title, kinds in DETAIL_SHEETS:
        ws = wb.create_sheet(title)
        xlsx.header(ws, headers, DETAIL_WIDTHS)
        sheets.append((ws, kinds, xlsx.money_cells(ws)))
    rows = [0] * len(sheets)
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}
    for employee_no, name, group_code, kind, amount, params, source_id in _lines(run):
        reason = line_reason(kind, amount, params, source_id)
        for index, (ws, kinds, money_cell) in enumerate(sheets):
            if kinds is None or kind in kinds:
                xlsx.append(
                    ws, [employee_no, name, group_code, labels[kind], money_cell(amount), reason]
                )
                rows[index] += 1
    for (ws, _kinds, _m), count in zip(sheets, rows, strict=True):
        ws.auto_filter.ref = f"A1:F{count + 1}"


def payroll_workbook(
    run: PayrollRun, out, lang: str = "zh-hans", progress: Callable[[int, int], None] | None = None
) -> None:
    """Write the run's workbook to `out` (a path or a binary file)."""
    total = max(1, Payslip.objects.filter(run=run).count())
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and done % 500 == 0:
            progress(done, total)

    wb = xlsx.workbook()
    with translation.override(lang):
        _summary(wb, run, lang, tick)
        _details(wb, run, lang)
    wb.save(out)
    if progress:
        progress(total, total)


def export_filename(run: PayrollRun) -> str:
    return f"payroll-{run.month:%Y-%m}.xlsx"
