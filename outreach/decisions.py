"""Who decides a person's request (issue 17): one rule for every kind that is approved.

Leave, roster changes, expense claims, trip plans, fine appeals, appraisal scores and
payroll adjustments all ask the same two questions, so they are answered here once:

- `decider_for(person, day)`: the leader of the person's group that day — unless that
  leader is the person (a leader is their own group's leader) or there is none; then
  nobody below the managers may decide, and `None` says "a manager decides".
- `decision_refuse_own(actor=, requester=)`: nobody decides their own request, whatever
  permissions they hold (SPEC: the supervisor or a manager approves; CONVENTIONS: "Nobody
  decides their own request").

Routing follows the same rule: `deciders_for` is who is notified (whose inbox shows it).
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Role, Staff
from .selectors import group_of, leader_of


def decider_for(person: Staff, day: date) -> Staff | None:
    """The leader who decides `person`'s request on `day`, or None: a manager decides."""
    group = group_of(person, day)
    leader = leader_of(group, day) if group else None
    if leader is None or leader.pk == person.pk:
        return None
    return leader


def managers() -> QuerySet[Staff]:
    """The managers who decide what no leader may (current staff only)."""
    return Staff.objects.filter(role=Role.MANAGER, leave_date__isnull=True)


def deciders_for(person: Staff, day: date) -> QuerySet[Staff]:
    """Whose inbox a request of `person` goes to: their leader, else the managers."""
    leader = decider_for(person, day)
    if leader is not None:
        return Staff.objects.filter(pk=leader.pk)
    return managers().exclude(pk=person.pk)


def is_decider_for(actor: Staff | None, person: Staff, day: date) -> bool:
    """Whether `actor` is the leader who decides for `person` (managers are checked by
    each kind through its own permission)."""
    leader = decider_for(person, day)
    return actor is not None and leader is not None and leader.pk == actor.pk


def _staff_id(who: Staff | User | None) -> int | None:
    if who is None:
        return None
    if isinstance(who, Staff):
        return who.pk
    return Staff.objects.filter(user_id=who.pk).values_list("pk", flat=True).first()


def decision_refuse_own(*, actor: Staff | User | None, requester: Staff | User | None) -> None:
    """Refuse a decision on one's own request, with a message the person can read."""
    actor_id = _staff_id(actor)
    if actor_id is not None and actor_id == _staff_id(requester):
        raise ValidationError(_("You cannot decide your own request."))
