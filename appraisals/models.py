"""R-APR-1…5: appraisal templates (dimensions, indicators, grade bands as data), cycles,
each person's appraisal with its indicator scores, objections and career plans."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Group, Staff
from outreach.models.reference import TimeStamped

SCORE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _money(verbose, **kwargs):
    return models.DecimalField(verbose, max_digits=12, decimal_places=2, **kwargs)


def _score(verbose, **kwargs):
    return models.DecimalField(verbose, max_digits=6, decimal_places=2, **kwargs)


class AppraisalTemplate(TimeStamped):
    """R-APR-2: the dimensions, indicators and grade bands an appraisal uses."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(_("default"), default=False)
    default_bonus_base = _money(_("default bonus base"), default=Decimal("1000.00"))
    objection_days = models.PositiveSmallIntegerField(_("objection period (days)"), default=3)
    promotion_grades = models.CharField(
        _("grades flagged for promotion"), max_length=10, default="S"
    )
    training_grades = models.CharField(
        _("grades flagged for training"), max_length=10, default="CD"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal template")
        verbose_name_plural = _("appraisal templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_template"
            )
        ]

    def __str__(self):
        return self.name


class Dimension(models.Model):
    template = models.ForeignKey(
        AppraisalTemplate, on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="dimension_code_unique")
        ]

    def __str__(self):
        return f"{self.name} {self.weight}%"


class Scoring(models.TextChoices):
    """How an indicator's value becomes a 0–100 score (R-APR-2)."""

    # min(actual ÷ (target × coverage), 1) × 100; coverage is 1 unless pro rata.
    TARGET = "target", _("Against a target value")
    # 100 × (people in the group below + half of the others equal) ÷ (group size − 1),
    # on actual ÷ coverage; a group of one scores 100.
    DISTRIBUTION = "distribution", _("Against the group's distribution")
    # The leader gives 0–100 in the evaluation form.
    RATED = "rated", _("Rated by the leader")


class Indicator(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Also the measuring source."))
    name = models.CharField(_("name"), max_length=100)
    scoring = models.CharField(_("scoring"), max_length=12, choices=Scoring.choices)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_volume = models.BooleanField(
        _("grows with time"),
        default=False,
        help_text=_(
            "A count or amount: its target is per quarter (×4 for a year) and is pro-rated "
            "for someone employed only part of the period."
        ),
    )
    weight = models.DecimalField(_("weight within dimension"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=~Q(scoring="target") | Q(target_value__gt=0),
                name="indicator_target_scoring_has_target",
            ),
        ]

    def __str__(self):
        return self.name


class Grade(models.TextChoices):
    S = "S", "S"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class GradeBand(models.Model):
    """R-APR-5: a total score from `min_score` up earns the grade and its coefficient."""

    template = models.ForeignKey(AppraisalTemplate, on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    min_score = _score(_("from score"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["template", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["template", "grade"], name="grade_band_unique")
        ]

    def __str__(self):
        return f"{self.grade} ≥ {self.min_score} × {self.coefficient}"


class CycleKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class CycleState(models.TextChoices):
    OPEN = "open", _("Open")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    LEADER_EVALUATION = "leader_evaluation", _("Leader evaluation")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class AppraisalCycle(TimeStamped):
    """R-APR-1: a quarter's or a year's appraisal; archived means locked (R-APR-4)."""

    kind = models.CharField(_("kind"), max_length=10, choices=CycleKind.choices)
    label = models.CharField(_("period"), max_length=10, unique=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    template = models.ForeignKey(AppraisalTemplate, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=20, choices=CycleState.choices, default=CycleState.OPEN
    )
    bonus_base = _money(_("bonus base"))
    objection_days = models.PositiveSmallIntegerField(_("objection period (days)"), default=3)
    rolled_up_at = models.DateTimeField(_("rolled up at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    objection_deadline = models.DateTimeField(_("objections until"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal cycle")
        verbose_name_plural = _("appraisal cycles")
        ordering = ["-period_end", "kind"]
        permissions = [
            ("manage_appraisals", _("Can run appraisal cycles, publish and answer objections")),
            ("review_appraisals", _("Can review, archive and export appraisals")),
            ("view_all_appraisals", _("Can see every appraisal")),
            ("evaluate_appraisals", _("Can evaluate the appraisals of the groups one leads")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start"], name="cycle_one_per_period"),
            models.CheckConstraint(condition=Q(bonus_base__gte=0), name="cycle_bonus_base_nonneg"),
        ]
        indexes = [models.Index(fields=["state", "archived_at"])]

    def __str__(self):
        return self.label

    @property
    def is_locked(self) -> bool:
        return self.state == CycleState.ARCHIVED


class AppraisalState(models.TextChoices):
    SELF = "self", _("Awaiting self-assessment")
    LEADER = "leader", _("Awaiting the leader")
    EVALUATED = "evaluated", _("Evaluated")


class Review(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Honour(models.TextChoices):
    NONE = "", _("None")
    OUTSTANDING = "outstanding", _("Outstanding employee (优秀员工)")
    BEST_OUTREACH = "best_outreach", _("Best outreach specialist (最佳外联专员)")


class Appraisal(TimeStamped):
    """R-APR-3…5: one person's appraisal in a cycle: self-assessment, leader's evaluation,
    the result (score, ranks, grade, bonus) and the flags derived from it."""

    cycle = models.ForeignKey(AppraisalCycle, on_delete=models.PROTECT, related_name="appraisals")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="appraisals")
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    coverage = models.DecimalField(
        _("share of the period employed"), max_digits=5, decimal_places=4, default=Decimal(1)
    )
    pro_rata = models.BooleanField(_("pro rata"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=AppraisalState.choices, default=AppraisalState.SELF
    )
    self_summary = models.TextField(_("what I achieved"), blank=True)
    self_improvements = models.TextField(_("what I will improve"), blank=True)
    self_score = _score(_("my own score"), null=True, blank=True, validators=SCORE)
    self_submitted_at = models.DateTimeField(_("self-assessment sent"), null=True, blank=True)
    leader_comment = models.TextField(_("leader's comment"), blank=True)
    evaluated_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    total_score = _score(_("total score"), null=True, blank=True)
    rank_group = models.PositiveIntegerField(_("rank in group"), null=True, blank=True)
    rank_overall = models.PositiveIntegerField(_("rank overall"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    coefficient = models.DecimalField(
        _("coefficient"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    bonus = _money(_("appraisal bonus"), null=True, blank=True)
    honour = models.CharField(
        _("honour proposed"), max_length=20, choices=Honour.choices, blank=True
    )
    promotion_candidate = models.BooleanField(_("promotion candidate"), default=False)
    training_candidate = models.BooleanField(_("training candidate"), default=False)
    review = models.CharField(
        _("HR review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    review_note = models.TextField(_("HR note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["cycle", "rank_overall", "staff__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "staff"], name="appraisal_one_per_cycle")
        ]
        indexes = [
            models.Index(fields=["cycle", "group", "state"]),
            models.Index(fields=["updated_at", "id"], name="appraisal_updated_at_id"),
        ]

    def __str__(self):
        return f"{self.cycle} {self.staff}"


class IndicatorScore(TimeStamped):
    """R-APR-3: a measured value (from the roll-up) or a leader's rating, and its score."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(
        _("measured value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    score = _score(_("score"), null=True, blank=True, validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["appraisal", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "indicator"], name="indicator_score_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="indicator_score_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.appraisal} {self.indicator}: {self.score}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class Objection(TimeStamped):
    """R-APR-4: a person's objection during the publication period and the answer."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="objections")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.appraisal}: {self.get_status_display()}"


class CareerPlan(TimeStamped):
    """R-APR-5: a person's goals and promotion plan; talks are dated entries."""

    staff = models.OneToOneField(Staff, on_delete=models.PROTECT, related_name="career_plan")
    goals = models.TextField(_("goals"), blank=True)
    promotion_plan = models.TextField(_("promotion plan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("career plan")
        verbose_name_plural = _("career plans")

    def __str__(self):
        return str(self.staff)


class CareerTalk(TimeStamped):
    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="talks")
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("career talk")
        verbose_name_plural = _("career talks")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.held_on} {self.plan}"
