"""R-PLAN-3 market intelligence; R-PLAN-4 materials and scripts library, handouts."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from outreach.models import Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

from .events import Campaign
from .plans import WeeklyPlan


class NoteKind(models.TextChoices):
    TREND = "trend", _("Market trend")
    COMPETITOR = "competitor", _("Competitor")


class MarketNote(TimeStamped):
    """R-PLAN-3: a dated note (市场调研) on the market or a competitor."""

    observed_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    author = models.ForeignKey(
        Staff, verbose_name=_("author"), on_delete=models.PROTECT, related_name="market_notes"
    )
    competitor = models.CharField(_("competitor"), max_length=200, blank=True)
    offer = models.CharField(_("offer"), max_length=300, blank=True)
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    activity_seen = models.CharField(_("activity seen"), max_length=300, blank=True)
    content = models.TextField(_("notes"), blank=True)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("campaigns"), blank=True, related_name="market_notes"
    )
    plans = models.ManyToManyField(
        WeeklyPlan, verbose_name=_("weekly plans"), blank=True, related_name="market_notes"
    )

    class Meta:
        verbose_name = _("market note")
        verbose_name_plural = _("market notes")
        ordering = ["-observed_on", "-pk"]
        permissions = [("manage_market", _("Can write market notes and screening criteria"))]
        indexes = [models.Index(fields=["kind", "observed_on"])]

    def __str__(self):
        return f"{self.observed_on} {self.competitor or self.get_kind_display()}"


class ScreeningCriterion(TimeStamped):
    """R-PLAN-3: who is a target customer: size, standing in the industry, spending power."""

    title = models.CharField(_("title"), max_length=200)
    company_size = models.CharField(_("company size"), max_length=200, blank=True)
    industry_standing = models.CharField(_("standing in the industry"), max_length=200, blank=True)
    spending_power = models.CharField(_("spending power"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("campaigns"), blank=True, related_name="screening_criteria"
    )
    plans = models.ManyToManyField(
        WeeklyPlan, verbose_name=_("weekly plans"), blank=True, related_name="screening_criteria"
    )

    class Meta:
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        ordering = ["title"]

    def __str__(self):
        return self.title


class LibraryKind(models.TextChoices):
    BROCHURE = "brochure", _("Brochure")
    FLOOR_PLAN = "floor_plan", _("Floor plan")
    PRICE_POLICY = "price_policy", _("Price policy")
    PITCH_SCRIPT = "pitch_script", _("Unified pitch script")
    OTHER = "other", _("Other")


class LibraryItem(TimeStamped):
    """R-PLAN-4: something canvassers show or say (物料与说辞), readable on a phone."""

    kind = models.CharField(_("kind"), max_length=20, choices=LibraryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=StoredName("library"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library")
        ordering = ["kind", "title"]
        permissions = [
            ("view_library", _("Can read the materials and scripts library")),
            ("manage_library", _("Can edit the materials and scripts library")),
        ]

    def __str__(self):
        return self.title


class MaterialHandout(TimeStamped):
    """R-PLAN-4: materials one person received, used and returned on one day."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="handouts"
    )
    day = models.DateField(_("day"))
    material = models.CharField(_("material"), max_length=100)
    item = models.ForeignKey(
        LibraryItem,
        verbose_name=_("library item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    received = models.PositiveIntegerField(_("received"), default=0)
    used = models.PositiveIntegerField(_("used"), default=0)
    returned = models.PositiveIntegerField(_("returned"), default=0)
    recorded_by = models.ForeignKey(
        Staff, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("material handout")
        verbose_name_plural = _("material handouts")
        ordering = ["-day", "staff", "material"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "day", "material"], name="one_handout_per_material_a_day"
            ),
            models.CheckConstraint(
                condition=Q(used__lte=F("received") - F("returned")),
                name="handout_used_and_returned_within_received",
            ),
        ]

    def __str__(self):
        return f"{self.staff} {self.day} {self.material}"
