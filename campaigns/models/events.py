"""R-CAM-1…3: campaigns / events, their transition log, budget lines and checklist."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class CampaignKind(models.TextChoices):
    PARTY = "party", _("Themed party")
    FORUM = "forum", _("Business forum")
    TASTING = "tasting", _("Tasting")
    BANQUET = "banquet", _("Business banquet")
    LAUNCH = "launch", _("Launch")
    APPRECIATION = "appreciation", _("Client appreciation")
    SALON = "salon", _("Client salon")
    EXPO = "expo", _("Expo")
    FLYER = "flyer", _("Flyer drive")
    ROADSHOW = "roadshow", _("Roadshow")
    GROUP_PURCHASE = "group_purchase", _("Group purchase")
    OTHER = "other", _("Other")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PREPARING = "preparing", _("Preparing")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    REVIEWED = "reviewed", _("Reviewed")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(TimeStamped):
    """R-CAM-1: an event (活动) with its owner, participants, targets and status."""

    theme = models.CharField(_("theme"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    content = models.TextField(_("content"), blank=True)
    owner = models.ForeignKey(
        Staff, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="campaigns_owned"
    )
    participants = models.ManyToManyField(
        Staff, verbose_name=_("participants"), blank=True, related_name="campaigns_joined"
    )
    target_invited = models.PositiveIntegerField(_("target: invited"), default=0)
    target_attending = models.PositiveIntegerField(_("target: attending"), default=0)
    target_new_leads = models.PositiveIntegerField(_("target: new leads"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_at", "-pk"]
        permissions = [
            ("view_campaigns", _("Can see the campaigns they own or take part in")),
            ("view_all_campaigns", _("Can see every campaign")),
            ("manage_campaigns", _("Can create and run campaigns")),
            ("approve_campaigns", _("Can approve and review campaigns")),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["kind", "starts_at"]),
            models.Index(fields=["owner", "starts_at"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="campaign_updated_at_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.theme


class CampaignTransition(models.Model):
    """R-CAM-1: who moved a campaign from which status to which, and when."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("campaign")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=CampaignStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=CampaignStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.campaign_id}: {self.from_status} → {self.to_status}"


class BudgetCategory(models.TextChoices):
    VENUE = "venue", _("Venue")
    CATERING = "catering", _("Catering")
    PROMOTION = "promotion", _("Promotion")
    GIFTS = "gifts", _("Gifts")
    MATERIALS = "materials", _("Materials")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class BudgetLine(TimeStamped):
    """R-CAM-2: one line of a campaign's budget, planned vs actual."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("campaign")
    )
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    planned = models.DecimalField(_("planned"), **MONEY)
    actual = models.DecimalField(_("actual"), null=True, blank=True, **MONEY)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["campaign", "category", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0),
                name="budget_actual_not_negative",
            ),
            # R-CAM-2: a cancelled line carries no actual spend.
            models.CheckConstraint(
                condition=Q(is_cancelled=False) | Q(actual__isnull=True),
                name="budget_cancelled_line_has_no_actual",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.description}".strip()

    @property
    def variance(self):
        return None if self.actual is None else self.actual - self.planned

    @property
    def is_overrun(self) -> bool:
        return self.actual is not None and self.actual > self.planned


class PrepTask(TimeStamped):
    """R-CAM-3: a preparation task (活动筹备) with its owner, due date and completion."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("campaign")
    )
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        Staff, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="prep_tasks"
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    is_safety_plan = models.BooleanField(_("safety and emergency plan"), default=False)

    class Meta:
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_date"])]

    def __str__(self):
        return self.title
