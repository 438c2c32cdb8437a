"""Issue 20: the departure hand-over across apps, in one transaction and one log row."""

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.services.handover import campaign_items_hand_over
from clients.selectors.holdings import held_leads_of
from clients.services.handover import (
    LEAD_HOLDERS,
    HandOverResult,
    holders_on,
    leads_hand_over,
    visits_hand_over,
)
from outreach.models import Group, Role, Staff
from outreach.selectors import staff_of, visible_staff
from outreach.services import notification_create_many

from .models import HandOver, HandOverMode
from .selectors import holdings_of


def _employed(staff: Staff, day) -> bool:
    return staff.is_employed_on(day)


def _check(actor: User, person: Staff, mode: str, to: Staff | None, group, day) -> None:
    """Who may hand over what to whom; every refusal has a readable reason."""
    me = staff_of(actor)
    if me is not None and me.pk == person.pk:
        raise ValidationError(_("You cannot hand over your own holdings: another manager does."))
    if mode not in HandOverMode.values:
        raise ValidationError({"mode": _("Choose where the holdings go.")})
    if mode == HandOverMode.PERSON:
        if to is None:
            raise ValidationError({"to": _("Choose the person who takes them over.")})
        if to.pk == person.pk:
            raise ValidationError({"to": _("Choose someone other than the person leaving.")})
        if not visible_staff(actor).filter(pk=to.pk).exists():
            raise ValidationError({"to": _("You can only hand over to people you manage.")})
        if not _employed(to, day):
            raise ValidationError({"to": _("%(name)s has left.") % {"name": to.name}})
    if mode == HandOverMode.GROUP and group is None:
        raise ValidationError({"group": _("Choose the group to spread them over.")})


def _group_holders(person: Staff, group: Group, day, actor: User) -> list[Staff]:
    """The group's members that day who take this person's kind of holdings: canvassers
    and leaders for a canvasser's or leader's, consultants for a consultant's."""
    roles = [Role.CONSULTANT] if person.role == Role.CONSULTANT else list(LEAD_HOLDERS)
    holders = holders_on(group=group, day=day, roles=roles, exclude=[person.pk])
    seen = set(
        visible_staff(actor).filter(pk__in=[h.pk for h in holders]).values_list("pk", flat=True)
    )
    holders = [h for h in holders if h.pk in seen]
    if not holders:
        raise ValidationError({"group": _("Nobody in this group can take them over today.")})
    return holders


def _counts(parts: dict[str, HandOverResult]) -> dict[str, dict[str, int]]:
    counts = {}
    for kind, result in parts.items():
        by = {str(h): n for h, n in result.moved.items()}
        if result.pooled:
            by["pool"] = result.pooled
        if by:
            counts[kind] = by
    return counts


def hand_over(
    *,
    actor: User,
    person: Staff,
    mode: str,
    reason: str,
    to: Staff | None = None,
    group: Group | None = None,
    now: datetime | None = None,
) -> HandOver:
    """Hand everything `person` holds (protected leads with their follow-ups and
    visits, a consultant's unconfirmed visits and served leads, open events, tasks and
    invitations) to one person, evenly over a group, or (leads only) to the pool —
    keeping each lead's registration and protection dates (R-LEAD-2, R-POOL-1), with
    history rows (R-POOL-2), one log row and one notification per new holder.

    Events, tasks, invitations and a consultant's visits have no pool: with `mode` pool
    they stay until handed to a person. A second submit finds nothing left and is
    refused with that message (the person's row is locked, so two run one after another).
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the hand-over.")})
    _check(actor, person, mode, to, group, day)
    with transaction.atomic():
        Staff.objects.select_for_update().get(pk=person.pk)
        held = holdings_of(person.pk, now)
        if mode == HandOverMode.GROUP:
            holders = _group_holders(person, group, day, actor)
        else:
            holders = [to] if to is not None else []
        parts: dict[str, HandOverResult] = {}
        start = 0
        if held.get("leads"):
            parts["leads"] = leads_hand_over(
                actor=actor,
                leads=held_leads_of(person, now),
                to=to if mode == HandOverMode.PERSON else None,
                spread_over=holders if mode == HandOverMode.GROUP else None,
                to_pool=mode == HandOverMode.POOL,
                reason=reason,
                notify=False,
                now=now,
            )
            start = parts["leads"].next_start
        if mode != HandOverMode.POOL:
            if held.get("visits") or held.get("served"):
                parts["consultant"] = visits_hand_over(
                    actor=actor, consultant=person, spread_over=holders, start=start, now=now
                )
                start = parts["consultant"].next_start
            if held.get("events") or held.get("tasks") or held.get("invitations"):
                parts |= campaign_items_hand_over(
                    actor=actor, person=person, holders=holders, start=start, now=now
                )
        counts = _counts(parts)
        if not counts:
            raise ValidationError(
                _("Nothing left to hand over: %(name)s holds nothing that can move this way.")
                % {"name": person.name}
            )
        log = HandOver.objects.create(
            person=person,
            actor=actor,
            mode=mode,
            to_staff=to if mode == HandOverMode.PERSON else None,
            to_group=group if mode == HandOverMode.GROUP else None,
            reason=reason[:200],
            counts=counts,
            created_at=now,
        )
        receivers = {int(h) for by in counts.values() for h in by if h != "pool"}
        users = [h.user_id for h in holders if h.pk in receivers]
        if users:
            message = _("%(actor)s handed you what %(name)s held: see your leads and events.") % {
                "actor": actor.get_full_name() or actor.get_username(),
                "name": person.name,
            }
            transaction.on_commit(
                lambda: notification_create_many(
                    recipients=users,
                    kind="hand_over",
                    message=message,
                    target=log,
                    link=reverse("lead-list"),
                )
            )
    return log
