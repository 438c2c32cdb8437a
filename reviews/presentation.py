"""R-PLAN-6: a review's snapshot as the tables the pages and the workbook show — each
row with the quarter's figure and the previous quarter's beside it — narrowed to what
the reader may see (per-person target rows, `selectors.target_people_visible`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from clients.vocabulary import LeadKind, SourceChannel

from .models import QuarterlyReview
from .selectors import target_people_visible

STAGES = ("leads", "valid_visits", "deals", "units", "visits_per_lead")


@dataclass
class Row:
    label: str
    current: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _label(dimension: str, key: str, label: str) -> str:
    if dimension == "kind":
        return str(LeadKind(key).label) if key in LeadKind.values else key
    if dimension == "source":
        return str(SourceChannel(key).label) if key in SourceChannel.values else key
    if not key:
        return _("No group") if dimension == "group" else _("No point")
    return label or key


def _counts(row: dict | None) -> dict:
    row = row or {}
    counts = {stage: row.get(stage, 0) for stage in STAGES[:4]}
    counts["visits_per_lead"] = _dec(row.get("visits_per_lead"))
    return counts


def _beside(dimension: str, current: list[dict], previous: list[dict]) -> list[Row]:
    cur = {r["key"]: r for r in current}
    prev = {r["key"]: r for r in previous}
    rows = []
    for key in list(cur) + [k for k in prev if k not in cur]:
        source = cur.get(key) or prev[key]
        rows.append(
            Row(
                _label(dimension, key, source.get("label", "")),
                _counts(cur.get(key)),
                _counts(prev.get(key)),
            )
        )
    return rows


def funnel_tables(figures: dict) -> list[Table]:
    cur, prev = figures["current"]["funnel"], figures["previous"]["funnel"]
    total = Table(
        "total", _("Total"), [Row(_("All leads"), _counts(cur["total"]), _counts(prev["total"]))]
    )
    return [
        total,
        Table("group", _("By group"), _beside("group", cur["group"], prev["group"])),
        Table("kind", _("By lead kind"), _beside("kind", cur["kind"], prev["kind"])),
        Table("source", _("By source channel"), _beside("source", cur["source"], prev["source"])),
        Table("point", _("By point"), _beside("point", cur["point"], prev["point"])),
    ]


COSTS = (
    ("events", "Event budgets actually spent"),
    ("claims", "Approved expense claims"),
    ("commissions", "Commissions paid"),
    ("total", "Total cost"),
    ("per_lead", "Cost per lead"),
    ("per_deal", "Cost per deal"),
)


def cost_rows(figures: dict) -> list[Row]:
    cur, prev = figures["current"]["costs"], figures["previous"]["costs"]
    labels = {
        "events": _("Event budgets actually spent"),
        "claims": _("Approved expense claims"),
        "commissions": _("Commissions paid"),
        "total": _("Total cost"),
        "per_lead": _("Cost per lead"),
        "per_deal": _("Cost per deal"),
    }
    return [
        Row(labels[key], {"amount": _dec(cur.get(key))}, {"amount": _dec(prev.get(key))})
        for key, _english in COSTS
    ]


def _target_beside(current: list[dict], previous: list[dict], key: str) -> list[Row]:
    cur = {r[key]: r for r in current}
    prev = {r[key]: r for r in previous}
    rows = []
    for k in list(cur) + [k for k in prev if k not in cur]:
        source = cur.get(k) or prev[k]
        label = source["name"]
        if source.get("employee_no"):
            label = f"{source['employee_no']} {label}"
        rows.append(
            Row(
                label,
                {**(cur.get(k) or {"months": 0, "met": 0})},
                {**(prev.get(k) or {"months": 0, "met": 0})},
            )
        )
    return rows


def target_tables(figures: dict, user: User) -> dict:
    cur, prev = figures["current"]["targets"], figures["previous"]["targets"]
    return {
        "people": _target_beside(
            target_people_visible(user=user, people=cur["people"]),
            target_people_visible(user=user, people=prev["people"]),
            "staff_id",
        ),
        "groups": _target_beside(cur["groups"], prev["groups"], "group_id"),
    }


def review_tables(review: QuarterlyReview, user: User) -> dict:
    figures = review.figures
    return {
        "current_label": figures["current"]["label"],
        "previous_label": figures["previous"]["label"],
        "months": figures["current"]["funnel"]["months"],
        "previous_months": figures["previous"]["funnel"]["months"],
        "funnel": funnel_tables(figures),
        "costs": cost_rows(figures),
        "not_locked": figures["current"]["costs"]["months_not_locked"],
        "targets": target_tables(figures, user),
        "ranking": {
            "current": figures["current"]["ranking"],
            "previous": figures["previous"]["ranking"],
        },
    }
