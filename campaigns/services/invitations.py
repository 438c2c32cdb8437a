"""Writes of invitations and check-in (R-CAM-4) and of an event's results (R-CAM-5).

New guests become leads through the clients services (`lead_register`), never by
writing client rows here; a check-in is logged on the client's timeline through
`follow_up_log` (R-CLI-2).
"""

import uuid
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from clients.phones import phone_normalise
from clients.selectors import live_lead_of_phone
from clients.services.follow_ups import follow_up_log
from clients.services.leads import LeadInput, lead_is_protected, lead_register
from clients.vocabulary import FollowUpKind, LeadKind, SourceChannel
from outreach.guard import can
from outreach.models import Staff
from outreach.selectors import staff_of
from outreach.services import notification_create

from ..models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationChannel,
    InvitationReply,
)

S = CampaignStatus
# Invitations go out until the event is over; guests are checked in while it is on.
INVITE_OPEN = {S.DRAFT, S.SUBMITTED, S.APPROVED, S.PREPARING, S.RUNNING}
CHECK_IN_OPEN = {S.APPROVED, S.PREPARING, S.RUNNING}
BLOCKED_KIND = "campaign_guest_is_your_lead"


def can_work_event(user: User, campaign: Campaign) -> bool:
    """The campaign's owner, its participants and approvers invite, check guests in and
    record results (the campaign's team)."""
    if can(user, "campaigns.approve_campaigns"):
        return True
    me = staff_of(user)
    if me is None:
        return False
    return me.pk == campaign.owner_id or campaign.participants.filter(pk=me.pk).exists()


def campaign_team(campaign: Campaign) -> list[Staff]:
    """Who may be named as the inviting person: the owner and the participants."""
    team = {campaign.owner_id: campaign.owner}
    for person in campaign.participants.all():
        team.setdefault(person.pk, person)
    return sorted(team.values(), key=lambda s: s.employee_no)


def _team_member(actor: User, campaign: Campaign) -> Staff:
    """The actor as staff, if they work this event (`can_work_event`); else PermissionDenied."""
    me = staff_of(actor)
    if me is None or not can_work_event(actor, campaign):
        raise PermissionDenied
    return me


def _status_check(campaign: Campaign, allowed: set, message: str) -> None:
    if campaign.status not in allowed:
        raise ValidationError(message % {"status": campaign.get_status_display()})


def _inviter_check(campaign: Campaign, inviter: Staff) -> None:
    if inviter.pk not in {s.pk for s in campaign_team(campaign)}:
        raise ValidationError(
            {"invited_by": _("The inviting person must be the campaign's owner or a participant.")}
        )


def _choices_check(channel: str, reply: str, expected_head_count: int) -> None:
    if channel and channel not in InvitationChannel.values:
        raise ValidationError({"channel": _("Choose how the invitation was sent.")})
    if reply not in InvitationReply.values:
        raise ValidationError({"reply": _("Choose the guest's reply.")})
    if expected_head_count is None or expected_head_count < 1:
        raise ValidationError({"expected_head_count": _("At least one person comes.")})


def _guest_client(
    *, actor: User, campaign: Campaign, inviter: Staff, name: str, phone: str, now
) -> tuple[int, bool, Staff | None]:
    """Make a new guest a lead of the inviting person by the client rules (R-LEAD-2).

    Returns (client id, whether this call created the lead, the owner blocking it). A
    phone that is another canvasser's protected lead creates nothing and returns that
    owner; any other refusal (a pool claim over the limit, …) is raised as it is. Two
    people inviting one new phone at once: `lead_register` lets exactly one win, and
    the other lands here as blocked by the winner.
    """
    if not name.strip():
        raise ValidationError({"name": _("Enter the guest's name.")})
    key = uuid.uuid4()
    try:
        lead = lead_register(
            actor=actor,
            owner=inviter,
            data=LeadInput(
                name=name.strip(),
                phone=phone,
                kind=LeadKind.IN_PERSON,
                source=SourceChannel.EVENT,
                point_text=campaign.venue[:100],
                need=campaign.theme[:200],
            ),
            registration_key=key,
            now=now,
        )
    except ValidationError:
        holder = live_lead_of_phone(phone)
        if (
            holder is None
            or holder.owner_id in (None, inviter.pk)
            or not lead_is_protected(holder, now)
        ):
            raise
        return holder.client_id, False, holder.owner
    # A lead registered by this very call carries our key; an existing one (already the
    # inviter's, or claimed from the pool) is not a new lead of the campaign.
    return lead.client_id, lead.registration_key == key, None


def _insert(**fields) -> Invitation:
    """One invitation per client per campaign; the database has the last word."""
    if Invitation.objects.filter(
        campaign=fields["campaign"], client_id=fields["client_id"]
    ).exists():
        raise ValidationError(_("This guest is already invited to this campaign."))
    try:
        with transaction.atomic():
            invitation = Invitation(**fields)
            invitation.full_clean(exclude=["campaign", "client", "invited_by", "code"])
            invitation.save()
    except IntegrityError as error:
        raise ValidationError(_("This guest is already invited to this campaign.")) from error
    return invitation


def _notify_owner(invitation: Invitation, owner: Staff, campaign: Campaign) -> None:
    """R-CAM-4: the protected lead's owner hears that their client was invited."""
    notification_create(
        recipient=owner.user,
        kind=BLOCKED_KIND,
        target=invitation,
        message=_(
            "%(inviter)s invited your client %(guest)s to the campaign “%(campaign)s”; "
            "the lead stays yours."
        )
        % {
            "inviter": invitation.invited_by.name,
            "guest": invitation.guest_name,
            "campaign": campaign.theme,
        },
        link=reverse("client-detail", args=[invitation.client_id]),
    )


def invitation_invite_client(
    *,
    actor: User,
    campaign: Campaign,
    client,
    inviter: Staff,
    channel: str = "",
    sent_at: datetime | None = None,
    reply: str = InvitationReply.PENDING,
    expected_head_count: int = 1,
) -> Invitation:
    """R-CAM-4: invite a client from the archive (the caller picked it from the clients
    the actor may see)."""
    _team_member(actor, campaign)
    _status_check(
        campaign, INVITE_OPEN, _("This campaign is %(status)s; it takes no more invitations.")
    )
    _inviter_check(campaign, inviter)
    _choices_check(channel, reply, expected_head_count)
    with transaction.atomic():
        return _insert(
            campaign=campaign,
            client_id=client.pk,
            guest_name=client.name,
            phone=client.phone,
            invited_by=inviter,
            channel=channel,
            sent_at=sent_at,
            reply=reply,
            expected_head_count=expected_head_count,
        )


def invitation_invite_guest(
    *,
    actor: User,
    campaign: Campaign,
    inviter: Staff,
    name: str,
    phone: str,
    channel: str = "",
    sent_at: datetime | None = None,
    reply: str = InvitationReply.PENDING,
    expected_head_count: int = 1,
    now: datetime | None = None,
) -> Invitation:
    """R-CAM-4: invite a new guest, who becomes a lead of the inviting canvasser; if the
    phone is another canvasser's protected lead, the invitation is recorded with that
    owner, no lead is created and the owner is notified (once)."""
    _team_member(actor, campaign)
    _status_check(
        campaign, INVITE_OPEN, _("This campaign is %(status)s; it takes no more invitations.")
    )
    _inviter_check(campaign, inviter)
    _choices_check(channel, reply, expected_head_count)
    phone = phone_normalise(phone)
    now = now or timezone.now()
    with transaction.atomic():
        client_id, created, blocked = _guest_client(
            actor=actor, campaign=campaign, inviter=inviter, name=name, phone=phone, now=now
        )
        invitation = _insert(
            campaign=campaign,
            client_id=client_id,
            guest_name=name.strip(),
            phone=phone,
            invited_by=inviter,
            channel=channel,
            sent_at=sent_at,
            reply=reply,
            expected_head_count=expected_head_count,
            created_lead=created,
            blocked_by_owner=blocked,
        )
        if blocked is not None:
            transaction.on_commit(lambda: _notify_owner(invitation, blocked, campaign))
    return invitation


def invitation_update(
    *,
    actor: User,
    invitation: Invitation,
    channel: str,
    sent_at: datetime | None,
    reply: str,
    expected_head_count: int,
) -> Invitation:
    """R-CAM-4: how and when the invitation went out, and the guest's reply."""
    campaign = invitation.campaign
    _team_member(actor, campaign)
    _status_check(
        campaign, INVITE_OPEN, _("This campaign is %(status)s; its invitations are closed.")
    )
    _choices_check(channel, reply, expected_head_count)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.channel, invitation.sent_at, invitation.reply = channel, sent_at, reply
        invitation.expected_head_count = expected_head_count
        invitation.save(
            update_fields=["channel", "sent_at", "reply", "expected_head_count", "updated_at"]
        )
    return invitation


def _check_in_locked(invitation: Invitation, campaign: Campaign, me: Staff, now) -> Invitation:
    if invitation.campaign_id != campaign.pk:
        raise ValidationError(
            _("This guest is invited to another event, not to “%(campaign)s”.")
            % {"campaign": campaign.theme}
        )
    if invitation.checked_in_at is None:
        # A conditional update: of two taps that both got here, one claims the row.
        claimed = Invitation.objects.filter(pk=invitation.pk, checked_in_at__isnull=True).update(
            checked_in_at=now,
            checked_in_by=me,
            reply=InvitationReply.ACCEPTED,  # whoever came, accepted
            updated_at=timezone.now(),
        )
        if claimed:
            invitation.checked_in_at, invitation.checked_in_by = now, me
            invitation.reply = InvitationReply.ACCEPTED
            return _log_attendance(invitation, campaign, me, now)
        invitation = Invitation.objects.select_related("checked_in_by").get(pk=invitation.pk)
    raise ValidationError(
        _("%(guest)s is already checked in (%(time)s by %(staff)s); nothing was changed.")
        % {
            "guest": invitation.guest_name,
            "time": formats.date_format(timezone.localtime(invitation.checked_in_at), "H:i"),
            "staff": invitation.checked_in_by.name if invitation.checked_in_by else "",
        }
    )


def _log_attendance(invitation: Invitation, campaign: Campaign, me: Staff, now) -> Invitation:
    """R-CLI-2: the check-in on the client's timeline, as a follow-up of type event."""
    follow_up_log(
        client_id=invitation.client_id,
        kind=FollowUpKind.EVENT,
        summary=_("Checked in at the campaign “%(campaign)s”.") % {"campaign": campaign.theme},
        actor=me,
        at=now,
    )
    return invitation


def _door_check(actor: User, campaign: Campaign) -> Staff:
    me = _team_member(actor, campaign)
    _status_check(
        campaign,
        CHECK_IN_OPEN,
        _(
            "This campaign is %(status)s; guests are checked in while it is approved, "
            "preparing or running."
        ),
    )
    return me


def invitation_check_in(
    *, actor: User, campaign: Campaign, invitation_id: int, now: datetime | None = None
) -> Invitation:
    """R-CAM-4: check a guest in at the door, once. The row lock makes a double tap (or
    two staff at once) give one check-in; the later one is told, and changes nothing."""
    me = _door_check(actor, campaign)
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("checked_in_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            raise ValidationError(_("No such invitation."))
        return _check_in_locked(invitation, campaign, me, now)


def walk_in_check_in(
    *,
    actor: User,
    campaign: Campaign,
    inviter: Staff,
    name: str,
    phone: str,
    now: datetime | None = None,
) -> Invitation:
    """R-CAM-4: a guest who came without an invitation, added at the door and checked in.
    The guest becomes a lead of `inviter` like any new guest; a guest already on the
    list is checked in on their invitation."""
    me = _door_check(actor, campaign)
    _inviter_check(campaign, inviter)
    phone = phone_normalise(phone)
    now = now or timezone.now()
    with transaction.atomic():
        client_id, created, blocked = _guest_client(
            actor=actor, campaign=campaign, inviter=inviter, name=name, phone=phone, now=now
        )
        existing = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("checked_in_by")
            .filter(campaign=campaign, client_id=client_id)
            .first()
        )
        if existing is not None:
            return _check_in_locked(existing, campaign, me, now)
        invitation = _insert(
            campaign=campaign,
            client_id=client_id,
            guest_name=name.strip(),
            phone=phone,
            invited_by=inviter,
            channel=InvitationChannel.AT_DOOR,
            sent_at=None,
            reply=InvitationReply.PENDING,
            is_walk_in=True,
            created_lead=created,
            blocked_by_owner=blocked,
        )
        _check_in_locked(invitation, campaign, me, now)
        if blocked is not None:
            transaction.on_commit(lambda: _notify_owner(invitation, blocked, campaign))
    return invitation
