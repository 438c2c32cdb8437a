"""Issue 20 departure hand-over: what a person still holds in the clients app — protected
leads, planned follow-ups on them, visits awaiting confirmation, leads they serve as the
consultant. Counts for many people come in one query per kind (GROUP BY)."""

from datetime import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from ..models import Client, FollowUp, Lead, LeadStatus, Visit


def held_leads(now: datetime) -> QuerySet[Lead]:
    """Owned and still protected (R-POOL-1): what a hand-over moves."""
    return Lead.objects.filter(status=LeadStatus.ACTIVE).filter(
        Q(protected_until__isnull=True) | Q(protected_until__gt=now)
    )


def held_leads_of(person, now: datetime) -> QuerySet[Lead]:
    return held_leads(now).filter(owner=person)


def follow_ups_planned_of(person, now: datetime) -> QuerySet[Client]:
    """The person's clients whose latest follow-up asks for a next one (R-CLI-2); they
    follow the lead to its new owner."""
    latest = FollowUp.objects.filter(client=OuterRef("pk")).order_by("-at", "-pk")
    return (
        Client.objects.filter(current_lead__in=held_leads_of(person, now))
        .annotate(next_on=Subquery(latest.values("next_follow_up_on")[:1]))
        .filter(next_on__isnull=False)
    )


def visits_awaiting_of(person, now: datetime) -> QuerySet[Visit]:
    """Visits not yet confirmed (R-LEAD-4): received by the person (a consultant), or on
    a lead the person holds (they move with the lead)."""
    return Visit.objects.filter(confirmed_at__isnull=True).filter(
        Q(consultant=person) | Q(lead__in=held_leads_of(person, now))
    )


def served_leads_of(person) -> QuerySet[Lead]:
    """Owned leads the person serves as the sales consultant (R-LEAD-5)."""
    return Lead.objects.filter(status=LeadStatus.ACTIVE, consultant=person)


def _by(queryset, field: str, people: list[int]) -> dict[int, int]:
    rows = (
        queryset.filter(**{f"{field}__in": people})
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row[field]: row["n"] for row in rows}


def holdings_counts(people: list[int], now: datetime) -> dict[str, dict[int, int]]:
    """{kind: {staff id: count}} for the people given: five queries whatever their number."""
    latest = FollowUp.objects.filter(client=OuterRef("client")).order_by("-at", "-pk")
    planned = (
        held_leads(now)
        .filter(client__current_lead=F("pk"))
        .annotate(next_on=Subquery(latest.values("next_follow_up_on")[:1]))
        .filter(next_on__isnull=False)
    )
    awaiting = Visit.objects.filter(confirmed_at__isnull=True)
    visits = _by(awaiting, "consultant", people)
    on_leads = _by(awaiting.filter(lead__in=held_leads(now)), "lead__owner", people)
    for person, n in on_leads.items():
        visits[person] = visits.get(person, 0) + n
    return {
        "leads": _by(held_leads(now), "owner", people),
        "follow_ups": _by(planned, "owner", people),
        "visits": visits,
        "served": _by(Lead.objects.filter(status=LeadStatus.ACTIVE), "consultant", people),
    }
