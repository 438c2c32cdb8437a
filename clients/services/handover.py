"""Issue 20 departure hand-over, the clients part (R-POOL-2, R-LEAD-4): move many leads,
and a consultant's unconfirmed visits, to new holders in a fixed number of queries.

A hand-over is not a fresh start for the lead: its registration and protection dates
(`registered_at`, `owned_since`, `protected_until`) stay as they are, so handing leads
around never lengthens (or shortens) their protection. Ownership periods (for pay) and
the ownership history still record the change, at the moment of the hand-over.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outreach.models import Group, Role, Staff
from outreach.selectors import memberships_on
from outreach.services import notification_create_many

from ..models import (
    Lead,
    LeadStatus,
    OwnershipEvent,
    OwnershipEventKind,
    OwnershipPeriod,
    Visit,
)

LEAD_HOLDERS = (Role.CANVASSER, Role.LEADER)
REASSIGNED = OwnershipEventKind.REASSIGNED


@dataclass
class HandOverResult:
    """How many items went to whom: {staff id: count}; `pooled` went to the shared pool."""

    moved: dict[int, int] = field(default_factory=dict)
    pooled: int = 0
    next_start: int = 0  # where a spread continues, so several kinds stay even overall
    first_event: OwnershipEvent | None = None

    @property
    def total(self) -> int:
        return sum(self.moved.values()) + self.pooled


def holders_on(*, group: Group, day, roles: Sequence[str], exclude: Iterable[int] = ()):
    """The people of `group` on `day` who may hold these items: employed that day, of
    one of `roles`, not excluded (the leaver). Ordered by employee number."""
    return list(
        Staff.objects.filter(
            pk__in=memberships_on(day).filter(group=group).values("staff_id"),
            role__in=roles,
            hire_date__lte=day,
        )
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=day))
        .exclude(pk__in=list(exclude))
        .select_related("user")
        .order_by("employee_no")
    )


def spread_evenly(ids: Sequence[int], holders: Sequence[Staff], start: int = 0):
    """Round robin: holder counts differ by at most one. Returns ({holder id: [ids]},
    the next start) — a later kind continues where this one stopped."""
    plan: dict[int, list[int]] = {h.pk: [] for h in holders}
    for i, item in enumerate(ids):
        plan[holders[(start + i) % len(holders)].pk].append(item)
    return plan, (start + len(ids)) % max(len(holders), 1)


def _targets(to: Staff | None, spread_over: Sequence[Staff] | None, to_pool: bool) -> None:
    if sum([to is not None, bool(spread_over), to_pool]) != 1:
        raise ValidationError(_("Choose one: a person, a group to spread over, or the pool."))


def _holder_groups(holder_ids: Iterable[int], day) -> dict[int, int]:
    """Each holder's group on `day`, in one query (a lead's group follows its owner)."""
    return dict(
        memberships_on(day).filter(staff_id__in=list(holder_ids)).values_list("staff_id", "group")
    )


def _case(plan: dict[int, list[int]], values: dict[int, int | None]) -> Case:
    """One CASE over lead ids: the value for each holder's ids (one UPDATE in all)."""
    return Case(
        *[When(pk__in=ids, then=Value(values[h])) for h, ids in plan.items() if ids],
        output_field=IntegerField(),
    )


def leads_hand_over(
    *,
    actor: User,
    leads: QuerySet[Lead] | Iterable[int],
    to: Staff | None = None,
    spread_over: Sequence[Staff] | None = None,
    to_pool: bool = False,
    reason: str,
    start: int = 0,
    notify: bool = True,
    now: datetime | None = None,
) -> HandOverResult:
    """Give the protected, owned ones among `leads` to `to`, spread them evenly over the
    people `spread_over`, or return them to the shared pool (R-POOL-1) — keeping each
    lead's registration and protection dates. Leads already past `protected_until` are
    in the pool by rule (the hourly job moves them) and are left alone; a lead already
    owned by its new holder is not moved. Fixed queries whatever the number of leads.
    """
    now = now or timezone.now()
    reason = reason.strip()
    _targets(to, spread_over, to_pool)
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the hand-over.")})
    holders = [to] if to is not None else list(spread_over or [])
    if any(h.role not in LEAD_HOLDERS for h in holders):
        raise ValidationError(_("Leads belong to canvassers and group leaders."))
    ids = leads if isinstance(leads, QuerySet) else list(leads)
    if isinstance(ids, QuerySet):
        ids = ids.values("pk")
    with transaction.atomic():
        rows = list(
            Lead.objects.select_for_update()
            .filter(Q(pk__in=ids), status=LeadStatus.ACTIVE)
            .filter(Q(protected_until__isnull=True) | Q(protected_until__gt=now))
            .exclude(owner_id__in=[h.pk for h in holders] if to is not None else [])
            .order_by("pk")
            .values_list("pk", "owner_id")
        )
        if not rows:
            return HandOverResult(next_start=start)
        lead_ids = [pk for pk, _owner in rows]
        from_owner = dict(rows)
        if to_pool:
            result = _to_pool(actor, lead_ids, from_owner, reason, now)
        else:
            result = _to_people(actor, lead_ids, from_owner, holders, reason, start, now)
        if notify and result.moved:
            transaction.on_commit(lambda: _notify(actor, holders, result))
    return result


def _to_pool(actor, lead_ids, from_owner, reason, now) -> HandOverResult:
    """R-POOL-1 semantics: no owner nor serving consultant, the leaver as previous owner
    (so the cooling period applies to them), in the pool from now."""
    Lead.objects.filter(pk__in=lead_ids).update(
        status=LeadStatus.POOL,
        previous_owner=F("owner"),
        owner=None,
        consultant=None,
        reception_by=None,
        pooled_at=now,
        updated_at=now,
    )
    OwnershipPeriod.objects.filter(lead_id__in=lead_ids, ended_at__isnull=True).update(
        ended_at=now, end_reason=REASSIGNED
    )
    note = (_("To the shared pool: %(reason)s") % {"reason": reason})[:200]
    events = OwnershipEvent.objects.bulk_create(
        OwnershipEvent(
            lead_id=pk,
            kind=REASSIGNED,
            from_staff_id=from_owner[pk],
            actor=actor,
            reason=note,
            at=now,
        )
        for pk in lead_ids
    )
    return HandOverResult(pooled=len(lead_ids), first_event=events[0])


def _to_people(actor, lead_ids, from_owner, holders, reason, start, now) -> HandOverResult:
    plan, next_start = spread_evenly(lead_ids, holders, start)
    groups = _holder_groups(plan, timezone.localdate(now))
    Lead.objects.filter(pk__in=lead_ids).update(
        owner_id=_case(plan, {h: h for h in plan}),
        group_id=_case(plan, {h: groups.get(h) for h in plan}),
        updated_at=now,
    )
    OwnershipPeriod.objects.filter(lead_id__in=lead_ids, ended_at__isnull=True).update(
        ended_at=now, end_reason=REASSIGNED
    )
    OwnershipPeriod.objects.bulk_create(
        OwnershipPeriod(lead_id=pk, owner_id=h, started_at=now, start_reason=REASSIGNED)
        for h, ids in plan.items()
        for pk in ids
    )
    events = OwnershipEvent.objects.bulk_create(
        OwnershipEvent(
            lead_id=pk,
            kind=REASSIGNED,
            from_staff_id=from_owner[pk],
            to_staff_id=h,
            actor=actor,
            reason=reason[:200],
            at=now,
        )
        for h, ids in plan.items()
        for pk in ids
    )
    moved = {h: len(ids) for h, ids in plan.items() if ids}
    return HandOverResult(moved=moved, next_start=next_start, first_event=events[0])


def _notify(actor: User, holders: Sequence[Staff], result: HandOverResult) -> None:
    """Each new holder hears once: one INSERT for all of them (the lead-list path; the
    departure hand-over sends its own, one for everything a holder received)."""
    for holder in holders:
        n = result.moved.get(holder.pk, 0)
        if not n:
            continue
        notification_create_many(
            recipients=[holder.user_id],
            kind="leads_handed_over",
            message=ngettext(
                "%(actor)s handed you %(n)s lead.", "%(actor)s handed you %(n)s leads.", n
            )
            % {"actor": actor.get_full_name() or actor.get_username(), "n": n},
            target=result.first_event,
            link=reverse("lead-list"),
        )


def visits_hand_over(
    *,
    actor: User,
    consultant: Staff,
    to: Staff | None = None,
    spread_over: Sequence[Staff] | None = None,
    start: int = 0,
    now: datetime | None = None,
) -> HandOverResult:
    """R-LEAD-4: a leaving consultant's visits awaiting confirmation go to the new
    consultant(s), who confirm them (签字确认); the leads they serve follow. Two UPDATEs
    per kind whatever the number."""
    now = now or timezone.now()
    holders = [to] if to is not None else list(spread_over or [])
    with transaction.atomic():
        visit_ids = list(
            Visit.objects.select_for_update()
            .filter(consultant=consultant, confirmed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        served = list(
            Lead.objects.select_for_update()
            .filter(consultant=consultant, status=LeadStatus.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        result = HandOverResult(next_start=start)
        if not (visit_ids or served):
            return result
        if not holders:
            raise ValidationError(_("Choose the consultant who takes the visits over."))
        if any(h.role != Role.CONSULTANT for h in holders):
            raise ValidationError(_("A consultant's visits and clients go to a sales consultant."))
        for ids, model in ((visit_ids, Visit), (served, Lead)):
            if not ids:
                continue
            plan, result.next_start = spread_evenly(ids, holders, result.next_start)
            model.objects.filter(pk__in=ids).update(
                consultant_id=_case(plan, {h: h for h in plan}), updated_at=now
            )
            for h, moved in plan.items():
                if moved:
                    result.moved[h] = result.moved.get(h, 0) + len(moved)
    return result
