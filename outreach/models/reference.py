"""R-ROLE-4 and R-ROLE-6: agencies and the reference data every app reads."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WorkCity(TimeStamped):
    """R-ROLE-6: a city people work in; its minimum wage floors fines (R-FINE-2)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    monthly_minimum_wage = models.DecimalField(
        _("monthly minimum wage"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty when no floor applies (the default)."),
    )
    money_fines_allowed = models.BooleanField(_("money fines allowed"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work city")
        verbose_name_plural = _("work cities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Point(TimeStamped):
    """R-ROLE-6: a canvassing point (派单点位)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.ForeignKey(
        WorkCity, verbose_name=_("work city"), on_delete=models.PROTECT, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="point_coordinates_both_or_neither",
            )
        ]

    def __str__(self):
        return self.name


class Agency(TimeStamped):
    """R-ROLE-4: a third-party flyer agency (第三方派单公司) supplying people."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    terms = models.TextField(_("contract terms"), blank=True)
    evaluation_score = models.PositiveSmallIntegerField(
        _("evaluation score (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="agency_contract_period_ordered",
            )
        ]

    def __str__(self):
        return self.name


class PaidDaysSetting(TimeStamped):
    """R-ROLE-6: monthly paid days turning a monthly base into a day wage (21.75).

    Effective-dated, so a past month always reads the value it was paid with.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    days = models.DecimalField(
        _("monthly paid days"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("31"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly paid days")
        verbose_name_plural = _("monthly paid days")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.days} ({self.effective_from:%Y-%m-%d})"


class ClosedPayMonth(models.Model):
    """R-ROLE-6: a month whose facts are frozen because payroll locked its run."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("closed pay month")
        verbose_name_plural = _("closed pay months")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="closed_pay_month_is_first_day")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"
