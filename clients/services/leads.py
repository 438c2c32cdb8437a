"""R-LEAD-1…3, R-POOL-2…3: registration, claims, assignment, invalid leads."""

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from outreach.models import Point, Role, Staff
from outreach.selectors import group_of
from outreach.validators import printable_text_clean

from ..models import (
    Client,
    ClientKind,
    Deal,
    DealStatus,
    InboundCall,
    Lead,
    LeadKind,
    LeadStatus,
    OwnershipEvent,
    OwnershipEventKind,
    OwnershipPeriod,
    SourceChannel,
)
from ..models.leads import LIVE_STATUSES
from ..phones import phone_normalise
from ..policy import policy_in_force, protection_end

Start = OwnershipPeriod.Start
CLAIMERS = (Role.CANVASSER, Role.LEADER)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return _("no expiry (signed deal)")
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def lead_is_protected(lead: Lead, now: datetime) -> bool:
    """R-POOL-1: owned and before `protected_until` (NULL = signed deal, never expires)."""
    return lead.status == LeadStatus.ACTIVE and (
        lead.protected_until is None or now < lead.protected_until
    )


def refusal_message(lead: Lead) -> str:
    """R-LEAD-2: whose, since when, protected until when."""
    return _(
        "This number is already registered by %(owner)s since %(since)s, protected until %(until)s."
    ) % {
        "owner": lead.owner.name,
        "since": _when(lead.owned_since),
        "until": _when(lead.protected_until),
    }


def lead_lapse_if_due(lead: Lead, now: datetime) -> bool:
    """Move one locked lead past its protection to the pool, exactly as the hourly job
    would (history stamped with `protected_until`). Returns whether it moved."""
    if lead.status != LeadStatus.ACTIVE or lead.protected_until is None:
        return False
    if now < lead.protected_until:
        return False
    expired_at = lead.protected_until
    OwnershipPeriod.objects.filter(lead=lead, ended_at__isnull=True).update(
        ended_at=expired_at, end_reason=OwnershipEventKind.EXPIRED
    )
    OwnershipEvent.objects.create(
        lead=lead, kind=OwnershipEventKind.EXPIRED, from_staff=lead.owner, at=expired_at
    )
    lead.previous_owner = lead.owner
    lead.status, lead.owner, lead.consultant, lead.reception_by = LeadStatus.POOL, None, None, None
    lead.pooled_at = expired_at
    lead.save(
        update_fields=[
            "previous_owner",
            "status",
            "owner",
            "consultant",
            "reception_by",
            "pooled_at",
            "updated_at",
        ]
    )
    return True


def lead_protection_refresh(lead: Lead, now: datetime) -> None:
    """Recompute `protected_until` of an owned lead after a visit or a deal change."""
    if lead.has_signed_deal:
        lead.protected_until = None
    elif lead.owned_since is not None:
        lead.protected_until = protection_end(
            owned_since=lead.owned_since,
            last_confirmed_visit_at=lead.last_confirmed_visit_at,
            policy=policy_in_force(now),
        )
    lead.save(update_fields=["protected_until", "has_signed_deal", "updated_at"])


def _take(
    lead: Lead,
    *,
    owner: Staff,
    start: str,
    kind: str,
    actor: User | None,
    now: datetime,
    reason: str = "",
) -> Lead:
    """Give a locked lead to a new owner: a new ownership period and a history row."""
    previous = lead.owner if lead.status == LeadStatus.ACTIVE else lead.previous_owner
    if lead.status == LeadStatus.ACTIVE:
        OwnershipPeriod.objects.filter(lead=lead, ended_at__isnull=True).update(
            ended_at=now, end_reason=kind
        )
    lead.status, lead.owner, lead.owned_since = LeadStatus.ACTIVE, owner, now
    lead.group = group_of(owner, timezone.localdate(now))
    lead.pooled_at = None
    lead.save(update_fields=["status", "owner", "owned_since", "group", "pooled_at", "updated_at"])
    lead_protection_refresh(lead, now)
    OwnershipPeriod.objects.create(lead=lead, owner=owner, started_at=now, start_reason=start)
    OwnershipEvent.objects.create(
        lead=lead,
        kind=kind,
        from_staff=previous,
        to_staff=owner,
        actor=actor,
        reason=reason,
        at=now,
    )
    Client.objects.filter(pk=lead.client_id).update(
        last_activity_at=now, current_lead=lead, updated_at=now
    )
    return lead


def _check_claim(lead: Lead, claimer: Staff, now: datetime) -> None:
    """R-POOL-3: daily limit, cap held, cooling period for the previous owner."""
    policy = policy_in_force(now)
    if claimer.role not in CLAIMERS:
        raise ValidationError(_("Only canvassers and group leaders claim leads from the pool."))
    if (
        lead.previous_owner_id == claimer.pk
        and lead.pooled_at is not None
        and now < lead.pooled_at + timedelta(days=policy.cooling_days)
    ):
        raise ValidationError(
            _("This lead expired from you; you may claim it back after %(day)s.")
            % {"day": _when(lead.pooled_at + timedelta(days=policy.cooling_days))}
        )
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    claimed_today = OwnershipEvent.objects.filter(
        to_staff=claimer, kind=OwnershipEventKind.CLAIMED, at__gte=day_start, at__lte=now
    ).count()
    if claimed_today >= policy.daily_claim_limit:
        raise ValidationError(
            _("You have claimed %(n)s leads today, the daily limit.")
            % {"n": policy.daily_claim_limit}
        )
    held = (
        Lead.objects.filter(owner=claimer, status=LeadStatus.ACTIVE)
        .exclude(protected_until__lte=now)
        .count()
    )
    if held >= policy.max_leads_held:
        raise ValidationError(
            _("You hold %(n)s leads, the most one may hold at once.") % {"n": held}
        )


def _claim_locked(lead: Lead, claimer: Staff, actor, now: datetime) -> Lead:
    lead_lapse_if_due(lead, now)
    if lead.status != LeadStatus.POOL:
        if lead.status == LeadStatus.ACTIVE and lead.owner_id == claimer.pk:
            return lead
        raise ValidationError(_("This lead is not in the pool."))
    _check_claim(lead, claimer, now)
    return _take(
        lead,
        owner=claimer,
        start=Start.CLAIMED,
        kind=OwnershipEventKind.CLAIMED,
        actor=actor,
        now=now,
    )


def lead_claim(*, actor: User, claimer: Staff, lead_id: int, now: datetime | None = None) -> Lead:
    """R-POOL-3: claim a pooled lead; it gets a fresh protection period."""
    now = now or timezone.now()
    with transaction.atomic():
        Staff.objects.select_for_update().get(pk=claimer.pk)  # one claim at a time per person
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        return _claim_locked(lead, claimer, actor, now)


@dataclass(frozen=True)
class LeadInput:
    name: str
    phone: str
    kind: str = LeadKind.IN_PERSON
    source: str = SourceChannel.FLYER
    need: str = ""
    point: Point | None = None
    point_text: str = ""
    company_name: str = ""
    # The client record's own details, stored only when this registration creates it.
    client_kind: str = ClientKind.PERSON
    birthday: date | None = None


def _validate(data: LeadInput) -> str:
    phone = phone_normalise(data.phone)
    if not data.name.strip():
        raise ValidationError({"name": _("Enter the client's name.")})
    if data.kind not in LeadKind.values:
        raise ValidationError({"kind": _("Choose how the lead came.")})
    if data.source not in SourceChannel.values:
        raise ValidationError({"source": _("Choose a source channel.")})
    if data.client_kind not in ClientKind.values:
        raise ValidationError({"client_kind": _("Choose person or company.")})
    return phone


def _register_locked(
    data: LeadInput,
    phone: str,
    owner: Staff,
    actor,
    key,
    start: str,
    kind: str,
    now,
    acted_at=None,
) -> Lead:
    if key is not None:
        existing = Lead.objects.filter(registration_key=key).first()
        if existing is not None:
            return existing  # a double tap or a resend: the same lead, not a second one
    client = Client.objects.select_for_update().filter(phone=phone).first()
    if client is None:
        client = Client.objects.create(
            name=data.name.strip(),
            phone=phone,
            company_name=data.company_name,
            kind=data.client_kind,
            birthday=data.birthday,
            source=data.source,
            registered_at=now,
            last_activity_at=now,
        )
    lead = Lead.objects.select_for_update().filter(phone=phone, status__in=LIVE_STATUSES).first()
    if lead is not None:
        lead_lapse_if_due(lead, now)
        if lead.status == LeadStatus.ACTIVE:
            if lead.owner_id == owner.pk:
                return lead
            raise ValidationError({"phone": refusal_message(lead)})
        # R-LEAD-2: a pooled number is a claim (R-POOL-3) — or the manager's assignment.
        if start == Start.INBOUND:
            return _take(lead, owner=owner, start=start, kind=kind, actor=actor, now=now)
        return _claim_locked(lead, owner, actor, now)
    lead = Lead.objects.create(
        client=client,
        phone=phone,
        kind=data.kind,
        source=data.source,
        need=data.need,
        point=data.point,
        point_text=data.point_text,
        status=LeadStatus.ACTIVE,
        owner=owner,
        group=group_of(owner, timezone.localdate(now)),
        registered_at=now,
        registered_by=owner,
        registration_key=key,
        acted_at=acted_at,
        owned_since=now,
        protected_until=protection_end(
            owned_since=now, last_confirmed_visit_at=None, policy=policy_in_force(now)
        ),
    )
    OwnershipPeriod.objects.create(lead=lead, owner=owner, started_at=now, start_reason=start)
    OwnershipEvent.objects.create(lead=lead, kind=kind, to_staff=owner, actor=actor, at=now)
    client.current_lead = lead
    client.last_activity_at = now
    client.save(update_fields=["current_lead", "last_activity_at", "updated_at"])
    return lead


def lead_register(
    *,
    actor: User,
    owner: Staff,
    data: LeadInput,
    registration_key: uuid.UUID | None = None,
    now: datetime | None = None,
    acted_at: datetime | None = None,
    _start: str = Start.REGISTERED,
    _kind: str = OwnershipEventKind.REGISTERED,
) -> Lead:
    """R-LEAD-1/2: register a lead; first reporter wins, a pooled number is a claim.

    `acted_at` is the phone's time of registering (the offline queue) and is only kept
    beside the lead: "first reporter" is decided by the arrival (`now`), so a phone's
    clock cannot win a lead.

    The partial unique constraint on live leads per phone is what makes two
    simultaneous registrations give one lead: the loser's insert fails, and its retry
    sees the winner's lead and is refused with the owner's name.
    """
    phone = _validate(data)
    # Issue 17: the name is stored without bidi overrides or zero-width characters.
    data = replace(data, name=printable_text_clean(data.name, field="name"))
    if owner.role not in CLAIMERS:
        raise ValidationError(_("Leads belong to canvassers and group leaders."))
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _register_locked(
                    data,
                    phone,
                    owner,
                    actor,
                    registration_key,
                    _start,
                    _kind,
                    now or timezone.now(),
                    acted_at,
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def lead_reassign(*, actor: User, lead_id: int, owner: Staff, reason: str, now=None) -> Lead:
    """R-POOL-2: the manager gives a lead to another canvasser, with a reason."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the reassignment.")})
    if owner.role not in CLAIMERS:
        raise ValidationError({"owner": _("Leads belong to canvassers and group leaders.")})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        if lead.status == LeadStatus.INVALID:
            raise ValidationError(_("An invalid lead cannot be reassigned."))
        lead_lapse_if_due(lead, now)
        return _take(
            lead,
            owner=owner,
            start=Start.REASSIGNED,
            kind=OwnershipEventKind.REASSIGNED,
            actor=actor,
            now=now,
            reason=reason.strip(),
        )


def inbound_call_log(
    *, actor: Staff | None, caller_name: str, phone: str, note: str = "", at=None
) -> InboundCall:
    """R-LEAD-1: the front desk (`actor`) logs a call to the sales office."""
    normalised = phone_normalise(phone)
    with transaction.atomic():
        return InboundCall.objects.create(
            at=at or timezone.now(),
            caller_name=caller_name.strip() or normalised,
            phone=normalised,
            note=note,
            logged_by=actor,
        )


def inbound_call_assign(*, actor: User, call_id: int, canvasser: Staff, now=None) -> Lead:
    """R-LEAD-1: the outreach manager assigns a logged call to a canvasser, who owns the
    resulting phone lead (refused, like any registration, when someone else holds it)."""
    now = now or timezone.now()
    with transaction.atomic():
        call = InboundCall.objects.select_for_update().get(pk=call_id)
        if call.lead_id is not None:
            raise ValidationError(_("This call has already been assigned."))
        lead = lead_register(
            actor=actor,
            owner=canvasser,
            data=LeadInput(
                name=call.caller_name,
                phone=call.phone,
                kind=LeadKind.PHONE,
                source=SourceChannel.PHONE_IN,
                need=call.note,
            ),
            now=now,
            _start=Start.INBOUND,
            _kind=OwnershipEventKind.ASSIGNED,
        )
        call.assigned_to, call.assigned_at, call.lead = canvasser, now, lead
        call.save(update_fields=["assigned_to", "assigned_at", "lead", "updated_at"])
    return lead


def lead_mark_invalid(*, actor: User, lead_id: int, reason: str, now=None) -> Lead:
    """R-LEAD-3: no purchase need; refused when the lead has a signed deal."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the lead is invalid.")})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        if lead.status == LeadStatus.INVALID:
            return lead
        if Deal.objects.filter(lead=lead, status=DealStatus.SIGNED).exists():
            raise ValidationError(_("A lead with a signed deal cannot be marked invalid."))
        OwnershipPeriod.objects.filter(lead=lead, ended_at__isnull=True).update(
            ended_at=now, end_reason=OwnershipEventKind.INVALIDATED
        )
        OwnershipEvent.objects.create(
            lead=lead,
            kind=OwnershipEventKind.INVALIDATED,
            from_staff=lead.owner,
            actor=actor,
            reason=reason.strip(),
            at=now,
        )
        lead.status, lead.invalid_reason, lead.invalidated_at = (
            LeadStatus.INVALID,
            reason.strip(),
            now,
        )
        lead.save(update_fields=["status", "invalid_reason", "invalidated_at", "updated_at"])
    return lead
