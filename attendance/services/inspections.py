"""R-ATT-7: inspections (巡检) and the violations they create."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.dates import local_day
from outreach.models import Point, Staff

from ..models import DayRecord, Inspection, InspectionMark, Violation
from .common import person_lock, require_leader_or_manager
from .violations import violation_record

Status = InspectionMark.Status


def inspection_record(
    *,
    actor: Staff,
    point: Point,
    marks: dict[Staff, str],
    at: datetime | None = None,
    note: str = "",
) -> Inspection:
    """Present (and cross / crowd, who are there too) counts as presence that day; an
    absent mark is the leader recording the absence (no joint ATT-NOLEAVE), and becomes
    POST-LEAVE when the person had checked in; one POST-CROSS per person, one POST-CROWD
    per point. Each person's day record is decided on locked (a check-in at the same
    moment is either seen or comes after); the records, then the people, are locked in
    the people's order up front, the order every attendance service takes them in."""
    at = at or timezone.now()
    day = local_day(at)
    if not marks:
        raise ValidationError(_("Mark at least one person."))
    for person, status in marks.items():
        if status not in Status.values:
            raise ValidationError(_("Unknown status %(s)s.") % {"s": status})
        require_leader_or_manager(actor, person, day)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            point=point, day=day, inspected_at=at, inspector=actor, note=note
        )
        InspectionMark.objects.bulk_create(
            InspectionMark(inspection=inspection, staff=p, status=s) for p, s in marks.items()
        )
        records = {
            person.pk: DayRecord.objects.select_for_update().get_or_create(staff=person, day=day)[0]
            for person in sorted(marks, key=lambda p: p.pk)
        }
        person_lock(*records)
        crowd = []
        for person, status in sorted(marks.items(), key=lambda kv: kv[0].employee_no):
            record = records[person.pk]
            if status == Status.ABSENT:
                if record.check_in_at:
                    violation_record(
                        staff=person,
                        code="POST-LEAVE",
                        occurred_at=at,
                        point=point,
                        recorded_by=actor,
                        source=Violation.Source.INSPECTION,
                        auto_key=f"postleave:{inspection.pk}:{person.pk}",
                        inspection=inspection,
                    )
                elif record.absent_marked_at is None:
                    record.absent_marked_by, record.absent_marked_at = actor, at
                    record.save(update_fields=["absent_marked_by", "absent_marked_at"])
                continue
            record.present_by_inspection = True
            record.is_absent = False
            record.save(update_fields=["present_by_inspection", "is_absent", "updated_at"])
            if status == Status.CROSS:
                violation_record(
                    staff=person,
                    code="POST-CROSS",
                    occurred_at=at,
                    point=point,
                    recorded_by=actor,
                    source=Violation.Source.INSPECTION,
                    auto_key=f"cross:{inspection.pk}:{person.pk}",
                    inspection=inspection,
                )
            elif status == Status.CROWD:
                crowd.append(person)
        if len(crowd) >= 2:
            violation_record(
                staff=crowd[0],
                code="POST-CROWD",
                occurred_at=at,
                point=point,
                recorded_by=actor,
                source=Violation.Source.INSPECTION,
                note=", ".join(p.name for p in crowd),
                auto_key=f"crowd:{inspection.pk}",
                inspection=inspection,
            )
    return inspection
