"""R-PLAN-1: weekly field plans and out-of-office trip plans."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Group, Point, Staff
from outreach.models.reference import TimeStamped


class WeeklyPlan(TimeStamped):
    """R-PLAN-1: a week's field plan (拓客计划) for one canvasser or one group."""

    week_start = models.DateField(_("week starting"), help_text=_("A Monday."))
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("canvasser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weekly_plans",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weekly_plans",
    )
    created_by = models.ForeignKey(
        Staff, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("weekly plan")
        verbose_name_plural = _("weekly plans")
        ordering = ["-week_start", "pk"]
        permissions = [
            ("use_field_plans", _("Can keep field plans, trips and expense claims")),
            ("view_all_plans", _("Can see every field plan and trip")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=True, group__isnull=False)
                | Q(staff__isnull=False, group__isnull=True),
                name="weekly_plan_for_a_person_or_a_group",
            ),
            models.CheckConstraint(
                condition=Q(week_start__week_day=2), name="weekly_plan_starts_on_monday"
            ),
            models.UniqueConstraint(
                fields=["staff", "week_start"],
                condition=Q(staff__isnull=False),
                name="one_weekly_plan_per_person",
            ),
            models.UniqueConstraint(
                fields=["group", "week_start"],
                condition=Q(group__isnull=False),
                name="one_weekly_plan_per_group",
            ),
        ]

    def __str__(self):
        return f"{self.staff or self.group} {self.week_start:%Y-%m-%d}"


class PlanMethod(models.TextChoices):
    FLYER = "flyer", _("Flyers")
    STREET = "street", _("Street canvassing")
    COMMUNITY = "community", _("Residential community")
    ROADSHOW = "roadshow", _("Roadshow")
    COMPANY = "company", _("Company visits")
    PHONE = "phone", _("Phone calls")
    OTHER = "other", _("Other")


class PlanEntry(TimeStamped):
    """R-PLAN-1: one slot of a weekly plan: day, time, point, audience, method, result."""

    plan = models.ForeignKey(
        WeeklyPlan, on_delete=models.CASCADE, related_name="entries", verbose_name=_("plan")
    )
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.PROTECT, null=True, blank=True
    )
    place = models.CharField(_("other place"), max_length=200, blank=True)
    audience = models.CharField(_("target audience"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=PlanMethod.choices)
    expected_result = models.CharField(_("expected result"), max_length=200)
    expected_leads = models.PositiveIntegerField(_("expected new leads"), default=0)

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["day", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="plan_entry_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.start_time:%H:%M}"


class TripStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TripPlan(TimeStamped):
    """R-PLAN-1: an out-of-office trip (外出拓客计划) approved by the supervisor first."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="trip_plans"
    )
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=200)
    client = models.CharField(
        _("client"),
        max_length=200,
        help_text=_("The client or company to visit."),
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.PENDING
    )
    decided_by = models.ForeignKey(
        Staff,
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
        verbose_name = _("trip plan")
        verbose_name_plural = _("trip plans")
        ordering = ["-day", "-pk"]
        permissions = [("approve_all_trips", _("Can approve anyone's trip plan"))]
        indexes = [models.Index(fields=["staff", "day"]), models.Index(fields=["status", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="trip_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="trip_decision_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.staff} {self.day} {self.place}"
