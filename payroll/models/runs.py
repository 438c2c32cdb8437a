"""R-PAY-8: monthly payroll runs, their payslips and lines, and HR's adjustments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.models import Staff
from outreach.models.reference import TimeStamped
from outreach.uploads import StoredName

from .policy import PayPolicy

MONEY = {"max_digits": 12, "decimal_places": 2, "default": 0}


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CALCULATED = "calculated", _("Calculated")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


class PayrollRun(TimeStamped):
    """One month's payroll. Locked runs are refused any change by database triggers."""

    month = models.DateField(_("month"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    policy = models.ForeignKey(
        PayPolicy, verbose_name=_("pay policy"), on_delete=models.PROTECT, null=True, blank=True
    )
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    calculated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-month"]
        permissions = [
            ("run_payroll", _("Can calculate payroll runs and add adjustments")),
            ("approve_payroll", _("Can approve and lock payroll runs")),
            ("view_all_payslips", _("Can see every payslip")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="payroll_run_month_is_a_first")
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="payrollrun_updated_at_id")]

    def __str__(self):
        return f"{self.month:%Y-%m} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status == RunStatus.LOCKED


class Payslip(models.Model):
    """One person's month: the 汇总 row (R-PAY-9), with names snapshotted at calculation."""

    run = models.ForeignKey(PayrollRun, on_delete=models.PROTECT, related_name="payslips")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="payslips")
    employee_no = models.CharField(_("employee number"), max_length=12)
    name = models.CharField(_("name"), max_length=50)
    group_code = models.CharField(_("group"), max_length=10, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    scheduled_days = models.PositiveSmallIntegerField(_("scheduled days"), default=0)
    worked_days = models.PositiveSmallIntegerField(_("days worked"), default=0)
    wage = models.DecimalField(_("wage"), **MONEY)
    fixed = models.DecimalField(_("fixed pay"), **MONEY)
    performance = models.DecimalField(_("performance pay"), **MONEY)
    bonuses = models.DecimalField(_("bonuses"), **MONEY)
    commission = models.DecimalField(_("commission"), **MONEY)
    clawback_applied = models.DecimalField(_("clawback applied"), **MONEY)
    clawback_carry_out = models.DecimalField(_("clawback carried over"), **MONEY)
    awards = models.DecimalField(_("team awards"), **MONEY)
    gross = models.DecimalField(_("gross pay"), **MONEY)
    reimbursements = models.DecimalField(_("reimbursements"), **MONEY)
    appraisal_bonuses = models.DecimalField(_("appraisal bonuses"), **MONEY)
    adjustments = models.DecimalField(_("adjustments"), **MONEY)
    fines = models.DecimalField(_("fines"), **MONEY)
    fines_applied = models.DecimalField(_("fines deducted"), **MONEY)
    held_back = models.DecimalField(_("held back"), **MONEY)
    net = models.DecimalField(_("net pay"), **MONEY)
    targets_missed = models.JSONField(_("targets missed"), default=list, blank=True)
    # Issue 21: the API's sync order. Set when the payslip is written (a calculation
    # replaces them all) and touched when its run changes state (approve, lock, reopen).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payslip")
        verbose_name_plural = _("payslips")
        ordering = ["employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["run", "staff"], name="payslip_one_per_run_and_person")
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="payslip_updated_at_id")]

    def __str__(self):
        return f"{self.employee_no} {self.name} {self.run.month:%Y-%m}"


class PayslipLine(models.Model):
    """R-PAY-8: one item of a payslip with its reason (kind + params, put into words by
    `payroll.reasons` in the reader's language) and the fact it counts."""

    payslip = models.ForeignKey(Payslip, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    params = models.JSONField(default=dict)
    source_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("payslip line")
        verbose_name_plural = _("payslip lines")
        ordering = ["payslip", "position"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.kind} {self.amount}"


class Adjustment(TimeStamped):
    """R-PAY-8: HR's correction (± amount, reason) on an open run, maybe pointing at the
    locked line it corrects. The system never creates one by itself."""

    run = models.ForeignKey(PayrollRun, on_delete=models.PROTECT, related_name="adjustment_set")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="pay_adjustments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    corrects = models.ForeignKey(
        PayslipLine,
        verbose_name=_("corrects line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["run", "staff", "created_at"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="adjustment_not_zero")]

    def __str__(self):
        return f"{self.staff} {self.amount} {self.reason}"


class PayrollExport(TimeStamped):
    """R-PAY-9: a workbook built in the background, with progress and a download."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="exports")
    language = models.CharField(max_length=10, default="zh-hans")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=StoredName("exports/payroll"), blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("payroll export")
        verbose_name_plural = _("payroll exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.run} {self.status} {self.progress}%"
