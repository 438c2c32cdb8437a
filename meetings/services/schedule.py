"""R-PLAN-5: scheduling — a one-off meeting, a weekly series and its occurrences, which a
daily job keeps materialized ahead (idempotent, safe to run twice at once)."""

from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import at_local, today
from outreach.models import Group

from ..models import Attendee, Meeting, MeetingSeries, MeetingState
from .common import HORIZON_DAYS, attendees_ensure, notify_on_commit, require_run_group


def _check_common(*, title: str, duration_minutes: int) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if not 0 < duration_minutes <= 600:
        raise ValidationError({"duration_minutes": _("A meeting lasts 1 to 600 minutes.")})


def meeting_schedule(
    *,
    actor: User,
    group: Group,
    title: str,
    day: date,
    start_time: time,
    duration_minutes: int = 30,
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """R-PLAN-5: a one-off meeting of a group; its members of that day are invited and
    notified once the meeting is saved."""
    me = require_run_group(actor, group)
    _check_common(title=title, duration_minutes=duration_minutes)
    if day < today():
        raise ValidationError({"day": _("A meeting cannot be scheduled in the past.")})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            group=group,
            title=title.strip(),
            day=day,
            starts_at=at_local(day, start_time),
            duration_minutes=duration_minutes,
            place=place,
            agenda=agenda,
            created_by=me,
        )
        attendees_ensure([meeting])
        invited = list(meeting.attendees.values_list("staff_id", flat=True))
        notify_on_commit(target=meeting, staff_ids=invited)
    return meeting


def _weekdays_clean(weekdays) -> str:
    days = sorted({str(d) for d in weekdays if str(d) in "1234567" and str(d)})
    if not days:
        raise ValidationError({"weekdays": _("Choose at least one weekday.")})
    return "".join(days)


def series_create(
    *,
    actor: User,
    group: Group,
    title: str,
    weekdays,
    start_time: time,
    duration_minutes: int = 30,
    place: str = "",
    active_from: date,
    active_until: date | None = None,
) -> MeetingSeries:
    """R-PLAN-5: a weekly meeting (the morning briefing) on chosen weekdays; its
    occurrences for the coming weeks are created at once, the rest by the daily job."""
    me = require_run_group(actor, group)
    _check_common(title=title, duration_minutes=duration_minutes)
    days = _weekdays_clean(weekdays)
    if active_from < today():
        raise ValidationError({"active_from": _("A series cannot start in the past.")})
    if active_until is not None and active_until < active_from:
        raise ValidationError({"active_until": _("The series cannot end before it starts.")})
    with transaction.atomic():
        series = MeetingSeries.objects.create(
            group=group,
            title=title.strip(),
            weekdays=days,
            start_time=start_time,
            duration_minutes=duration_minutes,
            place=place,
            active_from=active_from,
            active_until=active_until,
            created_by=me,
        )
        series_extend(series=series)
    return series


def series_extend(*, series: MeetingSeries, on: date | None = None) -> int:
    """R-PLAN-5: create the series' missing occurrences from `on` (today) to the horizon
    and invite each day's members. Idempotent and safe to run twice at once: the
    database keeps one occurrence per series and day and one invitation per person, and
    notices are sent once per person and series. Returns how many occurrences it added."""
    first = max(on or today(), series.active_from)
    last = first + timedelta(days=HORIZON_DAYS - 1)
    if series.active_until is not None:
        last = min(last, series.active_until)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    days = [day for day in days if series.meets_on(day)]
    if not days:
        return 0
    with transaction.atomic():
        existing = set(
            Meeting.objects.filter(series=series, day__in=days).values_list("day", flat=True)
        )
        Meeting.objects.bulk_create(
            [
                Meeting(
                    series=series,
                    group_id=series.group_id,
                    title=series.title,
                    day=day,
                    starts_at=at_local(day, series.start_time),
                    duration_minutes=series.duration_minutes,
                    place=series.place,
                    created_by_id=series.created_by_id,
                )
                for day in days
                if day not in existing
            ],
            ignore_conflicts=True,
        )
        upcoming = list(
            Meeting.objects.filter(
                series=series, day__in=days, state=MeetingState.SCHEDULED
            ).select_related("group")
        )
        attendees_ensure(upcoming)
        invited = Attendee.objects.filter(meeting__in=upcoming).values_list("staff_id", flat=True)
        notify_on_commit(target=series, staff_ids=set(invited))
    return len([day for day in days if day not in existing])


def meetings_extend(*, on: date | None = None) -> int:
    """R-PLAN-5, the daily job: extend every series still running."""
    day = on or today()
    added = 0
    running = MeetingSeries.objects.filter(active_from__lte=day + timedelta(days=HORIZON_DAYS))
    for series in running.exclude(active_until__lt=day).select_related("group"):
        added += series_extend(series=series, on=day)
    return added


def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """R-PLAN-5: a scheduled meeting is called off (kept, with when)."""
    require_run_group(actor, meeting.group)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state != MeetingState.SCHEDULED:
            raise ValidationError(_("Only a scheduled meeting can be cancelled."))
        meeting.state = MeetingState.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["state", "cancelled_at", "updated_at"])
    return meeting
