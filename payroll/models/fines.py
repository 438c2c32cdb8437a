"""R-FINE-3: the manager's confirmation that an unacknowledged fine counts in pay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FineConfirmation(models.Model):
    """A fine under a rulebook version its payer never acknowledged counts 0 until the
    manager confirms it here (or waives it through attendance). One per payer side."""

    class Side(models.TextChoices):
        PERSON = "person", _("the person's fine")
        LEADER = "leader", _("the leader's joint fine")

    violation = models.ForeignKey(
        "attendance.Violation", on_delete=models.PROTECT, related_name="pay_confirmations"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("fine confirmation")
        verbose_name_plural = _("fine confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "side"], name="fine_confirmed_once_per_side"
            )
        ]

    def __str__(self):
        return f"{self.violation_id} {self.side}"
