"""R-PLAN-6: a review as an .xlsx workbook through the shared inert writer
(`outreach.xlsx`: text that looks like a formula stays text; numbers are numbers, money
in the CNY format). Sheets: funnel, costs, targets, best and weakest — each figure with
the previous quarter's beside it, narrowed to what the reader may see."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from outreach import xlsx

from .models import QuarterlyReview
from .presentation import review_tables


def _titles(tables: dict) -> tuple[str, str]:
    return tables["current_label"], tables["previous_label"]


def _funnel_sheet(book, tables: dict) -> None:
    sheet = book.create_sheet(_("Funnel"))
    cur, prev = _titles(tables)
    headers = [_("Breakdown"), _("Item")]
    for stage in (
        _("Leads"),
        _("Valid visits"),
        _("Deals"),
        _("Units"),
        _("Valid visits per lead"),
    ):
        headers += [f"{stage} {cur}", f"{stage} {prev}"]
    xlsx.header(sheet, headers, [14, 20])
    for table in tables["funnel"]:
        for row in table.rows:
            values = [table.title, row.label]
            for stage in ("leads", "valid_visits", "deals", "units", "visits_per_lead"):
                values += [row.current[stage], row.previous[stage]]
            xlsx.append(sheet, values)


def _cost_sheet(book, tables: dict) -> None:
    sheet = book.create_sheet(_("Costs"))
    cur, prev = _titles(tables)
    xlsx.header(sheet, [_("Item"), cur, prev], [24, 16, 16])
    money = xlsx.money_cells(sheet)
    for row in tables["costs"]:
        xlsx.append(
            sheet,
            [
                row.label,
                None if row.current["amount"] is None else money(row.current["amount"]),
                None if row.previous["amount"] is None else money(row.previous["amount"]),
            ],
        )


def _target_sheet(book, tables: dict) -> None:
    sheet = book.create_sheet(_("Targets"))
    cur, prev = _titles(tables)
    met, with_target = _("Months met"), _("Months with a target")
    xlsx.header(
        sheet,
        [
            _("Kind"),
            _("Name"),
            f"{met} {cur}",
            f"{with_target} {cur}",
            f"{met} {prev}",
            f"{with_target} {prev}",
        ],
        [10, 20],
    )
    for kind, rows in (
        (_("Group"), tables["targets"]["groups"]),
        (_("Person"), tables["targets"]["people"]),
    ):
        for row in rows:
            xlsx.append(
                sheet,
                [
                    kind,
                    row.label,
                    row.current["met"],
                    row.current["months"],
                    row.previous["met"],
                    row.previous["months"],
                ],
            )


def _ranking_sheet(book, tables: dict) -> None:
    sheet = book.create_sheet(_("Best and weakest"))
    xlsx.header(
        sheet,
        [
            _("Quarter"),
            _("Kind"),
            _("Rank"),
            _("Name"),
            _("Leads"),
            _("Valid visits"),
            _("Deals"),
            _("New leads"),
            _("Attended"),
            _("Spent"),
        ],
        [10, 10, 10, 24],
    )
    money = xlsx.money_cells(sheet)
    for when in ("current", "previous"):
        label = tables["current_label"] if when == "current" else tables["previous_label"]
        ranking = tables["ranking"][when]
        for side, side_label in (("best", _("Best")), ("weakest", _("Weakest"))):
            for p in ranking["points"][side]:
                xlsx.append(
                    sheet,
                    [
                        label,
                        _("Point"),
                        side_label,
                        p["label"],
                        p["leads"],
                        p["valid_visits"],
                        p["deals"],
                        None,
                        None,
                        None,
                    ],
                )
            for e in ranking["events"][side]:
                xlsx.append(
                    sheet,
                    [
                        label,
                        _("Event"),
                        side_label,
                        e["theme"],
                        None,
                        None,
                        None,
                        e["new_leads"],
                        e["attended"],
                        money(Decimal(e["actual"])),
                    ],
                )


def review_workbook(review: QuarterlyReview, user: User) -> bytes:
    tables = review_tables(review, user)
    book = xlsx.workbook()
    _funnel_sheet(book, tables)
    _cost_sheet(book, tables)
    _target_sheet(book, tables)
    _ranking_sheet(book, tables)
    return xlsx.workbook_bytes(book)
