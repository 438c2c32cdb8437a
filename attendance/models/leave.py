"""R-ATT-5 leave and R-DISC-1 discipline beyond money."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped


class LeaveType(TimeStamped):
    """R-ATT-5: 事假 / 病假 unpaid; 年假 / 婚假 / 丧假 / 调休 paid — as data."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    paid = models.BooleanField(_("paid"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["code"]

    def __str__(self):
        return self.name


class LeaveNoticeRule(TimeStamped):
    """R-ATT-5: leave longer than `longer_than_days` needs `notice_days` days' notice."""

    longer_than_days = models.PositiveSmallIntegerField(_("longer than (days)"), unique=True)
    notice_days = models.PositiveSmallIntegerField(_("notice (days)"))

    class Meta:
        verbose_name = _("leave notice rule")
        verbose_name_plural = _("leave notice rules")
        ordering = ["longer_than_days"]

    def __str__(self):
        return f"> {self.longer_than_days} → {self.notice_days}"


class LeaveRequest(TimeStamped):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    leave_type = models.ForeignKey(LeaveType, verbose_name=_("type"), on_delete=models.PROTECT)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=300)
    submitted_at = models.DateTimeField(_("submitted at"))
    on_time = models.BooleanField(_("on time"), default=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="leave_period_ordered"
            )
        ]
        indexes = [models.Index(fields=["staff", "state", "first_day", "last_day"])]
        permissions = [("approve_late_leave", _("Can approve late (emergency) leave"))]

    def __str__(self):
        return f"{self.staff} {self.leave_type} {self.first_day:%Y-%m-%d}–{self.last_day:%m-%d}"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


class DisciplineAction(TimeStamped):
    """R-DISC-1: warning, improvement plan, demotion or dismissal, or an open case."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case for the manager")
        WARNING = "warning", _("Warning")
        PLAN = "plan", _("Improvement plan")
        DEMOTION = "demotion", _("Demotion")
        DISMISSAL = "dismissal", _("Dismissal")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")

    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="discipline"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    trigger = models.CharField(max_length=40, blank=True)
    month = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approver = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "trigger", "month"],
                condition=~Q(trigger=""),
                name="discipline_case_once_per_trigger_month",
            )
        ]
        permissions = [("manage_discipline", _("Can decide discipline"))]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()}"
