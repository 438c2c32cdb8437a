"""R-POOL-1, R-POOL-3, R-LEAD-6: the numbers of the lead rules, as effective-dated data."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.reference import TimeStamped


class LeadPolicy(TimeStamped):
    """The lead rules in force from a day; with no row the defaults below apply."""

    effective_from = models.DateField(_("effective from"), unique=True)
    protect_days_without_visit = models.PositiveSmallIntegerField(
        _("protection without a confirmed visit (days)"),
        default=14,
        validators=[MinValueValidator(1)],
    )
    protect_days_with_visit = models.PositiveSmallIntegerField(
        _("protection with a confirmed visit (days)"), default=30, validators=[MinValueValidator(1)]
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind owners this many days before expiry"), default=3
    )
    daily_claim_limit = models.PositiveSmallIntegerField(_("pool claims per day"), default=20)
    max_leads_held = models.PositiveIntegerField(_("most leads held at once"), default=300)
    cooling_days = models.PositiveSmallIntegerField(
        _("days before a previous owner may claim back"), default=7
    )
    takeover_hours = models.PositiveIntegerField(
        _("hours after the first confirmed visit before a takeover"), default=240
    )
    complaint_reply_hours = models.PositiveSmallIntegerField(
        _("hours to reply to a complaint"), default=24
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lead policy")
        verbose_name_plural = _("lead policies")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{_('lead policy')} {self.effective_from:%Y-%m-%d}"
