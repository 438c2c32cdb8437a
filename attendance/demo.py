"""Demo attendance (R-ATT, R-FINE): rosters and check-ins (some late, early or missing a
sign-out) from the first day of the month before last to today, leave, absences,
inspections with every kind of mark, violations of every code and a rulebook version
acknowledged by most people. Idempotent: it runs once."""

import io
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from outreach.dates import today
from outreach.decisions import decider_for, managers
from outreach.demo import demo_window_start
from outreach.models import Point, Role, Staff

from . import services
from .defaults import defaults_ensure
from .models import (
    AttendanceSetting,
    DayRecord,
    InspectionMark,
    LeaveType,
    RosterEntry,
    RulebookVersion,
    Shift,
)
from .services.checkin import _arrival_flags, _departure_flag, _sync_late_violations

AHEAD = 7  # days of roster after today
Mark = InspectionMark.Status


def _at(day, hh, mm=0):
    return datetime.combine(day, time(hh, mm), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def demo_attendance(scale, stdout):
    defaults_ensure()
    rng = random.Random(4)  # noqa: S311 (demo data, not secrets)
    people = list(
        Staff.objects.filter(
            role__in=[Role.LEADER, Role.CANVASSER], leave_date__isnull=True
        ).select_related("user", "work_city")
    )
    if not people:
        return
    start = demo_window_start()
    if RosterEntry.objects.filter(staff__in=people).exists():
        return  # already seeded
    shift = Shift.objects.get(is_default=True)
    points = list(Point.objects.filter(is_active=True).order_by("pk"))
    version = RulebookVersion.objects.get(number=1)
    # Everyone in the field acknowledged the rulebook before the window: a fine of
    # someone who had not blocks their month's payroll (R-FINE-3), and the demo locks
    # both past months.
    for person in people:
        services.rulebook_acknowledge(
            version=version, actor=person, at=_at(start - timedelta(days=1), 9)
        )
    days = [start + timedelta(days=d) for d in range((today() - start).days + AHEAD)]
    RosterEntry.objects.bulk_create(
        RosterEntry(
            staff=person,
            day=day,
            shift=None if (day.toordinal() + i) % 7 == 0 else shift,
            point=points[i % len(points)] if points else None,
        )
        for i, person in enumerate(people)
        for day in days
        if day >= person.hire_date
    )
    by_name = {p.user.username: p for p in people}
    on_leave = by_name.get("canvasser4")
    leave_first = start + timedelta(days=10)
    if on_leave:
        request = services.leave_request_submit(
            staff=on_leave,
            leave_type=LeaveType.objects.get(code="annual"),
            first_day=leave_first,
            last_day=leave_first + timedelta(days=1),
            reason="回老家",
            at=_at(leave_first - timedelta(days=3), 10),
        )
        # Issue 17: nobody decides their own request; without a leader a manager does.
        decider = decider_for(on_leave, leave_first) or managers().order_by("pk").first()
        if decider is not None:
            services.leave_decide(request=request, actor=decider, approve=True)
    entries = {
        (e.staff_id, e.day): e
        for e in RosterEntry.objects.filter(
            staff__in=people, day__lt=today(), day__gte=start
        ).select_related("shift", "point")
    }
    setting = AttendanceSetting.current()
    records = []
    for day in days:
        if day >= today():
            break
        for person in people:
            entry = entries.get((person.pk, day))
            if entry is None or entry.shift_id is None:
                continue
            if on_leave and person == on_leave and leave_first <= day <= leave_first + timedelta(1):
                continue
            roll = rng.random()
            if roll < 0.03:
                continue  # absent: the nightly job finds it
            late = roll > 0.94
            arrive = _at(day, 9, rng.randint(5, 40)) if late else _at(day, 8, rng.randint(35, 59))
            point = entry.point
            record = DayRecord(
                staff=person, day=day, check_in_at=arrive, check_in_device=f"demo-{person.pk}"
            )
            if point and point.latitude is not None:
                far = rng.random() < 0.03
                record.check_in_lat = point.latitude + (Decimal("0.01") if far else 0)
                record.check_in_lng = point.longitude
            if rng.random() >= 0.03:  # else: forgot to sign out
                end = time(17, 30) if day.isoweekday() >= 6 else time(16, 30)
                record.check_out_at = _at(day, end.hour, end.minute) + timedelta(
                    minutes=-rng.randint(20, 60) if rng.random() < 0.04 else rng.randint(1, 30)
                )
                record.check_out_device = record.check_in_device
            _arrival_flags(record, entry, setting)
            _departure_flag(record, entry)
            records.append((record, entry))
    DayRecord.objects.bulk_create([r for r, _e in records], batch_size=500)
    for record, entry in records:
        if record.is_late or record.not_at_point or record.is_early:
            _sync_late_violations(record, entry)
    _demo_inspections(people, entries, start)
    for day in days:
        if day >= today():
            break
        services.absence_detect(day=day)
        if day <= today() - timedelta(days=2):
            services.nosign_detect(day=day)
    _demo_violations(by_name, start, points)
    _demo_checkin_photo(by_name.get("canvasser1"))
    if stdout:
        stdout.write("attendance demo: rosters, check-ins, leave, violations, inspections\n")


def _photo(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), (200, 210, 220)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _demo_checkin_photo(person) -> None:
    """Issue 17: one check-in with its photo (personal data), so the demo has one to
    download; the latest day's record of canvasser1."""
    record = DayRecord.objects.filter(staff=person, check_in_at__isnull=False).order_by("-day")
    record = record.first()
    if record is None:
        return
    record.check_in_photo.save("checkin.png", _photo("checkin.png"), save=False)
    record.save(update_fields=["check_in_photo", "updated_at"])


def _demo_violations(by_name, start, points):
    manager = Staff.objects.filter(role=Role.MANAGER).first()
    leader = by_name.get("leader1")
    members = [by_name[f"canvasser{n}"] for n in range(1, 7) if f"canvasser{n}" in by_name]
    if not (manager and leader and len(members) >= 6 and points):
        return
    codes = [
        ("DRESS", "未穿工服"),
        ("CONDUCT", "日报未交"),
        ("ATT-PROXY", "代签"),
        ("ROSTER", "私自换点位"),
        ("ATTITUDE", "对客户不耐烦"),
        ("MATERIAL", "丢弃宣传单页"),
        ("POST-LEAVE", "擅自离岗"),
    ]
    for n, (code, note) in enumerate(codes):
        day = start + timedelta(days=5 + 7 * n)  # one a week over the two past months
        services.violation_record(
            staff=members[n % len(members)],
            code=code,
            occurred_at=_at(day, 11, n),
            recorded_by=leader,
            note=note,
            point=points[0],
            evidence=_photo("现场照片.png") if code == "DRESS" else None,  # issue 17
        )
    services.violation_record(
        staff=members[5],
        code="FAKE-LEAD",
        occurred_at=_at(start + timedelta(days=40), 15),
        recorded_by=manager,
        note="亲属冒充客户",
        # no lead_ref: a linked lead would be made invalid and its deals cancelled
    )


# Each inspection's marks after the ones present: every kind in turn (R-ATT-7).
ROUNDS = [[Mark.CROSS], [Mark.CROWD, Mark.CROWD], [Mark.ABSENT], []]


def _demo_inspections(people, entries, start) -> None:
    """Every group leader patrols a point of theirs every second week (Tuesdays at
    14:00) through the window: the people rostered there that day, most present, the
    rest marked in turn 串岗 (cross), 扎堆 (two crowding), absent — or all present."""
    from outreach.selectors import leader_of, membership_of

    leaders = [p for p in people if p.role == Role.LEADER]
    day = start + timedelta(days=(1 - start.weekday()) % 7)  # the first Tuesday
    turn = 0
    while day < today():
        for leader in leaders:
            group = membership_of(leader, day).group
            mates = [
                p
                for p in people
                if p != leader
                and (entry := entries.get((p.pk, day))) is not None
                and entry.shift_id is not None
                and (m := membership_of(p, day)) is not None
                and m.group_id == group.pk
            ]
            odd = ROUNDS[turn % len(ROUNDS)]
            if len(mates) < 3 + len(odd) or leader_of(group, day) != leader:
                continue
            turn += 1
            marks = {p: Mark.PRESENT for p in mates[:3]}
            marks.update(zip(mates[3 : 3 + len(odd)], odd, strict=True))
            services.inspection_record(
                actor=leader,
                point=entries[(mates[0].pk, day)].point,
                marks=marks,
                at=_at(day, 14, turn % 50),
                note="下午巡检",
            )
        day += timedelta(days=14)
