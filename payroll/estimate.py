"""R-PAY-10: a person's estimated pay for the month so far."""

from datetime import date, timedelta

from django.db.models import Q

from outreach.dates import month_start, next_month_start
from outreach.models import GroupMembership, Staff

from .calc import Payslip, calculate
from .facts import gather_month
from .selectors import pay_policy_for_month


def _people_of_interest(staff: Staff, first: date) -> frozenset[int]:
    """The person, and the members of the groups they lead this month (their deals earn
    the leader's override)."""
    end = next_month_start(first)
    in_month = Q(valid_from__lt=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    led_groups = GroupMembership.objects.filter(in_month, staff=staff, is_leader=True).values(
        "group_id"
    )
    members = GroupMembership.objects.filter(in_month, group_id__in=led_groups).values_list(
        "staff_id", flat=True
    )
    return frozenset({staff.pk, *members})


def pay_estimate(*, staff: Staff, today: date) -> Payslip | None:
    """R-PAY-CALC applied to the facts up to yesterday, without team awards and appraisal
    bonuses; a monthly-base person's wage is the base × days so far ÷ the month's
    scheduled days, capped at the base. None when the person is not paid this month."""
    first = month_start(today)
    facts = gather_month(
        first, until=today - timedelta(days=1), only=_people_of_interest(staff, first)
    )
    person = facts.people.get(staff.pk)
    if person is None:
        return None
    person.month.estimate = True
    person.month.awards = []
    person.month.appraisal_bonuses = []
    return calculate(person.month, pay_policy_for_month(first).rates())
