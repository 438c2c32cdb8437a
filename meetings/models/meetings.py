"""R-PLAN-5: a group's meetings. A series repeats weekly on chosen weekdays (the morning
briefing) and is materialized as occurrences; a one-off meeting has no series."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outreach.models import Group, Staff
from outreach.models.reference import TimeStamped

# ISO weekday numbers and their names, for the series form and its notices.
WEEKDAY_CHOICES = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


class MeetingSeries(TimeStamped):
    """R-PLAN-5: a weekly meeting of a group on chosen weekdays (ISO 1 = Monday … 7)."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meeting_series"
    )
    title = models.CharField(_("title"), max_length=100)
    weekdays = models.CharField(
        _("weekdays"), max_length=7, help_text=_("ISO weekday numbers, 1 = Monday … 7 = Sunday.")
    )
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    place = models.CharField(_("place"), max_length=100, blank=True)
    active_from = models.DateField(_("from"))
    active_until = models.DateField(_("until"), null=True, blank=True, help_text=_("Inclusive."))
    created_by = models.ForeignKey(
        Staff, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["group", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="meeting_series_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(weekdays="") & Q(weekdays__regex=r"^[1-7]+$"),
                name="meeting_series_weekdays_iso",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_series_duration_positive"
            ),
        ]
        indexes = [models.Index(fields=["active_from", "active_until"])]

    def __str__(self):
        return f"{self.group.code} {self.title}"

    @property
    def weekday_names(self) -> str:
        names = dict(WEEKDAY_CHOICES)
        return "、".join(str(names[d]) for d in self.weekdays if d in names)

    def meets_on(self, day) -> bool:
        if day < self.active_from or (self.active_until and day > self.active_until):
            return False
        return str(day.isoweekday()) in self.weekdays


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting state", "Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TimeStamped):
    """R-PLAN-5: one meeting of a group (an occurrence of a series, or a one-off)."""

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=100)
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    place = models.CharField(_("place"), max_length=100, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.SCHEDULED
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        Staff,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        permissions = [
            ("manage_meetings", _("Schedule and run their groups' meetings")),
            ("view_all_meetings", _("See and run every group's meetings")),
            ("attend_meetings", _("See the meetings they are invited to")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "day"],
                condition=Q(series__isnull=False),
                name="meeting_one_occurrence_per_series_and_day",
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.HELD) | Q(held_at__isnull=False),
                name="meeting_held_has_held_at",
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.CANCELLED) | Q(cancelled_at__isnull=False),
                name="meeting_cancelled_has_cancelled_at",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_duration_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
            models.Index(fields=["state", "starts_at"]),
            models.Index(fields=["day"]),
        ]

    def __str__(self):
        return f"{self.group.code} {self.title} {self.day:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.state != MeetingState.CANCELLED


class AttendeeStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", pgettext_lazy("meeting attendance", "Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", pgettext_lazy("meeting attendance", "Absent")


# What the leader marks on the attendance screen (R-PLAN-5).
MARKED_STATUSES = (
    AttendeeStatus.PRESENT,
    AttendeeStatus.LATE,
    AttendeeStatus.EXCUSED,
    AttendeeStatus.ABSENT,
)


class Attendee(TimeStamped):
    """R-PLAN-5: a person invited to a meeting and how they attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    staff = models.ForeignKey(
        Staff, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AttendeeStatus.choices, default=AttendeeStatus.INVITED
    )
    marked_by = models.ForeignKey(
        Staff,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    # The attendance violation an absence raised when the rulebook has a rule for it
    # (attendance's id, kept as a number: meetings import no other app's models).
    violation_ref = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "staff__employee_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "staff"], name="attendee_once_per_meeting_and_staff"
            ),
            models.CheckConstraint(
                condition=Q(status=AttendeeStatus.INVITED) | Q(marked_at__isnull=False),
                name="attendee_marked_has_marked_at",
            ),
        ]
        indexes = [models.Index(fields=["staff", "meeting"])]

    def __str__(self):
        return f"{self.staff} @ {self.meeting}"


class ActionItem(TimeStamped):
    """R-PLAN-5: a task agreed at a meeting, with its owner and due date; listed on the
    owner's home until done and at the group's next meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("action item"), max_length=300)
    owner = models.ForeignKey(
        Staff, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        Staff,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        Staff,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="action_item_done_with_who_and_when",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "done_at"]),
            models.Index(fields=["meeting", "done_at"]),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
