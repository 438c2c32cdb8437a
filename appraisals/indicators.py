"""R-APR-2/3: where each measured indicator's value comes from.

SOURCES maps an indicator code to a function (period_start, period_end, staff_ids) →
{staff_id: Decimal}, each a fixed number of set-based queries whatever the number of
people. A source answers for every person it measures (0 when nothing happened); a
person missing from the answer has no value for that indicator, and the indicator is
left out of their score (its weight goes to the others of its dimension).

The results, client-relations and teamwork sources read clients, campaigns and payroll
targets through their selectors (see `sources.py`, which says how each one is defined);
the personal-growth ones read training. `unavailable` remains for an indicator an
administrator adds to a template without a source: it answers no values, not zeros.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from training.selectors import training_hours_by_person, training_score_by_person

from .sources import (
    complaints_on_time_by_person,
    deal_amount_by_person,
    deal_units_by_person,
    event_attendees_by_person,
    event_new_leads_by_person,
    events_organised_by_person,
    group_target_share_by_person,
    new_clients_by_person,
    repeat_deals_by_person,
    satisfaction_by_person,
    valid_visits_by_person,
)

Source = Callable[[date, date, Iterable[int]], dict[int, Decimal]]


def unavailable(period_start: date, period_end: date, staff_ids: Iterable[int]) -> dict:
    """No source for this indicator: no values (its weight goes to the others)."""
    return {}


SOURCES: dict[str, Source] = {
    # results (clients, campaigns)
    "new_clients": new_clients_by_person,  # leads registered by the person in the period
    "valid_visits": valid_visits_by_person,  # valid visits credited (R-PAY-CALC)
    "deal_units": deal_units_by_person,  # units of deals credited, by accrual date
    "deal_amount": deal_amount_by_person,  # amount of those deals
    "events_organised": events_organised_by_person,  # events owned and held
    "event_attendees": event_attendees_by_person,  # their guests checked in
    "event_new_leads": event_new_leads_by_person,  # their new leads
    # client relations (clients)
    "satisfaction": satisfaction_by_person,  # average survey score (1–5) of their clients
    "complaints_on_time": complaints_on_time_by_person,  # % answered within the deadline
    "repeat_deals": repeat_deals_by_person,  # deals by clients with an earlier deal
    # teamwork: the leader's rating is rated in the evaluation form, not measured
    "group_target_share": group_target_share_by_person,  # % of the group's targets met
    # personal growth (training, R-TRN-1)
    "training_hours": training_hours_by_person,
    "training_score": training_score_by_person,
}


def measure(code: str, period_start: date, period_end: date, staff_ids: list[int]) -> dict:
    return SOURCES.get(code, unavailable)(period_start, period_end, staff_ids)
