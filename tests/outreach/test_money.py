"""Issue 18 point 6: money reads as money, ¥29,786.93, on pages and in workbooks alike."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from outreach import xlsx
from outreach.models import WageKind, WageScheme
from outreach.money import money_round, money_text

RAW = Decimal("29786.9300000000")


def test_first_use_money_reads_with_the_yuan_sign_separators_and_two_decimals():
    assert money_text(RAW) == "¥29,786.93"
    assert money_text(Decimal("1200")) == "¥1,200.00"
    assert money_text(Decimal("-1200.5")) == "-¥1,200.50"
    assert money_text(Decimal("12.5"), symbol=False) == "12.50"
    assert money_text(None) == ""


def test_first_use_money_rounds_half_up_to_the_cent():
    assert money_round(Decimal("0.005")) == Decimal("0.01")
    assert money_round(Decimal("2.675")) == Decimal("2.68")  # half-even would give 2.67
    assert money_round(Decimal("-0.005")) == Decimal("-0.01")


def test_first_use_the_money_filter_renders_a_raw_decimal_as_money():
    template = Template(
        "{% load outreach_tags %}{{ a|money }} {{ b|money }} {{ c|default:0|money }}"
    )
    assert template.render(Context({"a": RAW, "b": None, "c": None})) == "¥29,786.93 — ¥0.00"


@pytest.mark.django_db
def test_first_use_a_page_shows_a_stored_amount_as_money(client, org):
    person = org["canvasser1"]
    WageScheme.objects.create(
        staff=person, kind=WageKind.MONTHLY, amount=RAW, effective_from=date(2026, 1, 1)
    )
    client.force_login(org["hr"].user)
    page = client.get(reverse("staff-detail", args=[person.pk])).content.decode()
    assert "¥29,786.93" in page
    assert "29786.93" not in page


def test_first_use_a_workbook_keeps_money_a_number_in_the_cny_format():
    book = xlsx.workbook()
    sheet = book.create_sheet("m")
    money = xlsx.money_cells(sheet)
    xlsx.append(sheet, [money(Decimal("29786.935")), money(None)])
    cell, empty = load_workbook(BytesIO(xlsx.workbook_bytes(book))).active[1]
    assert cell.data_type == "n"
    assert Decimal(str(cell.value)) == Decimal("29786.94")
    assert "#,##0.00" in cell.number_format
    assert empty.value is None


# The CNY fields of the models (DecimalField, two decimals); a template prints any of them
# (or the amounts computed from them below) only through the money filter.
MONEY_FIELDS = {
    "amount", "leader_amount", "adjusted_amount", "adjusted_leader_amount",
    "escalated_amount", "person_amount", "price", "planned", "actual", "wage", "fixed",
    "performance", "bonuses", "commission", "clawback_applied", "clawback_carry_out",
    "awards", "gross", "reimbursements", "appraisal_bonuses", "adjustments", "fines",
    "fines_applied", "held_back", "net", "monthly_minimum_wage", "bonus_base",
    "default_bonus_base", "bonus", "conversion_bonus", "visit_bonus", "commission_per_unit",
    "override_per_unit", "award_conversions", "award_visits", "award_deals",
}  # fmt: skip
COMPUTED = {"person_due", "leader_due", "variance", "total_gross", "total_net",
            "cost_per_attendee", "joint"}  # fmt: skip
# name clashes that are not money: an appraisal indicator's measured value
NOT_MONEY = {("appraisals/detail.html", "s.actual"),
             ("appraisals/evaluate.html", "s.actual")}  # fmt: skip


def test_first_use_the_money_field_list_matches_the_models():
    decimals = {
        f.name
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.DecimalField) and f.decimal_places >= 2
    }
    assert MONEY_FIELDS <= decimals


def test_first_use_no_template_prints_money_without_the_filter():
    root = Path(settings.BASE_DIR) / "templates"
    variable = re.compile(r"\{\{\s*([\w.]+)\s*((?:\|[^}]*)?)\}\}")
    raw = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for expr, filters in variable.findall(line):
                last = expr.split(".")[-1]
                if last not in MONEY_FIELDS | COMPUTED or "form" in expr.split(".")[0]:
                    continue
                if (name, expr) in NOT_MONEY or "|money" in filters:
                    continue
                raw.append(f"{name}:{number} {{{{ {expr}{filters} }}}}")
    assert raw == []
