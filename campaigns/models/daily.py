"""R-DAY-1/2: the canvasser's daily report (拓客日志), one per person per day."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Point, Staff
from outreach.models.reference import TimeStamped

COUNT = {"default": 0}


class DailyReport(TimeStamped):
    """R-DAY-1: what one person did on one day; the leader reviews and comments."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="daily_reports"
    )
    day = models.DateField(_("day"))
    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.PROTECT, null=True, blank=True
    )
    flyers = models.PositiveIntegerField(_("flyers handed out"), **COUNT)
    contacts = models.PositiveIntegerField(_("contacts collected"), **COUNT)
    calls = models.PositiveIntegerField(_("calls made"), **COUNT)
    invitations = models.PositiveIntegerField(_("invitations"), **COUNT)
    visits_brought = models.PositiveIntegerField(_("visits brought"), **COUNT)
    # R-DAY-1: counts the system knows, filled in from the records when the report is
    # submitted; the person cannot type them.
    leads_registered = models.PositiveIntegerField(_("leads registered"), **COUNT)
    visits_confirmed = models.PositiveIntegerField(_("valid visits confirmed"), **COUNT)
    deals = models.PositiveIntegerField(_("deals signed"), **COUNT)
    hours_worked = models.DecimalField(
        _("hours worked"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    summary = models.TextField(_("summary"))
    problems = models.TextField(_("problems"), blank=True)
    tomorrow_plan = models.TextField(_("plan for tomorrow"), blank=True)
    # R-DAY-2: a double tap or a resend after a dropped connection carries the same key.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, default=uuid.uuid4)
    # Issue 20: when the phone says it was written (offline queue); created_at is arrival.
    acted_at = models.DateTimeField(_("written on the phone at"), null=True, blank=True)
    leader_comment = models.TextField(_("leader's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        Staff,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day", "staff"]
        indexes = [
            models.Index(fields=["day", "staff"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="dailyreport_updated_at_id"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day"], name="one_daily_report_per_day"),
        ]

    def __str__(self):
        return f"{self.staff} {self.day}"
