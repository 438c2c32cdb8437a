"""R-ATT-3 and R-ATT-4: check-in / check-out, late, early leave, not at point, one
device for several people, manager corrections and missing sign-outs."""

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import at_local, local_day
from outreach.guard import can
from outreach.models import Staff
from outreach.selectors import leader_of, membership_of
from outreach.services import notification_create

from ..models import AttendanceSetting, DayRecord, RosterEntry, Violation
from .adjustments import violation_reverse
from .common import (
    haversine_m,
    photo_check,
    require_leader_or_manager,
    shift_times,
)
from .photo import checkin_photo_stamp, photo_required_check
from .violations import LATE_CODE, violation_record, violations_record_bulk

CHECK_IN_FIELDS = [
    "check_in_at",
    "check_in_device",
    "check_in_ip",
    "check_in_lat",
    "check_in_lng",
    "check_in_photo",
    "check_in_key",
    "check_in_acted_at",
    "check_in_time_flagged",
]
CHECK_OUT_FIELDS = [
    "check_out_at",
    "check_out_device",
    "check_out_ip",
    "check_out_lat",
    "check_out_lng",
]
ARRIVAL_FLAGS = ["is_late", "not_at_point", "distance_m"]


def _roster(staff: Staff, day: date) -> RosterEntry | None:
    return (
        RosterEntry.objects.filter(staff=staff, day=day, shift__isnull=False)
        .select_related("shift", "point")
        .first()
    )


def _arrival_flags(record: DayRecord, entry: RosterEntry | None, setting) -> None:
    """R-ATT-4: late after report time + grace; not at point beyond the radius when both
    the check-in location and the point's coordinates are known."""
    record.is_late = record.not_at_point = False
    record.distance_m = None
    if entry is None or record.check_in_at is None:
        return
    report, _start, _end = shift_times(entry.shift, record.day)
    limit = at_local(record.day, report) + timedelta(minutes=entry.shift.grace_minutes)
    record.is_late = record.check_in_at > limit
    point = entry.point
    if (
        point is not None
        and point.latitude is not None
        and record.check_in_lat is not None
        and record.check_in_lng is not None
    ):
        distance = haversine_m(
            record.check_in_lat, record.check_in_lng, point.latitude, point.longitude
        )
        record.distance_m = round(distance)
        record.not_at_point = distance > setting.point_radius_m


def _departure_flag(record: DayRecord, entry: RosterEntry | None) -> None:
    record.is_early = False
    if entry is None or record.check_out_at is None:
        return
    _report, _start, end = shift_times(entry.shift, record.day)
    limit = at_local(record.day, end) - timedelta(minutes=entry.shift.grace_minutes)
    record.is_early = record.check_out_at < limit


def _sync_late_violations(record: DayRecord, entry: RosterEntry | None) -> None:
    """Late and not-at-point on one arrival count once (one key per arrival)."""
    wanted = {
        f"arrive:{record.staff_id}:{record.day}": (
            record.is_late or record.not_at_point,
            record.check_in_at,
        ),
        f"early:{record.staff_id}:{record.day}": (record.is_early, record.check_out_at),
    }
    for key, (should, at) in wanted.items():
        if should:
            violation_record(
                staff=record.staff,
                code=LATE_CODE,
                occurred_at=at,
                point=entry.point if entry else None,
                source=Violation.Source.CHECKIN,
                auto_key=key,
            )
        else:
            existing = Violation.objects.filter(auto_key=key, state=Violation.State.ACTIVE).first()
            if existing:
                violation_reverse(violation=existing)


def _flag_shared_device(record: DayRecord, setting) -> None:
    """R-ATT-3: one device signing for several people within a window → the leaders."""
    if not record.check_in_device:
        return
    window = timedelta(minutes=setting.proxy_window_minutes)
    others = list(
        DayRecord.objects.filter(
            check_in_device=record.check_in_device,
            check_in_at__gte=record.check_in_at - window,
            check_in_at__lte=record.check_in_at + window,
        )
        .exclude(staff=record.staff)
        .select_related("staff")
    )
    if not others:
        return
    ids = [record.pk, *(o.pk for o in others)]
    DayRecord.objects.filter(pk__in=ids).update(proxy_suspected=True, updated_at=timezone.now())
    record.proxy_suspected = True
    names = ", ".join([record.staff.name, *(o.staff.name for o in others)])
    for person in [record.staff, *(o.staff for o in others)]:
        membership = membership_of(person, record.day)
        leader = leader_of(membership.group, record.day) if membership else None
        if leader is not None:
            notification_create(
                recipient=leader.user,
                kind="attendance.proxy",
                message=_("One device checked in several people: %(names)s") % {"names": names},
                target=record,
                link=reverse("attendance-group"),
            )


def offline_check_in_time(
    *, acted_at: datetime | None, arrival: datetime, grace_minutes: int
) -> tuple[datetime, bool]:
    """Issue 20: the time a check-in is recorded at, and whether the leader must look.

    A check-in queued on the phone keeps the phone's time only when it arrives within the
    rulebook's grace of it (the boundary included); later — or a phone time after the
    arrival, a clock that runs ahead — it is recorded at its arrival and flagged, the
    phone's time kept beside it for the leader."""
    if acted_at is None:
        return arrival, False
    if arrival - timedelta(minutes=grace_minutes) <= acted_at <= arrival:
        return acted_at, False
    return arrival, True


def check_in(
    *,
    staff: Staff,
    device_id: str,
    at: datetime | None = None,
    ip: str | None = None,
    latitude=None,
    longitude=None,
    photo=None,
    key: uuid.UUID | None = None,
    acted_at: datetime | None = None,
) -> DayRecord:
    """R-ATT-3: a person signs in for themselves, once a day. `key` is the submission's
    key: the same key again (a resend from the offline queue) is the same check-in."""
    arrival = at or timezone.now()
    setting = AttendanceSetting.current()
    at, flagged = offline_check_in_time(
        acted_at=acted_at, arrival=arrival, grace_minutes=setting.offline_grace_minutes
    )
    if key is not None:
        replay = DayRecord.objects.filter(check_in_key=key).first()
        if replay is not None:
            if replay.staff_id != staff.pk:
                raise ValidationError(_("This check-in belongs to someone else."))
            return replay
    day = local_day(at)
    photo_check(photo)
    photo_required_check(photo, required=setting.photo_required)
    if photo:  # stamped before the row is locked: the image work takes a moment
        entry = _roster(staff, day)
        point = entry.point if entry else None
        photo = checkin_photo_stamp(photo=photo, at=at, staff=staff, point=point)
    with transaction.atomic():
        # The day's row, locked: a second check-in at the same moment waits and then finds
        # this one. When there is no row yet, one (staff, day) row can exist, so the other
        # insert fails and get_or_create reads (and locks) the winner's row instead.
        record, _created = DayRecord.objects.select_for_update().get_or_create(staff=staff, day=day)
        if key is not None and record.check_in_key == key:
            return record  # the twin of a concurrent resend won
        if record.check_in_at is not None:
            raise ValidationError(_("You have already checked in today."))
        record.check_in_at = at
        record.check_in_key = key
        record.check_in_acted_at = acted_at
        record.check_in_time_flagged = flagged
        record.check_in_device = (device_id or "")[:64]
        record.check_in_ip = ip
        record.check_in_lat = latitude
        record.check_in_lng = longitude
        if photo:
            record.check_in_photo = photo
        record.is_absent = False
        entry = _roster(staff, day)
        _arrival_flags(record, entry, setting)
        record.save(update_fields=[*CHECK_IN_FIELDS, *ARRIVAL_FLAGS, "is_absent", "updated_at"])
        _sync_late_violations(record, entry)
        _flag_shared_device(record, setting)
    return record


def check_out(
    *,
    staff: Staff,
    device_id: str,
    at: datetime | None = None,
    ip: str | None = None,
    latitude=None,
    longitude=None,
) -> DayRecord:
    """R-ATT-3: sign out; refused without a check-in or twice."""
    at = at or timezone.now()
    day = local_day(at)
    with transaction.atomic():
        record = DayRecord.objects.select_for_update().filter(staff=staff, day=day).first()
        if record is None or record.check_in_at is None:
            raise ValidationError(_("You have not checked in today."))
        if record.check_out_at is not None:
            raise ValidationError(_("You have already checked out today."))
        record.check_out_at = at
        record.check_out_device = (device_id or "")[:64]
        record.check_out_ip = ip
        record.check_out_lat = latitude
        record.check_out_lng = longitude
        entry = _roster(staff, day)
        _departure_flag(record, entry)
        record.save(update_fields=[*CHECK_OUT_FIELDS, "is_early", "updated_at"])
        _sync_late_violations(record, entry)
    return record


def day_record_correct(
    *,
    staff: Staff,
    day: date,
    actor: Staff,
    reason: str,
    check_in_at: datetime | None,
    check_out_at: datetime | None,
) -> DayRecord:
    """R-ATT-3: a manager (or the leader, for a missing sign-out) corrects a record with
    a reason; late / early / missing sign-out are recomputed exactly as at check-in."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the correction.")})
    if not can(actor.user, "attendance.correct_attendance"):
        # R-ATT-4: the leader may fix a missing sign-out of their group by the end of
        # the next day; other corrections are the manager's.
        require_leader_or_manager(actor, staff, day)
        if timezone.localdate() > day + timedelta(days=1):
            raise ValidationError(_("After the next day only a manager can correct a record."))
    if check_out_at and not check_in_at:
        raise ValidationError(_("A check-out needs a check-in."))
    if check_in_at and check_out_at and check_out_at < check_in_at:
        raise ValidationError(_("The check-out is before the check-in."))
    for moment in (check_in_at, check_out_at):
        if moment and local_day(moment) != day:
            raise ValidationError(_("The times must be on %(day)s.") % {"day": day})
    setting = AttendanceSetting.current()
    with transaction.atomic():
        record, _created = DayRecord.objects.select_for_update().get_or_create(staff=staff, day=day)
        record.check_in_at, record.check_out_at = check_in_at, check_out_at
        record.corrected_by, record.correction_reason = actor, reason
        if check_in_at:
            record.is_absent = False
        entry = _roster(staff, day)
        _arrival_flags(record, entry, setting)
        _departure_flag(record, entry)
        record.save(
            update_fields=[
                "check_in_at",
                "check_out_at",
                "corrected_by",
                "correction_reason",
                "is_absent",
                *ARRIVAL_FLAGS,
                "is_early",
                "updated_at",
            ]
        )
        _sync_late_violations(record, entry)
        for key in (f"nosign:{staff.pk}:{day}", f"absent:{staff.pk}:{day}"):
            stale = Violation.objects.filter(auto_key=key, state=Violation.State.ACTIVE).first()
            if stale and (check_out_at or (key.startswith("absent") and check_in_at)):
                violation_reverse(violation=stale)
    return record


def nosign_detect(*, day: date) -> int:
    """R-ATT-4: a worked day with no check-out by shift end + 2 h is ATT-NOSIGN, unless
    the leader corrected it by the end of the next day — so the nightly job runs this for
    the day before yesterday. The open day records are read locked: a correction adding
    the sign-out at this moment is either seen here or reverses what this records."""
    setting = AttendanceSetting.current()
    with transaction.atomic():
        open_days = list(
            DayRecord.objects.select_for_update()
            .filter(day=day, check_in_at__isnull=False, check_out_at__isnull=True)
            .order_by("staff_id")
            .values_list("staff_id", flat=True)
        )
        entries = list(
            RosterEntry.objects.filter(
                day=day, shift__isnull=False, staff_id__in=open_days
            ).select_related("shift", "staff__work_city")
        )
        ends = {}
        items = []
        for entry in entries:
            if entry.shift_id not in ends:
                ends[entry.shift_id] = shift_times(entry.shift, day)[2]
            moment = at_local(day, ends[entry.shift_id]) + timedelta(
                hours=setting.nosign_after_hours
            )
            items.append((entry.staff, moment, f"nosign:{entry.staff_id}:{day}", False))
        return len(violations_record_bulk(code="ATT-NOSIGN", items=items, source="checkin"))
