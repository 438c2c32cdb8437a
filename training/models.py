"""R-TRN-1: an annual training plan, its sessions, attendees and their results."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Method(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")
    PRACTICAL = "practical", _("Practical")


class TrainingPlan(TimeStamped):
    """R-TRN-1: the year's plan: its goals; its content items carry method and schedule."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=100)
    goals = models.TextField(_("goals"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year"]
        permissions = [("manage_training", _("Can plan training and record its results"))]

    def __str__(self):
        return f"{self.year} {self.title}"


class PlanItem(TimeStamped):
    """R-TRN-1: one content line of the plan: what, how, and when (scheduled month)."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    content = models.CharField(_("content"), max_length=200)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    scheduled_month = models.DateField(_("scheduled month"), help_text=_("The month's first day."))

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "scheduled_month", "pk"]

    def __str__(self):
        return self.content


class TrainingSession(TimeStamped):
    """R-TRN-1: a session with its trainer, time, place, materials and attendees."""

    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=100)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    # Kept by the service from the times so per-person hours are one SUM (R-APR-2).
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d} {self.topic}"


class Material(TimeStamped):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=StoredName("training"))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Attendee(TimeStamped):
    """R-TRN-1: a person invited to a session, whether they came, their results (0–100)
    and their rating of the content and the trainer (1–5)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="trainings")
    attended = models.BooleanField(_("attended"), default=False)
    exam_score = models.DecimalField(
        _("exam"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    assignment_score = models.DecimalField(
        _("assignment"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    discussion_score = models.DecimalField(
        _("group discussion"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    practical_score = models.DecimalField(
        _("practical"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    # The mean of the results given, kept by the service (None when none is given).
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    content_rating = models.PositiveSmallIntegerField(
        _("content rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    trainer_rating = models.PositiveSmallIntegerField(
        _("trainer rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["session", "staff__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="attendee_once_per_session"),
            models.CheckConstraint(
                condition=Q(content_rating__isnull=True)
                | Q(content_rating__gte=1, content_rating__lte=5),
                name="attendee_content_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(trainer_rating__isnull=True)
                | Q(trainer_rating__gte=1, trainer_rating__lte=5),
                name="attendee_trainer_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["staff", "attended"])]

    def __str__(self):
        return f"{self.staff} @ {self.session}"

    RESULT_FIELDS = ("exam_score", "assignment_score", "discussion_score", "practical_score")
