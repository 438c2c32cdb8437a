"""R-ATT-2 roster, R-ATT-3/4/6 day records, R-ATT-7 inspections, R-FINE violations."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Point, Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

from .rules import RulebookVersion, Shift, ViolationRule, rule_name, rule_title

# Every extension the storage gives an image (outreach.uploads.IMAGE_EXTENSIONS), so a
# stored photo always passes its own field validator again.
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "bmp"]


class RosterEntry(TimeStamped):
    """R-ATT-2: person × day → shift (or rest when empty) and point."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="roster")
    day = models.DateField(_("day"))
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.PROTECT, null=True, blank=True
    )
    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.PROTECT, null=True, blank=True
    )
    set_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        ordering = ["day", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day"], name="roster_one_entry_per_day")
        ]
        indexes = [models.Index(fields=["day", "staff"])]
        permissions = [("manage_roster", _("Can fill and approve the roster of one's groups"))]

    def __str__(self):
        return f"{self.staff} {self.day:%Y-%m-%d} {self.shift or '-'}"

    @property
    def is_working(self) -> bool:
        return self.shift_id is not None


class RosterChange(TimeStamped):
    """R-ATT-2: a change a person asks for; it applies only once the leader approves."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="roster_changes")
    day = models.DateField(_("day"))
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.PROTECT, null=True, blank=True
    )
    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.PROTECT, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.staff} {self.day:%Y-%m-%d} {self.get_state_display()}"


class DayRecord(TimeStamped):
    """R-ATT-3/4/6: one person's attendance facts for one day (签到 / 签退 / 缺勤).

    Locations and photos are personal data removed after the retention period
    (R-SYS-6); the facts (times, flags) stay.
    """

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="day_records")
    day = models.DateField(_("day"))
    check_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    check_in_device = models.CharField(max_length=64, blank=True)
    check_in_ip = models.GenericIPAddressField(null=True, blank=True)
    check_in_lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_photo = models.FileField(
        upload_to=StoredName("checkins"),
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
    )
    # Issue 20: a check-in sent from the phone's offline queue carries its submission
    # key (a replay finds this row) and the phone's time of acting; when that time was
    # not kept (arrived after the grace), the flag tells the leader to look at both.
    check_in_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    check_in_acted_at = models.DateTimeField(_("checked in on the phone at"), null=True, blank=True)
    check_in_time_flagged = models.BooleanField(_("check-in arrived late"), default=False)
    check_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    check_out_device = models.CharField(max_length=64, blank=True)
    check_out_ip = models.GenericIPAddressField(null=True, blank=True)
    check_out_lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_out_lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    is_early = models.BooleanField(_("left early"), default=False)
    not_at_point = models.BooleanField(_("not at point"), default=False)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    proxy_suspected = models.BooleanField(_("one device, several people"), default=False)
    present_by_inspection = models.BooleanField(_("present at an inspection"), default=False)
    absent_marked_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    absent_marked_at = models.DateTimeField(_("marked absent at"), null=True, blank=True)
    is_absent = models.BooleanField(_("absent"), default=False)
    absence_recorded_at = models.DateTimeField(null=True, blank=True)
    corrected_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction_reason = models.CharField(_("correction reason"), max_length=200, blank=True)
    data_purged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=[
            "check_in_lat",
            "check_in_lng",
            "check_out_lat",
            "check_out_lng",
            "check_in_photo",
        ]
    )

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        ordering = ["-day", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day"], name="day_record_one_per_day"),
            models.CheckConstraint(
                condition=Q(check_out_at__isnull=True) | Q(check_in_at__isnull=False),
                name="day_record_no_out_without_in",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "staff"]),
            models.Index(fields=["check_in_device", "check_in_at"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="dayrecord_updated_at_id"),
        ]
        permissions = [
            ("view_group_attendance", _("Can see the attendance of one's groups")),
            ("view_all_attendance", _("Can see everyone's attendance")),
            ("correct_attendance", _("Can correct check-in records")),
        ]

    def __str__(self):
        return f"{self.staff} {self.day:%Y-%m-%d}"


class Inspection(TimeStamped):
    """R-ATT-7: a patrol of one point (巡检)."""

    point = models.ForeignKey(Point, verbose_name=_("point"), on_delete=models.PROTECT)
    day = models.DateField(_("day"))
    inspected_at = models.DateTimeField(_("time"))
    inspector = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="inspections")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_at"]
        permissions = [("inspect_points", _("Can inspect points and record violations"))]

    def __str__(self):
        return f"{self.point} {timezone.localtime(self.inspected_at):%Y-%m-%d %H:%M}"


class InspectionMark(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        CROSS = "cross", _("From another point (串岗)")
        CROWD = "crowd", _("Crowding with own group")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="marks")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "staff"], name="inspection_mark_once")
        ]

    def __str__(self):
        return f"{self.staff} {self.status}"


class Violation(TimeStamped):
    """R-FINE: one recorded violation; amounts are fixed when recorded and kept.

    Never deleted: a waiver sets the adjusted amounts to 0, a reversal (leave approved
    later, a correction) sets `state`. `auto_key` makes automatic recording idempotent.
    """

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        WAIVED = "waived", _("Waived")
        REVERSED = "reversed", _("Reversed")

    class Appeal(models.TextChoices):
        NONE = "", _("None")
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Fine upheld")
        GRANTED = "granted", _("Granted")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by hand")
        CHECKIN = "checkin", _("Check-in rules")
        ABSENCE = "absence", _("Absence detection")
        INSPECTION = "inspection", _("Inspection")
        REPORT = "report", _("Missing daily report")

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="violations"
    )
    rule = models.ForeignKey(
        ViolationRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        RulebookVersion,
        verbose_name=_("rulebook version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("code"), max_length=20)
    occurred_at = models.DateTimeField(_("when"))
    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.PROTECT, null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    evidence = models.FileField(
        _("evidence photo"),
        upload_to=StoredName("violations"),
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    lead_ref = models.CharField(_("lead reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        Staff,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    auto_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    sequence = models.PositiveSmallIntegerField(_("number this month"), null=True, blank=True)
    amount = models.DecimalField(_("fine"), max_digits=12, decimal_places=2)
    leader = models.ForeignKey(
        Staff,
        verbose_name=_("leader (joint)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_violations",
    )
    leader_amount = models.DecimalField(_("joint fine"), max_digits=12, decimal_places=2)
    adjusted_amount = models.DecimalField(
        _("adjusted fine"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    adjusted_leader_amount = models.DecimalField(
        _("adjusted joint fine"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    adjust_reason = models.CharField(_("reason"), max_length=200, blank=True)
    adjusted_by = models.ForeignKey(
        Staff,
        verbose_name=_("adjusted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    appeal = models.CharField(
        _("appeal"), max_length=10, choices=Appeal.choices, default="", blank=True
    )
    appeal_reason = models.CharField(_("appeal reason"), max_length=300, blank=True)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["staff", "code", "occurred_at"]),
            models.Index(fields=["leader", "occurred_at"]),
            # Issue 21: the API's pages in the order of change (updated_since, cursor).
            models.Index(fields=["updated_at", "id"], name="violation_updated_at_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(leader_amount__gte=0),
                name="violation_amounts_not_negative",
            )
        ]
        permissions = [
            ("record_violation", _("Can record violations")),
            ("adjust_violation", _("Can waive or reduce fines")),
            ("manage_rulebook", _("Can edit and publish the rulebook")),
        ]

    def __str__(self):
        return f"{self.rule_name} {self.staff} {self.occurred_at:%Y-%m-%d}"

    @property
    def rule_name(self) -> str:
        """Issue 18: the rule by its name (串岗), never only its code. A code outside the
        standard catalog is named by its rule's description when the rule is loaded
        (list pages select it), so showing a name never costs a query per row."""
        loaded = Violation.rule.is_cached(self)
        return rule_name(self.code, self.rule.description if loaded else "")

    @property
    def rule_title(self) -> str:
        loaded = Violation.rule.is_cached(self)
        return rule_title(self.code, self.rule.description if loaded else "")

    @property
    def final_amount(self):
        if self.state != self.State.ACTIVE:
            return 0
        return self.amount if self.adjusted_amount is None else self.adjusted_amount

    @property
    def final_leader_amount(self):
        if self.state != self.State.ACTIVE:
            return 0
        return (
            self.leader_amount
            if self.adjusted_leader_amount is None
            else (self.adjusted_leader_amount)
        )
