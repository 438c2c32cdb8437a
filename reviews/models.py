"""R-PLAN-6: the quarterly outreach review (拓客总结), one per quarter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.reference import TimeStamped


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class QuarterlyReview(TimeStamped):
    """A quarter's review: the figures the job computed when the quarter closed (a JSON
    snapshot, money as strings of Decimals, see `reviews.figures`), the manager's
    analysis and next quarter's focus. Published, it is read-only."""

    quarter = models.DateField(_("quarter"), unique=True, help_text=_("The quarter's first day."))
    state = models.CharField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    analysis = models.TextField(_("analysis: results and shortfalls"), blank=True)
    focus = models.TextField(_("next quarter's focus"), blank=True)
    drafted_at = models.DateTimeField(_("figures computed at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly review")
        verbose_name_plural = _("quarterly reviews")
        ordering = ["-quarter"]
        permissions = [
            ("view_reviews", _("Can read published quarterly reviews")),
            ("manage_reviews", _("Can edit, refresh and publish quarterly reviews")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="review_published_has_a_time",
            ),
            models.CheckConstraint(
                condition=Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="review_quarter_is_a_quarter_start",
            ),
        ]
        indexes = [models.Index(fields=["state", "quarter"])]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.quarter.year}Q{(self.quarter.month - 1) // 3 + 1}"

    @property
    def is_published(self) -> bool:
        return self.state == ReviewState.PUBLISHED
