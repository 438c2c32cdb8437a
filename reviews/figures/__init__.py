"""R-PLAN-6: every figure of a quarter's review, for the quarter and the previous one,
as a JSON-ready snapshot (money and ratios as strings of Decimals).

Read through the owning apps' selectors only; a fixed number of queries whatever the
number of people, groups, points, leads or campaigns (asserted in the tests)."""

from datetime import date

from django.utils import timezone

from campaigns.selectors import events_between

from .costs import cost_figures
from .funnel import funnel_facts, funnel_figures
from .periods import quarter_label, quarter_months, quarter_next, quarter_previous
from .ranking import event_ranking, point_ranking
from .targets import target_figures

SNAPSHOT_VERSION = 1


def period_figures(first: date) -> dict:
    """One quarter's figures (about ten queries)."""
    end = quarter_next(first)
    months = quarter_months(first)
    facts = funnel_facts(first, end)
    funnel = funnel_figures(facts, months)
    events = events_between(first, end)
    return {
        "quarter": first.isoformat(),
        "label": quarter_label(first),
        "funnel": funnel,
        "costs": cost_figures(first, end, months, events, funnel),
        "targets": target_figures(first, end, months, facts["valid_visits"]),
        "ranking": {"points": point_ranking(funnel["point"]), "events": event_ranking(events)},
    }


def review_figures(first: date) -> dict:
    """The quarter's figures with the previous quarter's beside them."""
    return {
        "version": SNAPSHOT_VERSION,
        "computed_at": timezone.now().isoformat(),
        "current": period_figures(first),
        "previous": period_figures(quarter_previous(first)),
    }
