"""R-CLI-3: a business client's cooperation (合作意向洽谈 → 合作协议签订 → 跟进执行)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped

from .clients import Client


class CooperationStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    DRAFTED = "drafted", _("Agreement drafted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    RUNNING = "running", _("Running (followed up)")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


# from → the states it may move to; review can send a draft back.
COOPERATION_FLOW = {
    CooperationStatus.NEGOTIATING: [CooperationStatus.DRAFTED, CooperationStatus.CANCELLED],
    CooperationStatus.DRAFTED: [CooperationStatus.UNDER_REVIEW, CooperationStatus.CANCELLED],
    CooperationStatus.UNDER_REVIEW: [
        CooperationStatus.APPROVED,
        CooperationStatus.DRAFTED,
        CooperationStatus.CANCELLED,
    ],
    CooperationStatus.APPROVED: [CooperationStatus.SIGNED, CooperationStatus.CANCELLED],
    CooperationStatus.SIGNED: [CooperationStatus.RUNNING],
    CooperationStatus.RUNNING: [CooperationStatus.ENDED],
    CooperationStatus.ENDED: [],
    CooperationStatus.CANCELLED: [],
}


class Cooperation(TimeStamped):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cooperations")
    services = models.TextField(_("service content"))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    proposal = models.TextField(_("tailored proposal"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=CooperationStatus.choices,
        default=CooperationStatus.NEGOTIATING,
    )
    note = models.CharField(_("last note"), max_length=200, blank=True)
    owner = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-created_at", "-id"]
        permissions = [("approve_cooperation", _("Can approve cooperation agreements"))]

    def __str__(self):
        return f"{self.client} {self.get_status_display()}"
