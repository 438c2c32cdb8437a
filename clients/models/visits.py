"""R-LEAD-4: the visitor book and the day's consultant rotation (轮排)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped

from .leads import Lead, OwnershipPeriod


class VisitState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RECEIVING = "receiving", _("Being received")
    ENDED = "ended", _("Reception ended")


class Visit(TimeStamped):
    """A visit to the sales office. Confirmation by the receiving consultant stamps the
    time, the ownership period and the credited person; after it the visit is frozen."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="visits")
    brought_by = models.ForeignKey(
        Staff, verbose_name=_("brought by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived at"))
    state = models.CharField(
        _("state"), max_length=10, choices=VisitState.choices, default=VisitState.WAITING
    )
    consultant = models.ForeignKey(
        Staff,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_visits",
    )
    reception_ended_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    period = models.ForeignKey(
        OwnershipPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    credited_staff = models.ForeignKey(
        Staff,
        verbose_name=_("credited to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-arrived_at", "-id"]
        permissions = [("confirm_visit", _("Can confirm the visits one receives"))]
        indexes = [
            models.Index(fields=["confirmed_at"]),
            models.Index(fields=["period", "confirmed_at"]),
            models.Index(fields=["arrived_at"]),
            models.Index(fields=["updated_at", "id"], name="visit_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.lead} {timezone.localtime(self.arrived_at):%Y-%m-%d %H:%M}"


class ConsultantState(models.TextChoices):
    ON_DUTY = "on_duty", _("On duty")
    BUSY = "busy", _("Busy with a client")
    LUNCH = "lunch", _("At lunch")
    OUT = "out", _("Out on business")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")


class RotationMember(models.Model):
    """A consultant in a day's queue: position (lower = nearer the head) and state."""

    day = models.DateField(_("day"))
    consultant = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    state = models.CharField(
        _("state"), max_length=10, choices=ConsultantState.choices, default=ConsultantState.ON_DUTY
    )
    sat_out = models.BooleanField(_("out of the queue today"), default=False)

    class Meta:
        verbose_name = _("rotation place")
        verbose_name_plural = _("rotation")
        ordering = ["day", "position"]
        constraints = [
            models.UniqueConstraint(fields=["day", "consultant"], name="rotation_once_a_day"),
            models.UniqueConstraint(
                fields=["day", "position"],
                condition=Q(sat_out=False),
                name="rotation_one_place_per_position",
            ),
        ]

    def __str__(self):
        return f"{self.day} #{self.position} {self.consultant}"


class RotationLogKind(models.TextChoices):
    HANDOUT = "handout", _("Handed out (turn taken)")
    FILL_IN = "fill_in", _("Filled in (补接, no turn charged)")
    SKIP = "skip", _("Skipped for the day (轮空)")
    WAIT = "wait", _("Nobody free: visitor waits")
    STATE = "state", _("State changed")
    JOIN = "join", _("Joined at the end")
    END = "end", _("Reception ended")


class RotationLog(models.Model):
    """Every handout, skip and reason, so a manager can replay the day."""

    day = models.DateField(_("day"), db_index=True)
    at = models.DateTimeField(_("when"))
    kind = models.CharField(_("what"), max_length=10, choices=RotationLogKind.choices)
    consultant = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rotation log entry")
        verbose_name_plural = _("rotation log")
        ordering = ["day", "at", "id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%H:%M} {self.get_kind_display()}"
