"""Writes of campaigns (R-CAM-1), their budget (R-CAM-2) and checklist (R-CAM-3)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.guard import can, require
from outreach.models import Staff
from outreach.selectors import staff_of
from outreach.validators import entered_day_validate, printable_text_clean

from ..models import BudgetLine, Campaign, CampaignStatus, CampaignTransition, PrepTask

S = CampaignStatus
CENT = Decimal("0.01")

# R-CAM-1: the allowed moves; "approve" moves need the approver, the rest the owner.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.CANCELLED),
    S.SUBMITTED: (S.APPROVED, S.DRAFT, S.CANCELLED),
    S.APPROVED: (S.PREPARING, S.CANCELLED),
    S.PREPARING: (S.RUNNING, S.CANCELLED),
    S.RUNNING: (S.FINISHED, S.CANCELLED),
    S.FINISHED: (S.REVIEWED,),
    S.REVIEWED: (),
    S.CANCELLED: (),
}
# Moves only an approver (manager) may make: approving, sending back, closing the review.
APPROVER_MOVES = {(S.SUBMITTED, S.APPROVED), (S.SUBMITTED, S.DRAFT), (S.FINISHED, S.REVIEWED)}
# Budget and checklist are frozen once the campaign is reviewed or cancelled.
CLOSED = {S.REVIEWED, S.CANCELLED}


@dataclass(frozen=True)
class DefaultTask:
    title: str | Promise  # gettext_lazy: translated when a campaign is made
    days_before: int
    is_safety_plan: bool = False


# R-CAM-3: the checklist every new campaign starts with.
DEFAULT_CHECKLIST = (
    DefaultTask(gettext_lazy("Book the venue"), 14),
    DefaultTask(gettext_lazy("Send the invitations"), 10),
    DefaultTask(gettext_lazy("Prepare materials and gifts"), 5),
    DefaultTask(gettext_lazy("Safety and emergency plan"), 3, is_safety_plan=True),
    DefaultTask(gettext_lazy("Brief the staff on roles and the run sheet"), 1),
)


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def can_run(user: User, campaign: Campaign) -> bool:
    """The owner or an approver may run a campaign's preparation and budget."""
    if can(user, "campaigns.approve_campaigns"):
        return True
    me = staff_of(user)
    return me is not None and me.pk == campaign.owner_id


def _runner_check(actor: User, campaign: Campaign) -> None:
    """Refuse (PermissionDenied) unless the actor runs this campaign (`can_run`)."""
    if not can_run(actor, campaign):
        raise PermissionDenied


def _open_check(campaign: Campaign) -> None:
    """R-CAM-2/3: a reviewed or cancelled campaign's budget and checklist are frozen."""
    if campaign.status in CLOSED:
        raise ValidationError(
            _("This campaign is %(status)s; its budget and checklist can no longer change.")
            % {"status": campaign.get_status_display()}
        )


def campaign_create(
    *,
    actor: User,
    theme: str,
    kind: str,
    starts_at: datetime,
    owner: Staff,
    ends_at: datetime | None = None,
    venue: str = "",
    goal: str = "",
    content: str = "",
    participants: list[Staff] | tuple = (),
    target_invited: int = 0,
    target_attending: int = 0,
    target_new_leads: int = 0,
) -> Campaign:
    """R-CAM-1 + R-CAM-3: a draft campaign with the default checklist (incl. the safety
    and emergency plan), due before the start, owned by the campaign's owner."""
    theme = printable_text_clean(theme, field="theme")
    campaign = Campaign(
        theme=theme,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        goal=goal,
        content=content,
        owner=owner,
        target_invited=target_invited,
        target_attending=target_attending,
        target_new_leads=target_new_leads,
    )
    campaign.full_clean()
    entered_day_validate(starts_at, field="starts_at")
    entered_day_validate(ends_at, field="ends_at")
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("The end cannot be before the start.")})
    with transaction.atomic():
        campaign.save()
        campaign.participants.set(participants)
        start_day = timezone.localtime(starts_at).date()
        PrepTask.objects.bulk_create(
            PrepTask(
                campaign=campaign,
                title=str(task.title),
                owner=owner,
                due_date=start_day - timedelta(days=task.days_before),
                is_safety_plan=task.is_safety_plan,
            )
            for task in DEFAULT_CHECKLIST
        )
    return campaign


CAMPAIGN_FIELDS = (
    "theme",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "goal",
    "content",
    "owner",
    "target_invited",
    "target_attending",
    "target_new_leads",
    "lessons",
)


def campaign_update(*, actor: User, campaign: Campaign, participants=None, **fields) -> Campaign:
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"campaign_update() got unexpected fields {sorted(unknown)}")
    _runner_check(actor, campaign)
    if "theme" in fields:
        fields["theme"] = printable_text_clean(fields["theme"], field="theme")
    for name in ("starts_at", "ends_at"):
        if name in fields:
            entered_day_validate(fields[name], field=name)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status in CLOSED:
            raise ValidationError(_("A reviewed or cancelled campaign can no longer change."))
        for name, value in fields.items():
            setattr(campaign, name, value)
        campaign.full_clean()
        campaign.save(update_fields=[*fields, "updated_at"])
        if participants is not None:
            campaign.participants.set(participants)
    return campaign


def campaign_transition(
    *, actor: User, campaign: Campaign, to_status: str, note: str = ""
) -> Campaign:
    """R-CAM-1: move a campaign along draft → … → reviewed (or cancel it), logging who
    moved it and when. Moves not in TRANSITIONS are refused."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        current = campaign.status
        if to_status not in TRANSITIONS.get(current, ()):
            raise ValidationError(
                _("A %(current)s campaign cannot become %(target)s.")
                % {
                    "current": S(current).label,
                    "target": S(to_status).label if to_status in S.values else to_status,
                }
            )
        if (current, to_status) in APPROVER_MOVES:
            require(actor, "campaigns.approve_campaigns")
        else:
            _runner_check(actor, campaign)
        if (
            to_status == S.SUBMITTED
            and not campaign.budget_lines.filter(is_cancelled=False).exists()
        ):
            raise ValidationError(_("Add at least one budget line before submitting."))
        campaign.status = to_status
        campaign.save(update_fields=["status", "updated_at"])
        CampaignTransition.objects.create(
            campaign=campaign, from_status=current, to_status=to_status, actor=actor, note=note
        )
    return campaign


# --- budget (R-CAM-2) ------------------------------------------------------------------


def budget_line_add(
    *,
    actor: User,
    campaign: Campaign,
    category: str,
    planned: Decimal,
    description: str = "",
) -> BudgetLine:
    _runner_check(actor, campaign)
    _open_check(campaign)
    line = BudgetLine(
        campaign=campaign, category=category, planned=_money(planned), description=description
    )
    line.full_clean()
    with transaction.atomic():
        line.save()
    return line


def budget_line_record_actual(*, actor: User, line: BudgetLine, actual: Decimal) -> BudgetLine:
    """R-CAM-2: record what a line really cost; a cancelled line refuses actual spend."""
    _runner_check(actor, line.campaign)
    _open_check(line.campaign)
    if actual is None or actual < 0:
        raise ValidationError({"actual": _("The actual amount cannot be negative.")})
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if line.is_cancelled:
            raise ValidationError(
                {"actual": _("This budget line is cancelled; it cannot take actual spend.")}
            )
        line.actual = _money(actual)
        line.save(update_fields=["actual", "updated_at"])
    return line


def budget_line_cancel(*, actor: User, line: BudgetLine) -> BudgetLine:
    """R-CAM-2: cancel a line not yet spent (money rows are never deleted)."""
    _runner_check(actor, line.campaign)
    _open_check(line.campaign)
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if line.actual is not None:
            raise ValidationError(
                _("Money was already spent on this line; it cannot be cancelled.")
            )
        line.is_cancelled = True
        line.save(update_fields=["is_cancelled", "updated_at"])
    return line


# --- checklist (R-CAM-3) ---------------------------------------------------------------


def prep_task_add(
    *, actor: User, campaign: Campaign, title: str, owner: Staff, due_date: date
) -> PrepTask:
    _runner_check(actor, campaign)
    _open_check(campaign)
    task = PrepTask(campaign=campaign, title=title, owner=owner, due_date=due_date)
    task.full_clean()
    with transaction.atomic():
        task.save()
    return task


def prep_task_set_done(*, actor: User, task: PrepTask, done: bool = True) -> PrepTask:
    """The task's owner, the campaign's owner or an approver ticks a task (or unticks it)."""
    me = staff_of(actor)
    if not (can_run(actor, task.campaign) or (me is not None and me.pk == task.owner_id)):
        raise PermissionDenied
    _open_check(task.campaign)
    task.done_at = timezone.now() if done else None
    with transaction.atomic():
        task.save(update_fields=["done_at", "updated_at"])
    return task
