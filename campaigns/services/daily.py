"""Writes of the daily report (R-DAY-1, R-DAY-2).

A report is due for a rostered day with a check-in (attendance's selectors say which);
counts the system already knows come from clients' selectors; a report missing at the
deadline becomes one CONDUCT violation through attendance's services.
"""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.selectors import WorkDay, daily_reports_due, work_day
from attendance.services import violations_record_bulk
from attendance.vocabulary import ViolationSource
from outreach.dates import today
from outreach.guard import can, require
from outreach.models import Staff
from outreach.selectors import is_leader_of, staff_of
from outreach.services import notification_create_many

from ..models import DailyReport
from ..selectors import daily_report_known

REPORT_FIELDS = (
    "point",
    "flyers",
    "contacts",
    "calls",
    "invitations",
    "visits_brought",
    "summary",
    "problems",
    "tomorrow_plan",
)


def report_day_check(staff: Staff, day: date, *, at_work: WorkDay | None = None) -> None:
    """R-DAY-1: a report is for a day the person was rostered and checked in."""
    if day > today():
        raise ValidationError({"day": _("A report cannot be for a day still to come.")})
    at_work = at_work or work_day(staff_id=staff.pk, day=day)
    if not at_work.report_due:
        raise ValidationError(
            {"day": _("You were not rostered or did not check in that day: no report is due.")}
        )


def daily_reports_missing_flag(*, day: date, now: datetime | None = None) -> int:
    """R-DAY-1: one CONDUCT violation for each report not in by the shift end + the grace
    (30 min); created once, however often the job runs. Returns how many were added.
    Who owes one is attendance's `daily_reports_due`, as on the missing-report list."""
    now = now or timezone.now()
    grace = timedelta(minutes=settings.DAILY_REPORT_GRACE_MINUTES)
    due = {
        staff_id: end + grace
        for staff_id, end in daily_reports_due(day).items()
        if end + grace <= now
    }
    reported = set(
        DailyReport.objects.filter(day=day, staff_id__in=due).values_list("staff_id", flat=True)
    )
    missing = Staff.objects.filter(pk__in=set(due) - reported).select_related("work_city")
    items = [(s, due[s.pk], f"daily-report:{s.pk}:{day:%Y-%m-%d}", False) for s in missing]
    with transaction.atomic():
        recorded = violations_record_bulk(
            code="CONDUCT", items=items, source=ViolationSource.REPORT
        )
        # Issue 20: each person told, in one insert (and, through push, their group chat).
        notification_create_many(
            recipients=[violation.staff.user_id for violation in recorded],
            kind=f"daily_report_missing_{day:%Y%m%d}",
            message=_("The daily report for %(day)s was not in by the deadline.")
            % {"day": f"{day:%Y-%m-%d}"},
            link=reverse("daily-report"),
        )
    return len(recorded)


def daily_report_submit(
    *,
    actor: User,
    day: date,
    idempotency_key: uuid.UUID,
    acted_at: datetime | None = None,
    **fields,
) -> tuple[DailyReport, bool]:
    """R-DAY-1/2: submit the day's report once. The same key again (a double tap, a resend
    after a dropped connection) returns the first report; a second report for the same
    day is refused (also by the database). Returns (report, created). `acted_at` is when
    the phone says it was written (the offline queue); created_at stays the arrival."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"daily_report_submit() got unexpected fields {sorted(unknown)}")
    me = staff_of(actor)
    if me is None:
        raise PermissionDenied
    require(actor, "campaigns.use_field_plans")
    existing = DailyReport.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.staff_id != me.pk:
            raise PermissionDenied
        return existing, False
    at_work = work_day(staff_id=me.pk, day=day)
    report_day_check(me, day, at_work=at_work)
    if not (fields.get("summary") or "").strip():
        raise ValidationError({"summary": _("Write a short summary of the day.")})
    # The system's counts are read again now, whatever the form showed (R-DAY-1).
    known = daily_report_known(staff=me, day=day, at_work=at_work)
    report = DailyReport(
        staff=me,
        day=day,
        idempotency_key=idempotency_key,
        acted_at=acted_at,
        **known,
        **fields,
    )
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        same = DailyReport.objects.filter(idempotency_key=idempotency_key).first()
        if same is not None and same.staff_id == me.pk:
            return same, False  # the twin of a concurrent resend won
        raise ValidationError(
            _("You already submitted a report for %(day)s.") % {"day": day}
        ) from error
    return report, True


def can_review_report(user: User, report: DailyReport) -> bool:
    me = staff_of(user)
    if me is None or me.pk == report.staff_id:
        return False
    if can(user, "campaigns.view_all_plans") and can(user, "campaigns.use_field_plans"):
        return True
    return is_leader_of(me, report.staff, report.day)


def daily_report_review(*, actor: User, report: DailyReport, comment: str) -> DailyReport:
    """R-DAY-1: the person's leader (on the report's day) or a manager comments."""
    if not can_review_report(actor, report):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Write a comment.")})
    report.leader_comment = comment
    report.reviewed_by = staff_of(actor)
    report.reviewed_at = timezone.now()
    with transaction.atomic():
        report.save(update_fields=["leader_comment", "reviewed_by", "reviewed_at", "updated_at"])
    return report
