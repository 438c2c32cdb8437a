"""R-APR-2: the measured indicators read from clients, campaigns and payroll targets.

Payroll imports appraisals (for the bonus), never the other way round, so the two pay
facts the roll-up needs — when the pay policy accrues a deal, and the groups' targets —
are lent by payroll at start-up through `pay_facts_register` (PayrollConfig.ready).

Every source is (period_start, period_end inclusive, staff_ids) → {staff_id: Decimal}
and costs a fixed number of set-based queries whatever the number of people: it reads
the period's facts for everyone (they are bounded by the period, not by the people) and
keeps those asked for, which spares a 10,000-id IN list.

Facts several indicators share (valid visits, accruing deals, held events, group
memberships) are read once per roll-up: `facts_shared()` opens a memo the roll-up holds
for its duration; outside it every call reads afresh.

Volume sources answer 0 for someone with nothing in the period; averages and shares
(satisfaction, complaints in time, group target share) leave out whoever has nothing to
average, so that indicator's weight goes to the others of its dimension.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from campaigns.selectors import event_results_by_owner
from clients.selectors import (
    complaints_on_time_by_owner,
    deals_accruing_with_repeat,
    leads_registered_by_person,
    satisfaction_by_owner,
    valid_visits,
)
from outreach.dates import month_start, next_month_start
from outreach.models import GroupMembership

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

# R-PAY-CALC / R-PAY-3 facts payroll lends (see the module's docstring):
# "commission_triggers": end → [(effective_from, accrues_on_signing)], newest first;
# "group_targets": (first_month, last_month) → rows with group_id, month and the metrics.
_pay_facts: dict[str, Callable] = {
    "commission_triggers": lambda end: [],
    "group_targets": lambda first_month, last_month: [],
}


def pay_facts_register(
    *,
    commission_triggers: Callable[[date], list[tuple[date, bool]]],
    group_targets: Callable[[date, date], Iterable],
) -> None:
    """Payroll lends its pay-policy triggers and group targets (called once at start-up)."""
    _pay_facts["commission_triggers"] = commission_triggers
    _pay_facts["group_targets"] = group_targets


_memo: ContextVar[dict | None] = ContextVar("appraisal_facts", default=None)


@contextmanager
def facts_shared():
    """Read each shared fact set once while this is open (one roll-up)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _shared(key: tuple, load: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _after(period_end: date) -> date:
    return period_end + timedelta(days=1)


def _counts(rows: Iterable[dict], staff_ids, field: str = "n") -> dict[int, Decimal]:
    """Every asked person: their count, or 0."""
    result = dict.fromkeys(staff_ids, ZERO)
    for row in rows:
        if row["staff_id"] in result:
            result[row["staff_id"]] = Decimal(row[field])
    return result


# --- facts shared by several indicators ------------------------------------------------


def _visits(start: date, end: date) -> list[tuple[int, date, bool]]:
    """R-PAY-CALC valid visits confirmed in the period: (credited staff, local day,
    is a call-to-visit conversion); visits credited to nobody are left out. One query."""

    def load():
        tz = timezone.get_current_timezone()
        return [
            (
                row["credited_staff_id"],
                row["confirmed_at"].astimezone(tz).date(),
                row["is_conversion"],
            )
            for row in valid_visits(start, _after(end))
            if row["credited_staff_id"] is not None
        ]

    return _shared(("visits", start, end), load)


def _accrual_spans(start: date, end: date) -> list[tuple[date, date, bool]]:
    """The period cut where the pay policy's commission trigger changes (R-PAY-CALC:
    the policy in force on each month's 1st decides when a deal accrues): [(from, to
    exclusive, on_signing)]. One query; without a policy, the default (first payment)."""
    policies = _pay_facts["commission_triggers"](end)
    spans: list[list] = []
    month = month_start(start)
    while month <= end:
        on_signing = next((signing for since, signing in policies if since <= month), False)
        if spans and spans[-1][2] == on_signing:
            spans[-1][1] = next_month_start(month)
        else:
            spans.append([month, next_month_start(month), on_signing])
        month = next_month_start(month)
    return [tuple(span) for span in spans]


def _deals(start: date, end: date) -> list[dict]:
    """R-PAY-5 deals accruing in the period, credited to someone, with units, amount,
    accrual date and whether they are repeat deals. One query per commission-trigger
    span (one unless the policy changed the trigger inside the period) + one."""

    def load():
        rows = []
        for since, until, on_signing in _accrual_spans(start, end):
            rows.extend(
                row
                for row in deals_accruing_with_repeat(since, until, on_signing=on_signing)
                if row["credited_staff_id"] is not None
            )
        return rows

    return _shared(("deals", start, end), load)


def memberships_in(
    start: date, end: date
) -> dict[int, list[tuple[int, date, date | None, date | None]]]:
    """R-ROLE-5 dated memberships overlapping the period, by person: (group, from, to,
    the person's leave date). One query."""

    def load():
        rows = (
            GroupMembership.objects.filter(valid_from__lte=end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
            .values_list("staff_id", "group_id", "valid_from", "valid_to", "staff__leave_date")
        )
        found = defaultdict(list)
        for staff_id, group_id, valid_from, valid_to, leave_date in rows:
            found[staff_id].append((group_id, valid_from, valid_to, leave_date))
        return dict(found)

    return _shared(("memberships", start, end), load)


def group_on(stints, day: date) -> int | None:
    return next(
        (g for g, since, until, _l in stints if since <= day and (until is None or until >= day)),
        None,
    )


def appraised_group(stints, end: date) -> int | None:
    """The person's group on the last day they were employed in the period, else the
    latest membership (the same rule the roll-up stores on the appraisal)."""
    if not stints:
        return None
    last_day = min(end, stints[0][3] or end)
    best = max(
        stints,
        key=lambda s: (s[1] <= last_day and (s[2] is None or s[2] >= last_day), s[1]),
    )
    return best[0]


# --- results ---------------------------------------------------------------------------


def new_clients_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """New clients registered: leads the person registered in the period (not claims,
    not assigned calls, not since marked invalid). One query."""
    return _counts(leads_registered_by_person(period_start, _after(period_end)), staff_ids)


def valid_visits_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Valid visits credited to the person (R-PAY-CALC), confirmed in the period."""
    result = dict.fromkeys(staff_ids, ZERO)
    for staff_id, _day, _conversion in _visits(period_start, period_end):
        if staff_id in result:
            result[staff_id] += 1
    return result


def _deal_sum(period_start, period_end, staff_ids, value: Callable[[dict], Decimal]) -> dict:
    result = dict.fromkeys(staff_ids, ZERO)
    for row in _deals(period_start, period_end):
        if row["credited_staff_id"] in result:
            result[row["credited_staff_id"]] += value(row)
    return result


def deal_units_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Units (套) of deals credited to the person, accruing in the period (R-PAY-5)."""
    return _deal_sum(period_start, period_end, staff_ids, lambda row: Decimal(row["units"] or 0))


def deal_amount_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """The amount of those deals (a deal without an amount adds 0)."""
    return _deal_sum(period_start, period_end, staff_ids, lambda row: row["amount"] or ZERO)


def _events(start: date, end: date) -> list[dict]:
    """Held events owned, with their measured results, by person. One query."""
    return _shared(("events", start, end), lambda: list(event_results_by_owner(start, _after(end))))


def events_organised_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Events the person owned that started in the period and were held (finished or
    reviewed; cancelled ones and ones still under way do not count)."""
    return _counts(_events(period_start, period_end), staff_ids, "events")


def event_attendees_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Those events' measured turnout (R-CAM-5): guests checked in, walk-ins included."""
    return _counts(_events(period_start, period_end), staff_ids, "attended")


def event_new_leads_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Those events' measured new leads (R-CAM-5): leads registered through their
    invitations and walk-ins (the visits and deals that follow count in their own
    indicators, credited by R-PAY-CALC)."""
    return _counts(_events(period_start, period_end), staff_ids, "new_leads")


# --- client relations -------------------------------------------------------------------


def satisfaction_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Average survey score (1–5) of the person's clients in the period; no surveys, no
    value. One query."""
    wanted = set(staff_ids)
    return {
        row["staff_id"]: Decimal(row["avg"]).quantize(CENT, ROUND_HALF_UP)
        for row in satisfaction_by_owner(period_start, _after(period_end))
        if row["staff_id"] in wanted
    }


def complaints_on_time_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """% of the person's clients' complaints due in the period that had a first reply by
    the deadline; no complaints, no value. One query."""
    wanted = set(staff_ids)
    return {
        row["staff_id"]: (Decimal(row["on_time"]) * HUNDRED / row["n"]).quantize(
            CENT, ROUND_HALF_UP
        )
        for row in complaints_on_time_by_owner(period_start, _after(period_end))
        if row["staff_id"] in wanted and row["n"]
    }


def repeat_deals_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """Deals credited to the person, accruing in the period, whose client already had a
    signed deal before (loyalty)."""
    return _deal_sum(period_start, period_end, staff_ids, lambda row: Decimal(row["is_repeat"]))


# --- teamwork ---------------------------------------------------------------------------

TARGET_METRICS = ("conversions", "visits", "deals")


def group_target_shares(period_start: date, period_end: date) -> dict[int, Decimal]:
    """Each group's share of its R-PAY-3 targets met in the period, in %: for each metric
    with a group target in some month of the period (call-to-visit conversions, valid
    visits, deal units), min(actual ÷ target, 1) over those months together, then the
    mean over those metrics × 100. Actuals are the facts credited to people while members
    of the group on the fact's day (R-PAY-CALC). Groups without any target are absent."""
    targets: dict[int, dict[str, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
    for t in _pay_facts["group_targets"](period_start, period_end):
        for metric in TARGET_METRICS:
            if getattr(t, metric):
                targets[t.group_id][metric][t.month] = getattr(t, metric)
    if not targets:
        return {}
    stints = memberships_in(period_start, period_end)
    actual: dict[tuple[int, str, date], int] = defaultdict(int)

    def credit(staff_id: int, day: date, metric: str, amount: int) -> None:
        group = group_on(stints.get(staff_id, ()), day)
        if group is not None:
            actual[(group, metric, day.replace(day=1))] += amount

    for staff_id, day, conversion in _visits(period_start, period_end):
        credit(staff_id, day, "visits", 1)
        if conversion:
            credit(staff_id, day, "conversions", 1)
    for row in _deals(period_start, period_end):
        credit(row["credited_staff_id"], row["accrual_date"], "deals", row["units"] or 0)
    shares = {}
    for group_id, metrics in targets.items():
        achieved = [
            min(
                Decimal(sum(actual[(group_id, metric, m)] for m in months)) / sum(months.values()),
                Decimal(1),
            )
            for metric, months in metrics.items()
        ]
        shares[group_id] = (sum(achieved) / len(achieved) * HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return shares


def group_target_share_by_person(period_start: date, period_end: date, staff_ids) -> dict:
    """The share of the person's group's target met (their group as on the appraisal);
    no group or a group without targets, no value."""
    shares = group_target_shares(period_start, period_end)
    if not shares:
        return {}
    stints = memberships_in(period_start, period_end)
    result = {}
    for staff_id in staff_ids:
        group = appraised_group(stints.get(staff_id, ()), period_end)
        if group in shares:
            result[staff_id] = shares[group]
    return result
