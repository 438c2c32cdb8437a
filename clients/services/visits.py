"""R-LEAD-4, R-LEAD-5: the visitor book, the day's rotation (轮排) and confirmation."""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Notification, Role, Staff
from outreach.selectors import staff_of
from outreach.services import notification_create

from ..models import (
    Client,
    ConsultantState,
    Lead,
    LeadStatus,
    OwnershipPeriod,
    RotationLog,
    RotationLogKind,
    RotationMember,
    Visit,
    VisitState,
)
from ..models.leads import LIVE_STATUSES
from ..phones import phone_normalise
from ..selectors import visits_to_end
from .leads import lead_is_protected, lead_lapse_if_due, lead_protection_refresh

SITTING_OUT = (ConsultantState.ABSENT, ConsultantState.LEAVE)
CREDITED_ROLES = (Role.CANVASSER, Role.LEADER)


def _log(day, kind, *, consultant=None, visit=None, reason="", actor=None, now=None):
    RotationLog.objects.create(
        day=day,
        at=now or timezone.now(),
        kind=kind,
        consultant=consultant,
        visit=visit,
        reason=reason[:200],
        actor=actor,
    )


def _next_position(day: date) -> int:
    top = RotationMember.objects.filter(day=day).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def rotation_day_setup(
    *, actor: User | None, day: date, consultants: list[Staff]
) -> list[RotationMember]:
    """Put the day's consultants in the queue in the given order (idempotent: people
    already in it keep their place, new ones join at the end)."""
    with transaction.atomic():
        existing = set(
            RotationMember.objects.select_for_update()
            .filter(day=day)
            .values_list("consultant_id", flat=True)
        )
        for consultant in consultants:
            if consultant.role != Role.CONSULTANT:
                raise ValidationError(_("Only sales consultants take part in the rotation."))
            if consultant.pk in existing:
                continue
            RotationMember.objects.create(
                day=day, consultant=consultant, position=_next_position(day)
            )
            existing.add(consultant.pk)
            _log(day, RotationLogKind.JOIN, consultant=consultant, actor=actor)
    return list(RotationMember.objects.filter(day=day).order_by("position"))


def _assign(visit: Visit, member: RotationMember, now) -> None:
    visit.consultant_id = member.consultant_id
    visit.state = VisitState.RECEIVING
    visit.save(update_fields=["consultant", "state", "updated_at"])
    member.state = ConsultantState.BUSY
    member.save(update_fields=["state"])
    transaction.on_commit(lambda: visit_notify_consultant(visit=visit))


def visit_notify_consultant(*, visit: Visit) -> Notification | None:
    """R-DASH notifications: the consultant a visitor was handed to has a visit to
    confirm (签字确认). Once per consultant and visit."""
    if visit.consultant_id is None or visit.confirmed_at is not None:
        return None
    consultant = Staff.objects.select_related("user").get(pk=visit.consultant_id)
    return notification_create(
        recipient=consultant.user,
        kind="visit_to_confirm",
        message=_("A visitor is yours: confirm the visit when the reception is done."),
        target=visit,
        link=reverse("visit-mine"),
    )


def _hand_out(visit: Visit, *, actor, head_reason: str, now) -> Visit:
    """R-LEAD-4 "next": the day's members are locked by the caller."""
    day = timezone.localdate(visit.arrived_at)
    queue = list(
        RotationMember.objects.select_for_update()
        .filter(day=day, sat_out=False)
        .select_related("consultant")
        .order_by("position")
    )
    while queue and queue[0].state in SITTING_OUT:
        head = queue.pop(0)  # 轮空: removed for the day, look at the new head
        head.sat_out = True
        head.save(update_fields=["sat_out"])
        _log(
            day,
            RotationLogKind.SKIP,
            consultant=head.consultant,
            visit=visit,
            reason=head.get_state_display(),
            actor=actor,
            now=now,
        )
    if not queue:
        _log(
            day, RotationLogKind.WAIT, visit=visit, reason=_("Nobody on duty"), actor=actor, now=now
        )
        return visit
    head = queue[0]
    if head.state == ConsultantState.ON_DUTY and not head_reason:
        _assign(visit, head, now)
        head.position = _next_position(day)  # takes the visitor and moves to the end
        head.save(update_fields=["position"])
        _log(
            day,
            RotationLogKind.HANDOUT,
            consultant=head.consultant,
            visit=visit,
            actor=actor,
            now=now,
        )
        return visit
    # 补接: the head keeps its place; the last free consultant helps, not charged a turn.
    why = head_reason or head.get_state_display()
    reason = _("%(head)s cannot receive: %(why)s") % {"head": head.consultant.name, "why": why}
    helper = next((m for m in reversed(queue[1:]) if m.state == ConsultantState.ON_DUTY), None)
    if helper is None:
        _log(day, RotationLogKind.WAIT, visit=visit, reason=reason, actor=actor, now=now)
        return visit
    _assign(visit, helper, now)
    _log(
        day,
        RotationLogKind.FILL_IN,
        consultant=helper.consultant,
        visit=visit,
        reason=reason,
        actor=actor,
        now=now,
    )
    return visit


def _serve_waiting(day: date, *, actor, now) -> None:
    """A consultant became free: the longest-waiting visitor goes to the first free one."""
    waiting = (
        Visit.objects.select_for_update()
        .filter(state=VisitState.WAITING, consultant=None, arrived_at__date=day)
        .order_by("arrived_at", "pk")
        .first()
    )
    if waiting is not None:
        _hand_out(waiting, actor=actor, head_reason="", now=now)


def visit_register(
    *,
    actor: User,
    phone: str,
    brought_by: Staff | None = None,
    note: str = "",
    head_reason: str = "",
    now: datetime | None = None,
) -> Visit:
    """R-LEAD-4: enter a visitor in the book and hand them out by the rotation. A head
    who cannot receive says why (`head_reason`) and is treated as busy (补接)."""
    now = now or timezone.now()
    normalised = phone_normalise(phone)
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update()
            .filter(phone=normalised, status__in=LIVE_STATUSES)
            .first()
        )
        if lead is None:
            raise ValidationError({"phone": _("No lead has this number: register the lead first.")})
        visit = Visit.objects.create(
            lead=lead, brought_by=brought_by or lead.owner, arrived_at=now, note=note
        )
        list(RotationMember.objects.select_for_update().filter(day=timezone.localdate(now)))
        return _hand_out(visit, actor=actor, head_reason=head_reason.strip(), now=now)


def rotation_next(*, actor: User, visit_id: int, head_reason: str = "", now=None) -> Visit:
    """Hand a waiting visitor out again, e.g. when the head states why they cannot."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        if visit.state != VisitState.WAITING:
            raise ValidationError(_("This visitor is already being received."))
        return _hand_out(visit, actor=actor, head_reason=head_reason.strip(), now=now)


def rotation_set_state(
    *, actor: User, member_id: int, state: str, reason: str = "", now=None
) -> RotationMember:
    """The front desk sets a consultant's state; someone back from sitting out joins at
    the end; someone who becomes free takes a waiting visitor."""
    now = now or timezone.now()
    if state not in ConsultantState.values:
        raise ValidationError(_("Unknown state."))
    with transaction.atomic():
        member = RotationMember.objects.select_for_update().get(pk=member_id)
        list(RotationMember.objects.select_for_update().filter(day=member.day))
        member.state = state
        fields = ["state"]
        if member.sat_out and state not in SITTING_OUT:
            member.sat_out, member.position = False, _next_position(member.day)
            fields += ["sat_out", "position"]
            _log(
                member.day, RotationLogKind.JOIN, consultant=member.consultant, actor=actor, now=now
            )
        member.save(update_fields=fields)
        _log(
            member.day,
            RotationLogKind.STATE,
            consultant=member.consultant,
            reason=(member.get_state_display() + (f": {reason}" if reason else "")),
            actor=actor,
            now=now,
        )
        if state == ConsultantState.ON_DUTY:
            _serve_waiting(member.day, actor=actor, now=now)
    return member


def visit_end_reception(*, actor: User, visit_id: int, now=None) -> Visit:
    """The reception ends: the consultant is free again (and takes a waiting visitor)."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        if visit.state != VisitState.RECEIVING:
            raise ValidationError(_("This visitor is not being received."))
        # Issue 17: a consultant ends only their own reception (None: the system does).
        if actor is not None and not visits_to_end(user=actor).filter(pk=visit.pk).exists():
            raise ValidationError(_("Only the consultant receiving the visitor ends it."))
        visit.state, visit.reception_ended_at = VisitState.ENDED, now
        visit.save(update_fields=["state", "reception_ended_at", "updated_at"])
        day = timezone.localdate(visit.arrived_at)
        member = (
            RotationMember.objects.select_for_update()
            .filter(day=day, consultant_id=visit.consultant_id)
            .first()
        )
        _log(
            day, RotationLogKind.END, consultant=visit.consultant, visit=visit, actor=actor, now=now
        )
        if member is not None and member.state == ConsultantState.BUSY:
            member.state = ConsultantState.ON_DUTY
            member.save(update_fields=["state"])
            _serve_waiting(day, actor=actor, now=now)
    return visit


def visit_confirm(*, actor: User, visit_id: int, now: datetime | None = None) -> Visit:
    """R-LEAD-4 签字确认: only the receiving consultant confirms; the time, the ownership
    period and the credited owner (canvasser or leader, if the lead is protected at that
    instant) are stamped, and the visit is frozen."""
    now = now or timezone.now()
    me = staff_of(actor)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        if me is None or visit.consultant_id != me.pk:
            raise ValidationError(_("Only the consultant who received the visitor confirms it."))
        if visit.confirmed_at is not None:
            raise ValidationError(_("This visit is already confirmed."))
        lead = (
            Lead.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=visit.lead_id)
        )
        if lead.status == LeadStatus.INVALID:
            raise ValidationError(_("The lead is invalid."))
        lead_lapse_if_due(lead, now)
        if lead_is_protected(lead, now):
            visit.period = OwnershipPeriod.objects.get(lead=lead, ended_at__isnull=True)
            if lead.owner.role in CREDITED_ROLES:
                visit.credited_staff = lead.owner
        visit.confirmed_at = now
        visit.save(update_fields=["confirmed_at", "period", "credited_staff", "updated_at"])
        lead.last_confirmed_visit_at = now
        fields = ["last_confirmed_visit_at", "updated_at"]
        if lead.consultant_id is None and lead.reception_by_id is None:
            lead.consultant = me
            fields.append("consultant")
        lead.save(update_fields=fields)
        if lead.status == LeadStatus.ACTIVE:
            lead_protection_refresh(lead, now)  # R-POOL-1: a confirmed visit restarts the clock
        Client.objects.filter(pk=lead.client_id).update(last_activity_at=now, updated_at=now)
    return visit


def visit_update_note(*, visit_id: int, note: str) -> Visit:
    """A visit can be edited only until it is confirmed."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        if visit.confirmed_at is not None:
            raise ValidationError(_("A confirmed visit cannot be edited."))
        visit.note = note[:200]
        visit.save(update_fields=["note", "updated_at"])
    return visit


def lead_assign_consultant(*, actor: User, lead_id: int, consultant: Staff, note: str = "") -> Lead:
    """R-LEAD-5: after the canvasser's screening, a phone lead goes to a consultant."""
    if consultant.role != Role.CONSULTANT:
        raise ValidationError({"consultant": _("Choose a sales consultant.")})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        if lead.status != LeadStatus.ACTIVE:
            raise ValidationError(_("Only an owned lead can be assigned to a consultant."))
        lead.consultant = consultant
        lead.save(update_fields=["consultant", "updated_at"])
    return lead
