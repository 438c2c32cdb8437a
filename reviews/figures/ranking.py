"""R-PLAN-6 best and weakest points and events.

- points (the lead's point): among points with at least one lead in the quarter, by
  deals signed, then valid visits per lead (higher is better), then leads;
- events: among the campaigns held in the quarter (finished or reviewed), by new leads,
  then guests checked in, then the lower actual spend.

The best are the top of the ranking, the weakest its bottom, never the same row: with
n ranked, the best are the first min(3, ⌈n/2⌉) and the weakest up to 3 of the rest.
"""

from decimal import Decimal

from .numbers import money, per


def _split(ranked: list[dict]) -> dict:
    best_count = min(3, (len(ranked) + 1) // 2)
    rest = ranked[best_count:]
    return {"best": ranked[:best_count], "weakest": list(reversed(rest[-3:]))}


def point_ranking(points: list[dict]) -> dict:
    ranked = sorted(
        (p for p in points if p["key"] and p["leads"]),
        key=lambda p: (
            -p["deals"],
            -Decimal(p["visits_per_lead"] or 0),
            -p["leads"],
            p["label"],
        ),
    )
    return _split(ranked)


def event_ranking(events: list[dict]) -> dict:
    held = [
        {
            "id": e["id"],
            "theme": e["theme"],
            "starts_on": e["starts_at"].date().isoformat(),
            "new_leads": e["new_leads"],
            "attended": e["attended"],
            "actual": money(e["actual"]),
            "per_new_lead": per(e["actual"], e["new_leads"]),
        }
        for e in events
        if e["held"]
    ]
    ranked = sorted(
        held,
        key=lambda e: (-e["new_leads"], -e["attended"], Decimal(e["actual"]), e["theme"], e["id"]),
    )
    return _split(ranked)
