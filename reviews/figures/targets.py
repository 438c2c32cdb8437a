"""R-PLAN-6 targets met (R-PAY-3 targets): for each person and each group with a target
in some month of the quarter, in how many of those months the target was met.

A month's target is met when every component it sets (call-to-visit conversions, valid
visits, deal units) is reached — what payroll calls "no target missed" on the payslip
(R-DISC-1). Actuals follow R-PAY-CALC: valid visits and conversions credited to the
person in the month of confirmation; deal units credited to the person accruing in the
month (the later of signing and first payment, or signing, per the month's policy).
A group's actuals are its members' facts while members on the fact's day (R-ROLE-5).
Four queries (targets, memberships, the accruing deals under both triggers)."""

from collections import defaultdict
from datetime import date, timedelta

from clients.selectors import deals_accruing
from outreach.selectors import membership_list
from payroll.selectors import accrual_on_signing_by_month, targets_between

METRICS = ("conversions", "visits", "deals")


def _accruing_deals(first: date, end: date, months: list[date]) -> list[dict]:
    on_signing = accrual_on_signing_by_month(months)
    rows = []
    for trigger in sorted(set(on_signing.values())):
        rows.extend(
            row
            for row in deals_accruing(first, end, on_signing=trigger)
            if on_signing[row["accrual_date"].replace(day=1)] == trigger
        )
    return rows


def _group_on(stints: list, day: date) -> int | None:
    for group_id, start, stop in stints:
        if start <= day and (stop is None or day <= stop):
            return group_id
    return None


def target_figures(first: date, end: date, months: list[date], valid_visits: list[dict]) -> dict:
    targets = list(targets_between(first, end))
    if not targets:
        return {"people": [], "groups": []}
    stints: dict[int, list] = defaultdict(list)
    group_names: dict[int, str] = {}
    for m in membership_list().select_related("group"):
        stints[m.staff_id].append((m.group_id, m.valid_from, m.valid_to))
        group_names[m.group_id] = m.group.name
    person: dict[tuple, int] = defaultdict(int)
    group: dict[tuple, int] = defaultdict(int)

    def credit(staff_id, day: date, metric: str, amount: int) -> None:
        if staff_id is None:
            return
        month = day.replace(day=1)
        person[(staff_id, metric, month)] += amount
        group_id = _group_on(stints.get(staff_id, []), day)
        if group_id is not None:
            group[(group_id, metric, month)] += amount

    for row in valid_visits:
        credit(row["credited_staff_id"], row["day"], "visits", 1)
        if row["is_conversion"]:
            credit(row["credited_staff_id"], row["day"], "conversions", 1)
    for row in _accruing_deals(first, end, months):
        credit(row["credited_staff_id"], row["accrual_date"], "deals", row["units"] or 0)

    people: dict[int, dict] = {}
    groups: dict[int, dict] = {}
    last_day = end - timedelta(days=1)
    for t in targets:
        wanted = [(metric, getattr(t, metric)) for metric in METRICS if getattr(t, metric)]
        if not wanted:
            continue
        if t.staff_id:
            actual, owner_id = person, t.staff_id
            row = people.setdefault(
                t.staff_id,
                {
                    "staff_id": t.staff_id,
                    "employee_no": t.staff.employee_no,
                    "name": t.staff.name,
                    "group": group_names.get(
                        _group_on(stints.get(t.staff_id, []), last_day) or 0, ""
                    ),
                    "months": 0,
                    "met": 0,
                },
            )
        else:
            actual, owner_id = group, t.group_id
            row = groups.setdefault(
                t.group_id,
                {
                    "group_id": t.group_id,
                    "name": t.group.name,
                    "code": t.group.code,
                    "months": 0,
                    "met": 0,
                },
            )
        row["months"] += 1
        if all(actual[(owner_id, metric, t.month)] >= target for metric, target in wanted):
            row["met"] += 1
    return {
        "people": sorted(people.values(), key=lambda r: (r["employee_no"], r["staff_id"])),
        "groups": sorted(groups.values(), key=lambda r: (r["code"], r["group_id"])),
    }
