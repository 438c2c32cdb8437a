"""R-ROLE-3 and R-ROLE-5: staff records, wage schemes, groups and dated membership."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reference import Agency, TimeStamped, WorkCity

mainland_mobile = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number, e.g. 13812345678.")
)
group_code = RegexValidator(r"^[A-Za-z0-9_-]{1,10}$", _("Use 1–10 ASCII letters or digits."))


class Role(models.TextChoices):
    """The seven roles of SPEC §1; each is also a Django auth group with permissions."""

    MANAGER = "manager", _("Manager")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    LEADER = "leader", _("Group leader")
    CANVASSER = "canvasser", _("Canvasser")
    CONSULTANT = "consultant", _("Sales consultant")
    HR = "hr", _("HR")
    ADMIN = "admin", _("Admin")


class EmploymentType(models.TextChoices):
    IN_HOUSE = "in_house", _("In-house")
    AGENCY = "agency", _("Third-party agency")


class WageKind(models.TextChoices):
    DAILY = "daily", _("Daily rate")
    MONTHLY = "monthly", _("Monthly base")


class Staff(TimeStamped):
    """R-ROLE-3: a person's staff record, one per login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    employee_no = models.CharField(_("employee number"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, validators=[mainland_mobile])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    work_city = models.ForeignKey(
        WorkCity, verbose_name=_("work city"), on_delete=models.PROTECT, null=True, blank=True
    )
    hire_date = models.DateField(_("hire date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"),
        max_length=10,
        choices=EmploymentType.choices,
        default=EmploymentType.IN_HOUSE,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    is_temporary = models.BooleanField(
        _("temporary"), default=False, help_text=_("Added for holidays and key sales dates.")
    )
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["employee_no"]
        permissions = [
            ("manage_staff", _("Can create, edit and deactivate staff records")),
            ("view_all_staff", _("Can see every staff record")),
            ("view_group_staff", _("Can see the staff of the groups one leads")),
            ("view_staff_pay", _("Can see wage schemes and bank accounts")),
            ("manage_reference", _("Can edit points, work cities, groups and settings")),
            ("manage_agencies", _("Can edit third-party agencies")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=F("hire_date")),
                name="staff_leaves_after_hire",
            ),
            models.CheckConstraint(
                condition=Q(employment_type="agency", agency__isnull=False)
                | Q(~Q(employment_type="agency"), agency__isnull=True),
                name="staff_agency_iff_agency_employment",
            ),
        ]
        indexes = [models.Index(fields=["role", "leave_date"])]

    def __str__(self):
        return f"{self.employee_no} {self.name}"

    def is_employed_on(self, day) -> bool:
        return self.hire_date <= day and (self.leave_date is None or day <= self.leave_date)


class WageScheme(TimeStamped):
    """R-ROLE-3: the wage scheme in force from a date (daily rate or monthly base)."""

    DEFAULT_DAILY_RATE = Decimal("60.00")
    DEFAULT_MONTHLY_BASE = Decimal("2500.00")

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="wage_schemes")
    kind = models.CharField(_("wage scheme"), max_length=10, choices=WageKind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Daily rate or monthly base, in CNY."),
    )
    effective_from = models.DateField(_("effective from"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wage scheme")
        verbose_name_plural = _("wage schemes")
        ordering = ["staff", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "effective_from"], name="wage_scheme_one_per_staff_and_date"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="wage_scheme_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.effective_from:%Y-%m-%d})"


class Group(TimeStamped):
    """R-ROLE-5: a group (小组) of canvassers with a short ASCII code."""

    code = models.CharField(_("code"), max_length=10, unique=True, validators=[group_code])
    name = models.CharField(_("name"), max_length=50, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class GroupMembership(TimeStamped):
    """R-ROLE-5: person in group from a day to a day (inclusive), maybe as its leader.

    Leadership is a flag on membership, so a leader is always a member of the group
    they lead. Services keep one membership per person per day and one leader per
    group per day.
    """

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    is_leader = models.BooleanField(_("leader"), default=False)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Inclusive."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "-is_leader", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["staff", "valid_from"], name="membership_one_start_per_staff_and_day"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "valid_from", "valid_to"]),
            models.Index(fields=["staff", "valid_from", "valid_to"]),
        ]

    def __str__(self):
        return f"{self.staff} @ {self.group.code} {self.valid_from:%Y-%m-%d}–{self.valid_to or ''}"
