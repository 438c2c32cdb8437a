"""R-CLI-3, R-LEAD-3, R-PAY-5: deals (成交) and who is credited."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped

from .leads import Lead


class DealStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


class Deal(TimeStamped):
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="deals")
    project = models.CharField(_("project"), max_length=100)
    units = models.PositiveSmallIntegerField(_("units (套)"), default=0)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    signed_on = models.DateField(_("signed on"))
    first_payment_on = models.DateField(_("first payment received on"), null=True, blank=True)
    consultant = models.ForeignKey(
        Staff, verbose_name=_("consultant"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    credited_staff = models.ForeignKey(
        Staff,
        verbose_name=_("credited canvasser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credited_deals",
    )
    credit_reason = models.CharField(_("why the credit changed"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DealStatus.choices, default=DealStatus.SIGNED
    )
    cancel_cause = models.CharField(_("cancellation cause"), max_length=200, blank=True)
    canvasser_fault = models.BooleanField(_("canvasser's fault"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Issue 21: the key an outside system sent with the deal (Idempotency-Key), so a
    # deal imported twice is one deal; unique, so a race of two inserts one row.
    external_key = models.UUIDField(_("outside system's key"), null=True, blank=True, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-signed_on", "-id"]
        permissions = [
            ("record_deal", _("Can record and cancel deals")),
            ("change_deal_credit", _("Can change who is credited for a deal")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="signed", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="deal_cancelled_iff_cancel_time",
            ),
        ]
        indexes = [
            models.Index(fields=["signed_on"]),
            models.Index(fields=["first_payment_on"]),
            models.Index(fields=["cancelled_at"]),
            models.Index(fields=["updated_at", "id"], name="deal_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.project} {self.units} {self.signed_on:%Y-%m-%d}"
