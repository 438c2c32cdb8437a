"""Reads of the hand-over pages: who holds what, already scoped to the user."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import F, QuerySet

from campaigns.selectors.holdings import (
    campaign_holdings_counts,
    open_campaigns_of,
    open_invitations_of,
    open_tasks_of,
)
from clients.selectors.holdings import (
    follow_ups_planned_of,
    held_leads_of,
    holdings_counts,
    served_leads_of,
    visits_awaiting_of,
)
from outreach.dates import today
from outreach.guard import in_scope_or_404
from outreach.models import Staff
from outreach.selectors import visible_staff

from .models import HandOver

KINDS = ["leads", "follow_ups", "visits", "served", "events", "tasks", "invitations"]
FIRST_ROWS = 5


def holdings_by_person(people: list[int], now: datetime) -> dict[int, dict[str, int]]:
    """{staff id: {kind: count}}, only people who hold something: seven queries."""
    counts = holdings_counts(people, now) | campaign_holdings_counts(people)
    result: dict[int, dict[str, int]] = {}
    for kind, by in counts.items():
        for person, n in by.items():
            if n:
                result.setdefault(person, dict.fromkeys(KINDS, 0))[kind] = n
    return result


def holdings_of(person_id: int, now: datetime) -> dict[str, int]:
    return holdings_by_person([person_id], now).get(person_id, dict.fromkeys(KINDS, 0))


@dataclass(frozen=True)
class Holder:
    """A row of the hand-over list: the person, what they hold ({kind: count}) and
    whether they left before today."""

    staff: Staff
    held: dict[str, int]
    left: bool


def hand_over_people(*, user: User, now: datetime) -> list[Holder]:
    """People in the user's scope who hold something, those who left first."""
    people = list(visible_staff(user).select_related("user"))
    held = holdings_by_person([p.pk for p in people], now)
    day = today()
    shown = [
        Holder(
            staff=person,
            held=held[person.pk],
            left=person.leave_date is not None and person.leave_date < day,
        )
        for person in people
        if person.pk in held
    ]
    return sorted(shown, key=lambda row: (not row.left, row.staff.employee_no))


def hand_over_person(*, user: User, pk: int) -> Staff:
    return in_scope_or_404(visible_staff(user), pk=pk)


def holdings_rows(person: Staff, now: datetime, limit: int = FIRST_ROWS) -> dict[str, list]:
    """The first rows of each kind a person holds (one query per kind)."""
    return {
        "leads": list(
            held_leads_of(person, now)
            .select_related("client")
            .order_by("protected_until", "pk")[:limit]
        ),
        "follow_ups": list(follow_ups_planned_of(person, now).order_by(F("next_on"), "pk")[:limit]),
        "visits": list(
            visits_awaiting_of(person, now)
            .select_related("lead__client")
            .order_by("arrived_at", "pk")[:limit]
        ),
        "served": list(served_leads_of(person).select_related("client").order_by("pk")[:limit]),
        "events": list(open_campaigns_of(person).order_by("starts_at", "pk")[:limit]),
        "tasks": list(
            open_tasks_of(person).select_related("campaign").order_by("due_date", "pk")[:limit]
        ),
        "invitations": list(
            open_invitations_of(person)
            .select_related("campaign")
            .order_by("campaign__starts_at", "pk")[:limit]
        ),
    }


def hand_over_log(*, person: Staff) -> QuerySet[HandOver]:
    return HandOver.objects.filter(person=person).select_related("actor", "to_staff", "to_group")


def staff_names(ids) -> dict[int, str]:
    """Names of the people a logged hand-over gave items to (whoever sees the log may
    read who received them)."""
    return dict(Staff.objects.filter(pk__in=list(ids)).values_list("pk", "name"))
