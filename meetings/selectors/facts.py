"""R-PLAN-5: the group's facts since its previous meeting, so that progress is discussed
on facts. Each figure comes from the owning app's selectors, in a fixed number of
queries whatever the size of the group."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from attendance.selectors.team_facts import violation_counts_between
from clients.selectors.dashboard import month_results_by_person
from clients.selectors.team_facts import team_results_between
from outreach.dates import local_day, month_start, next_month_start
from outreach.selectors import group_members
from payroll.selectors import person_targets

from ..models import Meeting, MeetingState

# With no earlier meeting of the group, the facts cover this many days before it.
FIRST_MEETING_LOOKBACK_DAYS = 7


@dataclass
class TargetRow:
    """One person's month so far against their own target (R-PAY-3)."""

    name: str
    visits: int = 0
    deals: int = 0
    visits_target: int | None = None
    deals_target: int | None = None


@dataclass
class MeetingFacts:
    start: datetime
    end: datetime
    previous: Meeting | None
    members: int = 0
    leads: int = 0
    visits: int = 0
    deals: int = 0
    missing_reports: int = 0
    open_violations: int = 0
    targets: list[TargetRow] = field(default_factory=list)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The group's latest meeting before this one that was held, or else the latest one
    still scheduled (cancelled meetings do not count). One query."""
    return (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(state=MeetingState.CANCELLED)
        .exclude(pk=meeting.pk)
        .annotate(
            held_first=Case(
                When(state=MeetingState.HELD, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("held_first", "-starts_at", "-pk")
        .first()
    )


def meeting_facts(meeting: Meeting, *, now: datetime | None = None) -> MeetingFacts:
    """R-PLAN-5: the group's facts from the previous meeting's start up to this
    meeting's start, or now when it has not started yet: leads registered, valid visits,
    deals, missing daily reports, open violations, and each member's month to date
    against their target. The people are the group's members on the meeting's day.
    Eight queries whatever the group's size."""
    now = now or timezone.now()
    end = min(meeting.starts_at, now)
    previous = previous_meeting(meeting)
    start = previous.starts_at if previous else end - timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
    start = min(start, end)
    members = list(group_members(meeting.group, meeting.day).only("pk", "name", "employee_no"))
    ids = [person.pk for person in members]
    results = team_results_between(staff_ids=ids, start=start, end=end)
    violations = violation_counts_between(staff_ids=ids, start=start, end=end)
    month = month_start(local_day(end))
    actual = month_results_by_person(first=month, next_first=next_month_start(month))
    targets = person_targets(month, ids)
    rows = []
    for person in members:
        done = actual.get(person.pk, {"visits": 0, "deals": 0})
        target = targets.get(person.pk)
        rows.append(
            TargetRow(
                name=person.name,
                visits=done["visits"],
                deals=done["deals"],
                visits_target=target.visits if target else None,
                deals_target=target.deals if target else None,
            )
        )
    return MeetingFacts(
        start=start,
        end=end,
        previous=previous,
        members=len(members),
        leads=results["leads"],
        visits=results["visits"],
        deals=results["deals"],
        missing_reports=violations["missing_reports"],
        open_violations=violations["open_violations"],
        targets=rows,
    )
