"""R-PLAN-2: expense claims (费用报销) with receipt photos; paid through payroll."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

from .events import Campaign
from .plans import TripPlan


class ClaimCategory(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    MEALS = "meals", _("Meals")
    LODGING = "lodging", _("Lodging")
    MATERIALS = "materials", _("Materials")
    COMMUNICATION = "communication", _("Phone and internet")
    OTHER = "other", _("Other")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExpenseClaim(TimeStamped):
    """R-PLAN-2: a claim for money spent on a trip or a campaign."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("claimant"), on_delete=models.PROTECT, related_name="expense_claims"
    )
    category = models.CharField(_("category"), max_length=20, choices=ClaimCategory.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("description"), max_length=300)
    trip_plan = models.ForeignKey(
        TripPlan,
        verbose_name=_("trip plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expense_claims",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expense_claims",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.CharField(_("comment"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("view_all_claims", _("Can see every expense claim")),
            ("approve_all_claims", _("Can approve anyone's expense claim")),
        ]
        indexes = [
            models.Index(fields=["status", "decided_at"]),
            models.Index(fields=["staff", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="claim_decision_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.staff} {self.amount} ({self.get_category_display()})"


class Receipt(TimeStamped):
    """A receipt photo of a claim (validated as an image, size-limited)."""

    claim = models.ForeignKey(
        ExpenseClaim, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("claim")
    )
    image = models.ImageField(_("receipt photo"), upload_to=StoredName("receipts"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["pk"]

    def __str__(self):
        return self.image.name
