"""R-PLAN-5: running a meeting — attendance in one go, minutes and decisions."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.selectors.pay_facts import violations_by_id
from attendance.selectors.team_facts import rulebook_has_rule
from attendance.services import violation_record, violation_reverse
from attendance.vocabulary import MEETING_ABSENT_CODE
from outreach.dates import today
from outreach.models import Staff

from ..models import MARKED_STATUSES, Attendee, AttendeeStatus, Meeting, MeetingState
from .common import require_run_group


def _check_statuses(meeting: Meeting, attendees: list[Attendee], statuses: dict) -> dict[int, str]:
    """Every attendee gets one of the four marks, and nobody else: all or nothing."""
    allowed = {str(s) for s in MARKED_STATUSES}
    by_staff = {a.staff_id: a for a in attendees}
    cleaned: dict[int, str] = {}
    for key, value in statuses.items():
        try:
            staff_id = int(key)
        except (TypeError, ValueError):
            staff_id = None
        if staff_id not in by_staff:
            raise ValidationError(_("Someone in the list is not invited to this meeting."))
        if value not in allowed:
            raise ValidationError(
                _("Mark %(name)s present, late, excused or absent.")
                % {"name": by_staff[staff_id].staff.name}
            )
        cleaned[staff_id] = value
    unmarked = [a.staff.name for a in attendees if a.staff_id not in cleaned]
    if unmarked:
        raise ValidationError(
            _("Mark everyone before saving; not marked: %(names)s.")
            % {"names": ", ".join(unmarked)}
        )
    return cleaned


def _absence_fines(meeting: Meeting, me: Staff, changed: list[Attendee]) -> None:
    """R-PLAN-5: an absence is a violation only when the rulebook in force at the
    meeting has a rule for it (code MEETING-ABSENT); a mark changed from absent takes
    the violation back."""
    fining = rulebook_has_rule(MEETING_ABSENT_CODE, meeting.starts_at)
    to_reverse = [
        a.violation_ref for a in changed if a.status != AttendeeStatus.ABSENT and a.violation_ref
    ]
    for violation in violations_by_id(ids=to_reverse).values():
        violation_reverse(violation=violation)
    for attendee in changed:
        if attendee.status != AttendeeStatus.ABSENT:
            attendee.violation_ref = None
        elif fining:
            violation = violation_record(
                staff=attendee.staff,
                code=MEETING_ABSENT_CODE,
                occurred_at=meeting.starts_at,
                recorded_by=me,
                place=meeting.place,
                note=_("Absent from %(title)s") % {"title": meeting.title},
                auto_key=f"meeting-absent:{meeting.pk}:{attendee.staff_id}",
            )
            attendee.violation_ref = violation.pk


def meeting_attendance_take(*, actor: User, meeting: Meeting, statuses: dict) -> Meeting:
    """R-PLAN-5: the leader marks every attendee (present, late, excused, absent) in one
    post; the meeting becomes held. Bad input saves nothing."""
    me = require_run_group(actor, meeting.group)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.day > today():
        raise ValidationError(_("Attendance is taken on the day of the meeting, not before."))
    now = timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        attendees = list(meeting.attendees.select_related("staff__user", "staff__work_city"))
        if not attendees:
            raise ValidationError(_("Nobody is invited to this meeting."))
        cleaned = _check_statuses(meeting, attendees, statuses)
        changed = [a for a in attendees if a.status != cleaned[a.staff_id]]
        for attendee in changed:
            attendee.status = cleaned[attendee.staff_id]
            attendee.marked_by = me
            attendee.marked_at = now
            attendee.updated_at = now
        _absence_fines(meeting, me, changed)
        if changed:
            Attendee.objects.bulk_update(
                changed, ["status", "marked_by", "marked_at", "violation_ref", "updated_at"]
            )
        if meeting.state != MeetingState.HELD:
            meeting.state = MeetingState.HELD
            meeting.held_at = now
            meeting.save(update_fields=["state", "held_at", "updated_at"])
    return meeting


def meeting_minutes_record(
    *, actor: User, meeting: Meeting, agenda: str, minutes: str, decisions: str
) -> Meeting:
    """R-PLAN-5: the leader records the agenda, the minutes and the decisions."""
    require_run_group(actor, meeting.group)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    meeting.agenda, meeting.minutes, meeting.decisions = agenda, minutes, decisions
    with transaction.atomic():
        meeting.save(update_fields=["agenda", "minutes", "decisions", "updated_at"])
    return meeting
