"""R-ATT-1 shifts, R-FINE-3 the versioned rulebook, and attendance settings — all data."""

from datetime import time
from decimal import Decimal
from functools import partial

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped


class Shift(TimeStamped):
    """R-ATT-1: a shift template (班次). Weekdays are ISO numbers 1 (Mon) … 7 (Sun).

    Times default through a callable: Django's check W161 warns of a fixed time default
    within 10 s of the clock, which made `check --fail-level WARNING` fail at 00:30."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    report_time = models.TimeField(_("report time"), default=partial(time, 9, 0))
    start_time = models.TimeField(_("start"), default=partial(time, 10, 0))
    end_time = models.TimeField(_("end, Monday to Friday"), default=partial(time, 16, 30))
    weekend_end_time = models.TimeField(_("end, weekends"), default=partial(time, 17, 30))
    break_start = models.TimeField(_("lunch from"), default=partial(time, 13, 0))
    break_end = models.TimeField(_("lunch to"), default=partial(time, 14, 0))
    grace_minutes = models.PositiveSmallIntegerField(_("grace (minutes)"), default=0)
    working_weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="1234567",
        help_text=_("ISO weekday numbers, 1 = Monday … 7 = Sunday."),
    )
    is_default = models.BooleanField(_("default"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def works_on(self, day) -> bool:
        return str(day.isoweekday()) in self.working_weekdays


class ShiftOverride(TimeStamped):
    """R-ATT-1: holidays and key sales dates change a shift's hours on one day."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="overrides")
    day = models.DateField(_("day"))
    report_time = models.TimeField(_("report time"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("shift override")
        verbose_name_plural = _("shift overrides")
        constraints = [
            models.UniqueConstraint(fields=["shift", "day"], name="shift_override_one_per_day")
        ]

    def __str__(self):
        return f"{self.shift} {self.day:%Y-%m-%d}"


class AttendanceSetting(TimeStamped):
    """Numbers of R-ATT-3/4, R-DISC-1 and R-SYS-6 as data (one row; defaults = the spec)."""

    point_radius_m = models.PositiveIntegerField(_("point radius (m)"), default=500)
    proxy_window_minutes = models.PositiveSmallIntegerField(
        _("one-device window (minutes)"), default=30
    )
    nosign_after_hours = models.PositiveSmallIntegerField(
        _("missing sign-out after shift end (hours)"), default=2
    )
    retention_days = models.PositiveIntegerField(_("check-in data retention (days)"), default=180)
    photo_max_bytes = models.PositiveIntegerField(_("photo size limit (bytes)"), default=5_000_000)
    # Issue 20: the rulebook may ask for a photo at check-in (stamped by the server).
    photo_required = models.BooleanField(_("photo required at check-in"), default=False)
    # Issue 20: a check-in queued offline keeps the phone's time only when it arrives
    # within this many minutes of it; later, it is recorded at arrival and flagged.
    offline_grace_minutes = models.PositiveSmallIntegerField(
        _("offline check-in grace (minutes)"), default=30
    )
    case_late_threshold = models.PositiveSmallIntegerField(
        _("case after late / early leaves in a month"), default=3
    )
    case_absent_threshold = models.PositiveSmallIntegerField(
        _("case after absent days in a month"), default=2
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance settings")
        verbose_name_plural = _("attendance settings")

    def __str__(self):
        return str(_("attendance settings"))

    @classmethod
    def current(cls) -> "AttendanceSetting":
        setting = cls.objects.order_by("pk").first()
        return setting or cls.objects.create()


class RulebookVersion(TimeStamped):
    """R-FINE-3: one published version of the violation catalog (奖惩制度)."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=100)
    effective_from = models.DateTimeField(_("effective from"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R-FINE-4: repeats escalate.
    escalate_after = models.PositiveSmallIntegerField(
        _("late / early leaves at the base amount per month"), default=3
    )
    escalated_amount = models.DecimalField(
        _("amount from the next one on"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rulebook version")
        verbose_name_plural = _("rulebook versions")
        ordering = ["-number"]

    def __str__(self):
        return f"v{self.number} {self.title}"


class AmountRule(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")
    HALF_DAY_WAGE = "half_day", _("Half a day wage")
    DAY_WAGE = "day", _("A day wage")
    NONE = "none", _("None")


# Issue 18: a rule is read by its name (串岗), not its code (POST-CROSS). The codes of
# the standard catalog (attendance/defaults.py) have short names here; a code a manager
# adds to the rulebook is named by its description.
RULE_NAMES = {
    "ATT-LATE": _("Late or early leave"),
    "ATT-NOSIGN": _("No sign-out"),
    "ATT-PROXY": _("Signing in for another"),
    "ATT-NOLEAVE": _("Absent without leave"),
    "ROSTER": _("Unreported shift or point change"),
    "DRESS": _("Dress and appearance"),
    "CONDUCT": _("Breach of discipline"),
    "POST-LEAVE": _("Leaving the post"),
    "POST-CROSS": _("Post crossing"),
    "POST-CROWD": _("Crowding at a point"),
    "ATTITUDE": _("Poor attitude to clients"),
    "MATERIAL": _("Materials lost or damaged"),
    "FAKE-LEAD": _("Fake registration"),
    "MEETING-ABSENT": _("Absent from a team meeting"),
}


def rule_name(code: str, description: str = "") -> str:
    """The name a person reads for a rule code: its short name, else the rule's
    description, else the code itself."""
    name = RULE_NAMES.get(code)
    return str(name) if name else (description or code)


def rule_title(code: str, description: str = "") -> str:
    """Name and code in one line of text (payslip reasons, titles): 串岗(POST-CROSS)."""
    name = rule_name(code, description)
    if name == code:
        return code
    return gettext("%(name)s (%(code)s)") % {"name": name, "code": code}


class ViolationRule(TimeStamped):
    """R-FINE: one row of a rulebook version's catalog."""

    version = models.ForeignKey(RulebookVersion, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("code"), max_length=20)
    category = models.CharField(_("category"), max_length=50)
    description = models.CharField(_("description"), max_length=300)
    person_rule = models.CharField(_("person's fine"), max_length=10, choices=AmountRule.choices)
    person_amount = models.DecimalField(
        _("fixed amount"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    leader_amount = models.DecimalField(
        _("leader's joint fine"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    dismissal = models.BooleanField(_("also a dismissal case"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation rule")
        verbose_name_plural = _("violation rules")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="rule_code_once_per_version"),
            models.CheckConstraint(
                condition=Q(person_amount__gte=0) & Q(leader_amount__gte=0),
                name="rule_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.rule_name} ({self.version})"

    @property
    def rule_name(self) -> str:
        return rule_name(self.code, self.description)

    @property
    def rule_title(self) -> str:
        return rule_title(self.code, self.description)


class RulebookAcknowledgement(models.Model):
    """R-FINE-3: a person acknowledged a version (who, when)."""

    version = models.ForeignKey(
        RulebookVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("rulebook acknowledgement")
        verbose_name_plural = _("rulebook acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "staff"], name="acknowledge_version_once")
        ]
        indexes = [models.Index(fields=["staff", "version"])]

    def __str__(self):
        return f"{self.staff} ✓ {self.version}"
