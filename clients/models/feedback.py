"""R-CLI-4: satisfaction surveys and complaints with a reply deadline."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped

from .clients import Client


class Feedback(TimeStamped):
    """A satisfaction survey answer: score 1–5 and a comment."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="feedback")
    at = models.DateTimeField(_("when"))
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.client} {self.score}"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Complaint(TimeStamped):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="complaints")
    received_at = models.DateTimeField(_("received at"))
    summary = models.TextField(_("complaint"))
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    reply_due_at = models.DateTimeField(_("reply due"), db_index=True)
    replied_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    client_satisfied = models.BooleanField(_("client satisfied"), null=True, blank=True)
    override_reason = models.CharField(_("manager's override"), max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        permissions = [("handle_complaints", _("Can record and handle complaints"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(client_satisfied=True) | ~Q(override_reason=""),
                name="complaint_closed_needs_satisfaction_or_override",
            )
        ]
        indexes = [models.Index(fields=["status", "reply_due_at"])]

    def __str__(self):
        return f"{self.client} {self.received_at:%Y-%m-%d}"


class ComplaintEntry(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        ACTION = "action", _("Action")
        RESULT = "result", _("Result")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("complaint log entry")
        verbose_name_plural = _("complaint log")
        ordering = ["complaint", "at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
