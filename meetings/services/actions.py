"""R-PLAN-5: action items — agreed at a meeting with an owner and a due date, marked
done (who and when) by the owner, the group's leader or a manager."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Staff
from outreach.services import notification_create

from ..models import ActionItem, Meeting, MeetingState
from .common import actor_staff, may_run_group, require_run_group


def action_item_add(
    *, actor: User, meeting: Meeting, text: str, owner: Staff, due_on: date | None = None
) -> ActionItem:
    """R-PLAN-5: the leader records an action item for one of the meeting's people."""
    me = require_run_group(actor, meeting.group)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if not text.strip():
        raise ValidationError({"text": _("Say what is to be done.")})
    if not meeting.attendees.filter(staff=owner).exists():
        raise ValidationError({"owner": _("The owner must be one of the meeting's people.")})
    if due_on is not None and due_on < meeting.day:
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting, text=text.strip(), owner=owner, due_on=due_on, created_by=me
        )
        transaction.on_commit(
            lambda: notification_create(
                recipient=owner.user,
                kind="meetings.action_item",
                message=_("Action item for you: %(text)s") % {"text": item.text},
                target=item,
                link=reverse("meeting-detail", args=[meeting.pk]),
            )
        )
    return item


def action_item_done(*, actor: User, item: ActionItem) -> ActionItem:
    """R-PLAN-5: mark an action item done, keeping who and when; once."""
    me = actor_staff(actor)
    if item.owner_id != me.pk and not may_run_group(actor, item.meeting.group):
        raise ValidationError(
            _("Only the owner, the group's leader or a manager marks this item done.")
        )
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.done_at is not None:
            raise ValidationError(_("This action item is already done."))
        item.done_at = timezone.now()
        item.done_by = me
        item.save(update_fields=["done_at", "done_by", "updated_at"])
    return item
