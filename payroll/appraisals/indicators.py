"""R-APR-2/3: where each measured indicator's value comes from.

SOURCES maps an indicator code to a function (period_start, period_end, staff_ids) →
{staff_id: Decimal}, each a fixed number of set-based queries whatever the number of
people. A source answers for every person it measures (0 when nothing happened); a
person missing from the answer has no value for that indicator, and the indicator is
left out of their score (its weight goes to the others of its dimension).

Sources that read the clients, attendance and campaigns apps are registered here as
`unavailable` until those apps are merged; they return no values rather than invented
ones. Wire them by replacing the entry with a function over that app's selectors.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from training.selectors import training_hours_by_person, training_score_by_person

Source = Callable[[date, date, Iterable[int]], dict[int, Decimal]]


def unavailable(period_start: date, period_end: date, staff_ids: Iterable[int]) -> dict:
    """Not wired yet: the facts live in an app not on this branch."""
    return {}


SOURCES: dict[str, Source] = {
    # results (clients, campaigns)
    "new_clients": unavailable,  # leads registered by the person in the period
    "valid_visits": unavailable,  # valid visits credited (R-PAY-CALC)
    "deal_units": unavailable,  # units of deals credited, by accrual date
    "deal_amount": unavailable,  # amount of those deals
    "event_results": unavailable,  # measured results of events the person organised
    # client relations (clients)
    "satisfaction": unavailable,  # average satisfaction (1–5) of the person's clients
    "complaints_on_time": unavailable,  # % of complaints answered within the deadline
    "repeat_deals": unavailable,  # deals by clients with an earlier deal
    # teamwork: the leader's rating is rated in the evaluation form, not measured;
    # the share of the group's target met needs actuals from clients against
    # payroll.models.Target of the person's group.
    "group_target_share": unavailable,
    # personal growth (training, R-TRN-1)
    "training_hours": training_hours_by_person,
    "training_score": training_score_by_person,
}


def measure(code: str, period_start: date, period_end: date, staff_ids: list[int]) -> dict:
    return SOURCES.get(code, unavailable)(period_start, period_end, staff_ids)
