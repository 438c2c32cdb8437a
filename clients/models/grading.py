"""R-CLI-5 and R-CLI-7: grading weights and thresholds, care cadence, festivals."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models.reference import TimeStamped

from .clients import ClientGrade


def _dec(name, default, digits=5, places=2):
    return models.DecimalField(
        name, max_digits=digits, decimal_places=places, default=Decimal(default)
    )


class GradingPolicy(TimeStamped):
    """Score = 100 × (w_spend × min(spend / spend_full, 1) + w_freq × min(deals /
    deals_full, 1) + w_potential × (potential − 1) / 4); A from threshold_a, B from
    threshold_b, else C. Spend and deals count signed, not cancelled deals of 12 months."""

    effective_from = models.DateField(_("effective from"), unique=True)
    weight_spend = _dec(_("weight of spend"), "0.50")
    weight_frequency = _dec(_("weight of deal frequency"), "0.30")
    weight_potential = _dec(_("weight of potential"), "0.20")
    spend_full = _dec(_("spend for a full spend score"), "2000000", digits=12)
    deals_full = models.PositiveSmallIntegerField(_("deals for a full frequency score"), default=2)
    threshold_a = _dec(_("score from which A"), "60")
    threshold_b = _dec(_("score from which B"), "30")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading policy")
        verbose_name_plural = _("grading policies")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.effective_from:%Y-%m-%d}"


class CareMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    FACE = "face", _("Face to face")


DEFAULT_CARE = {
    ClientGrade.A: (30, CareMethod.FACE),
    ClientGrade.B: (90, CareMethod.PHONE),
    ClientGrade.C: (180, CareMethod.QUESTIONNAIRE),
}


class CarePolicy(TimeStamped):
    """R-CLI-7: how often each grade is followed up and how."""

    grade = models.CharField(_("grade"), max_length=1, choices=ClientGrade.choices, unique=True)
    cadence_days = models.PositiveSmallIntegerField(_("follow up every (days)"))
    method = models.CharField(_("return-visit method"), max_length=15, choices=CareMethod.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care cadence")
        verbose_name_plural = _("care cadences")
        ordering = ["grade"]

    def __str__(self):
        return f"{self.grade}: {self.cadence_days}"


class Festival(models.Model):
    """A festival greeting day (节日问候)."""

    name = models.CharField(_("name"), max_length=50)
    day = models.DateField(_("day"), unique=True)

    class Meta:
        verbose_name = _("festival")
        verbose_name_plural = _("festivals")
        ordering = ["day"]

    def __str__(self):
        return f"{self.name} {self.day:%Y-%m-%d}"
