"""Gather one month's facts for R-PAY-CALC from the core and the other apps' selectors.

Each source fills part of every person's `PersonMonth`; the run then calculates.
Sources are set-based: a fixed number of queries whatever the number of people.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from outreach.dates import month_start, next_month_start
from outreach.models import Staff

from ..calc import GroupTotals, PersonMonth


@dataclass
class PersonFacts:
    staff: Staff
    group_code: str
    month: PersonMonth


@dataclass(frozen=True)
class Stint:
    """A stretch of the month (inclusive days) someone spent in a group."""

    group_code: str
    start: date
    stop: date
    is_leader: bool


@dataclass
class MonthFacts:
    month: date
    people: dict[int, PersonFacts] = field(default_factory=dict)
    group_totals: dict[str, GroupTotals] = field(default_factory=dict)
    # Group code → employee numbers of its members on ≥ 1 day of the month while employed.
    award_receivers: dict[str, list[str]] = field(default_factory=dict)
    # staff id → their stints in groups during the month (R-ROLE-5, dated membership).
    stints: dict[int, list[Stint]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    # R-PAY-10 estimate: facts up to this day (inclusive) for these people only.
    until: date | None = None
    only: frozenset[int] | None = None
    _leaders: dict[str, list] | None = field(default=None, repr=False)

    @property
    def end(self) -> date:
        """The first day after the facts (exclusive bound)."""
        month_end = next_month_start(self.month)
        return min(month_end, self.until + timedelta(days=1)) if self.until else month_end

    def among(self, field_name: str = "pk") -> Q:
        """A filter on `field_name` for the people this gathering is about."""
        return Q() if self.only is None else Q(**{f"{field_name}__in": self.only})

    def person(self, staff: Staff) -> PersonFacts:
        """The person's facts, adding them (a payslip with extra lines only) if needed."""
        if staff.pk not in self.people:
            stints = self.stints.get(staff.pk)
            code = stints[0].group_code if stints else ""
            self.people[staff.pk] = PersonFacts(staff, code, PersonMonth())
        return self.people[staff.pk]

    def group_on(self, staff_id: int, day: date) -> str | None:
        return next(
            (s.group_code for s in self.stints.get(staff_id, []) if s.start <= day <= s.stop),
            None,
        )

    def leader_on(self, group_code: str, day: date) -> int | None:
        if self._leaders is None:  # indexed once: deals ask this for every row
            self._leaders = {}
            for staff_id, stints in self.stints.items():
                for s in stints:
                    if s.is_leader:
                        self._leaders.setdefault(s.group_code, []).append((s, staff_id))
        return next(
            (pk for s, pk in self._leaders.get(group_code, []) if s.start <= day <= s.stop),
            None,
        )


FactSource = Callable[[MonthFacts], None]


def gather_month(
    month: date, *, until: date | None = None, only: frozenset[int] | None = None
) -> MonthFacts:
    from .sources import SOURCES

    facts = MonthFacts(month=month_start(month), until=until, only=only)
    for source in SOURCES:
        source(facts)
    return facts
