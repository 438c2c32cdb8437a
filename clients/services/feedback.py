"""R-CLI-4: surveys, complaints, their log, closing and the overdue flag."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Role, Staff
from outreach.services import notification_create

from ..models import Client, Complaint, ComplaintEntry, ComplaintStatus, Feedback
from ..policy import policy_in_force


def feedback_record(
    *, client_id: int, score: int, comment: str = "", actor: Staff | None, at=None
) -> Feedback:
    """A satisfaction survey of a client, recorded by `actor`."""
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": _("The score is from 1 to 5.")})
    with transaction.atomic():
        return Feedback.objects.create(
            client=Client.objects.get(pk=client_id),
            score=score,
            comment=comment,
            by=actor,
            at=at or timezone.now(),
        )


def complaint_record(
    *, client_id: int, summary: str, received_at: datetime, actor: Staff | None
) -> Complaint:
    """A complaint recorded by `actor`; the reply deadline is the received time + 24 h
    (a setting)."""
    if not summary.strip():
        raise ValidationError({"summary": _("Describe the complaint.")})
    hours = policy_in_force(received_at).complaint_reply_hours
    with transaction.atomic():
        return Complaint.objects.create(
            client=Client.objects.get(pk=client_id),
            summary=summary.strip(),
            received_at=received_at,
            recorded_by=actor,
            reply_due_at=received_at + timedelta(hours=hours),
        )


def complaint_log(
    *, complaint_id: int, kind: str, text: str, actor: Staff | None, at=None
) -> ComplaintEntry:
    at = at or timezone.now()
    if kind not in ComplaintEntry.Kind.values:
        raise ValidationError({"kind": _("Choose reply, action or result.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the reply, action or result.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ValidationError(_("This complaint is closed."))
        entry = ComplaintEntry.objects.create(
            complaint=complaint, kind=kind, text=text.strip(), by=actor, at=at
        )
        fields = ["updated_at"]
        if kind == ComplaintEntry.Kind.REPLY and complaint.replied_at is None:
            complaint.replied_at = at
            fields.append("replied_at")
        if kind == ComplaintEntry.Kind.RESULT:
            complaint.result = text.strip()
            fields.append("result")
        complaint.save(update_fields=fields)
    return entry


def complaint_close(
    *,
    complaint_id: int,
    actor: Staff,
    client_satisfied: bool,
    override_reason: str = "",
    at=None,
) -> Complaint:
    """Closing needs the client's recorded satisfaction or a manager's override with a
    reason (seed: 直至客户满意)."""
    at = at or timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ValidationError(_("This complaint is already closed."))
        if not client_satisfied:
            if actor.role != Role.MANAGER:
                raise ValidationError(
                    _("Close it when the client is satisfied, or ask the manager to override.")
                )
            if not override_reason.strip():
                raise ValidationError({"override_reason": _("Give the reason for the override.")})
        complaint.status, complaint.closed_at = ComplaintStatus.CLOSED, at
        complaint.closed_by = actor
        complaint.client_satisfied = client_satisfied
        complaint.override_reason = "" if client_satisfied else override_reason.strip()
        complaint.save(
            update_fields=[
                "status",
                "closed_at",
                "closed_by",
                "client_satisfied",
                "override_reason",
                "updated_at",
            ]
        )
    return complaint


def complaints_flag_overdue(*, now: datetime | None = None) -> int:
    """Open complaints without a reply past their deadline are flagged to the managers
    (one notification per manager and complaint; running it again adds nothing)."""
    now = now or timezone.now()
    overdue = Complaint.objects.filter(
        status=ComplaintStatus.OPEN, replied_at__isnull=True, reply_due_at__lte=now
    ).select_related("client")
    managers = list(get_user_model().objects.filter(staff__role=Role.MANAGER, is_active=True))
    count = 0
    for complaint in overdue.iterator(chunk_size=500):
        for manager in managers:
            notification_create(
                recipient=manager,
                kind="complaint_overdue",
                message=_("Complaint of %(client)s is past its reply deadline.")
                % {"client": complaint.client.name},
                target=complaint,
                link=reverse("complaint-detail", args=[complaint.pk]),
            )
        count += 1
    return count


def complaints_remind_due_soon(*, now: datetime | None = None, hours: int = 24) -> int:
    """R-DASH notifications: open complaints without a reply whose deadline falls within
    `hours` are signalled to the managers and the client's owner (one notification per
    person and complaint; running it again adds nothing)."""
    now = now or timezone.now()
    due = Complaint.objects.filter(
        status=ComplaintStatus.OPEN,
        replied_at__isnull=True,
        reply_due_at__gt=now,
        reply_due_at__lte=now + timedelta(hours=hours),
    ).select_related("client__current_lead__owner__user")
    managers = list(get_user_model().objects.filter(staff__role=Role.MANAGER, is_active=True))
    count = 0
    for complaint in due.iterator(chunk_size=500):
        lead = complaint.client.current_lead
        recipients = list(managers)
        if lead is not None and lead.owner is not None:
            recipients.append(lead.owner.user)
        for user in recipients:
            notification_create(
                recipient=user,
                kind="complaint_due_soon",
                message=_("Complaint of %(client)s must be answered by %(due)s.")
                % {
                    "client": complaint.client.name,
                    "due": timezone.localtime(complaint.reply_due_at).strftime("%m-%d %H:%M"),
                },
                target=complaint,
                link=reverse("complaint-detail", args=[complaint.pk]),
            )
        count += 1
    return count
