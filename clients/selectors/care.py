"""R-CLI-7: care due lists by grade cadence, birthdays and festival greetings."""

from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from ..models import CarePolicy, Client, ClientGrade, Festival, LeadStatus
from ..models.grading import DEFAULT_CARE


def care_cadences() -> dict[str, tuple[int, str]]:
    cadences = dict(DEFAULT_CARE)
    for policy in CarePolicy.objects.all():
        cadences[policy.grade] = (policy.cadence_days, policy.method)
    return cadences


def care_overdue(clients: QuerySet[Client], *, on: date) -> QuerySet[Client]:
    """Owned clients whose last effective follow-up is older than their grade's cadence
    (or who never had one): one query."""
    cadences = care_cadences()
    start_of = timezone.get_current_timezone()
    late = reduce(
        or_,
        (
            Q(
                grade=grade,
                last_effective__lt=datetime.combine(
                    on - timedelta(days=cadences[grade][0]), time.min, tzinfo=start_of
                ),
            )
            for grade in ClientGrade.values
        ),
    )
    return (
        clients.filter(current_lead__status=LeadStatus.ACTIVE)
        .annotate(last_effective=Max("follow_ups__at", filter=Q(follow_ups__effective=True)))
        .filter(late | Q(last_effective__isnull=True))
        .order_by("last_effective", "pk")
    )


def birthdays_soon(clients: QuerySet[Client], *, on: date, days: int = 7) -> QuerySet[Client]:
    window = [on + timedelta(days=i) for i in range(days + 1)]
    match = reduce(or_, (Q(birthday__month=d.month, birthday__day=d.day) for d in window))
    return clients.filter(birthday__isnull=False).filter(match)


def festivals_soon(*, on: date, days: int = 7) -> QuerySet[Festival]:
    return Festival.objects.filter(day__gte=on, day__lte=on + timedelta(days=days))


def care_overdue_by_owner(clients: QuerySet[Client], *, on: date):
    """The manager's view: how many clients each owner is late with."""
    late = care_overdue(clients, on=on).values("pk")
    return (
        Client.objects.filter(pk__in=late)
        .values("current_lead__owner__name")
        .annotate(late=Count("pk", distinct=True))
        .order_by("-late")
    )
