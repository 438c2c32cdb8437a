"""Payroll data (SPEC §5): the versioned pay policy and monthly targets."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Group, Staff
from outreach.models.reference import TimeStamped

from ..calc import PayPolicy as PolicyRates

RATE = {
    "max_digits": 5,
    "decimal_places": 4,
    "validators": [MinValueValidator(0), MaxValueValidator(1)],
}
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}
DEFAULTS = PolicyRates()


class CommissionTrigger(models.TextChoices):
    FIRST_PAYMENT = "first_payment", _("Signed and first payment received")
    SIGNING = "signing", _("On signing")


class PayPolicy(TimeStamped):
    """R-PAY-1…7 rates as data, versioned: a month uses the version in force on its 1st."""

    effective_from = models.DateField(_("effective from"), unique=True)
    performance_share = models.DecimalField(
        _("performance share of the wage"), default=DEFAULTS.performance_share, **RATE
    )
    conversion_weight = models.DecimalField(
        _("weight of call-to-visit conversions"), default=DEFAULTS.conversion_weight, **RATE
    )
    visit_weight = models.DecimalField(
        _("weight of valid visits"), default=DEFAULTS.visit_weight, **RATE
    )
    conversion_bonus = models.DecimalField(
        _("bonus per conversion above target"), default=DEFAULTS.conversion_bonus, **MONEY
    )
    visit_bonus = models.DecimalField(
        _("bonus per valid visit above target"), default=DEFAULTS.visit_bonus, **MONEY
    )
    commission_per_unit = models.DecimalField(
        _("commission per unit"), default=DEFAULTS.commission_per_unit, **MONEY
    )
    override_per_unit = models.DecimalField(
        _("leader override per unit"), default=DEFAULTS.override_per_unit, **MONEY
    )
    award_conversions = models.DecimalField(
        _("award: best call-to-visit group"), default=DEFAULTS.award_conversions, **MONEY
    )
    award_visits = models.DecimalField(
        _("award: best valid-visit group"), default=DEFAULTS.award_visits, **MONEY
    )
    award_deals = models.DecimalField(
        _("award: best deal group"), default=DEFAULTS.award_deals, **MONEY
    )
    deduction_cap = models.DecimalField(
        _("fines cap, share of gross"), default=DEFAULTS.deduction_cap, **RATE
    )
    commission_trigger = models.CharField(
        _("commission accrues"),
        max_length=20,
        choices=CommissionTrigger.choices,
        default=CommissionTrigger.FIRST_PAYMENT,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pay policy")
        verbose_name_plural = _("pay policies")
        ordering = ["-effective_from"]
        permissions = [("manage_pay_policy", _("Can edit the pay policy"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(conversion_weight__lte=1) & Q(visit_weight__lte=1),
                name="pay_policy_weights_are_shares",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1), name="pay_policy_starts_on_a_first"
            ),
        ]

    def __str__(self):
        return f"{self.effective_from:%Y-%m}"

    def rates(self) -> PolicyRates:
        return PolicyRates(
            **{name: getattr(self, name) for name in PolicyRates.__dataclass_fields__}
        )


class TargetStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class Target(TimeStamped):
    """R-PAY-3: a month's targets for a person or a group. Empty means "no target"."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    conversions = models.PositiveIntegerField(_("call-to-visit conversions"), null=True, blank=True)
    visits = models.PositiveIntegerField(_("valid visits"), null=True, blank=True)
    deals = models.PositiveIntegerField(_("deal units"), null=True, blank=True)
    # Visit and call targets are proposed by the outreach manager and approved by the
    # sales manager; deal targets are set by the sales manager directly.
    status = models.CharField(
        _("visit and call targets"),
        max_length=10,
        choices=TargetStatus.choices,
        default=TargetStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-month"]
        permissions = [
            ("propose_targets", _("Can propose visit and call targets")),
            ("approve_targets", _("Can approve visit and call targets and set deal targets")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, group__isnull=True)
                | Q(staff__isnull=True, group__isnull=False),
                name="target_for_a_person_or_a_group",
            ),
            models.UniqueConstraint(
                fields=["staff", "month"],
                condition=Q(staff__isnull=False),
                name="target_one_per_person_month",
            ),
            models.UniqueConstraint(
                fields=["group", "month"],
                condition=Q(group__isnull=False),
                name="target_one_per_group_month",
            ),
            models.CheckConstraint(
                condition=Q(conversions__isnull=True) | Q(conversions__gt=0),
                name="target_conversions_absent_or_positive",
            ),
            models.CheckConstraint(
                condition=Q(visits__isnull=True) | Q(visits__gt=0),
                name="target_visits_absent_or_positive",
            ),
            models.CheckConstraint(
                condition=Q(deals__isnull=True) | Q(deals__gt=0),
                name="target_deals_absent_or_positive",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="target_month_is_a_first"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.staff or self.group}"
