"""R-PLAN-6 funnel: leads → valid visits → deals, in total, per month, and per group,
lead kind, source channel and point (the lead's). Three queries."""

from collections import defaultdict
from datetime import date

from clients.selectors import funnel_deals, funnel_leads, funnel_valid_visits

from .numbers import ratio

# dimension name → (the key column, the label column or None when the key is a code)
DIMENSIONS = {
    "group": ("group_id", "group_name"),
    "kind": ("kind", None),
    "source": ("source", None),
    "point": ("point_id", "point_name"),
}
STAGES = ("leads", "valid_visits", "deals", "units")


def _blank() -> dict:
    return dict.fromkeys(STAGES, 0)


def funnel_facts(first: date, end: date) -> dict:
    """The three fact lists of [first, end) (also read by the targets)."""
    return {
        "leads": funnel_leads(first, end),
        "valid_visits": funnel_valid_visits(first, end),
        "deals": funnel_deals(first, end),
    }


def funnel_figures(facts: dict, months: list[date]) -> dict:
    total = _blank()
    by_month = {m: _blank() for m in months}
    by_dim: dict[str, dict] = {name: {} for name in DIMENSIONS}
    labels: dict[str, dict] = defaultdict(dict)

    def add(row: dict, stage: str, amount: int) -> None:
        total[stage] += amount
        by_month.setdefault(row["month"], _blank())[stage] += amount
        for name, (key_col, label_col) in DIMENSIONS.items():
            key = "" if row[key_col] is None else str(row[key_col])
            by_dim[name].setdefault(key, _blank())[stage] += amount
            if label_col:
                labels[name][key] = row[label_col] or ""

    for row in facts["leads"]:
        add(row, "leads", row["n"])
    for row in facts["valid_visits"]:
        add(row, "valid_visits", 1)
    for row in facts["deals"]:
        add(row, "deals", row["n"])
        add(row, "units", row["units"])
    return {
        "total": total,
        "months": [{"month": m.isoformat(), **by_month[m]} for m in sorted(by_month)],
        **{
            name: sorted(
                (
                    {
                        "key": key,
                        "label": labels[name].get(key, ""),
                        **counts,
                        "visits_per_lead": ratio(counts["valid_visits"], counts["leads"]),
                    }
                    for key, counts in rows.items()
                ),
                key=lambda r: (r["label"] or r["key"], r["key"]),
            )
            for name, rows in by_dim.items()
        },
    }
