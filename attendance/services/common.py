"""Helpers shared by attendance services: time, wages, leaders, photos, permissions, locks."""

import math
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from outreach.dates import at_local
from outreach.guard import can
from outreach.models import Staff, WageKind
from outreach.selectors import (
    is_leader_of,
    memberships_on,
    monthly_paid_days,
    wage_scheme_for_month,
)
from outreach.uploads import image_validate

from ..models import AttendanceSetting, ShiftOverride

CENT = Decimal("0.01")


# --- locks --------------------------------------------------------------------------------
# A service decides on what it reads ("not checked in yet", "the fine is still active",
# "the request is still pending"), so it reads the row locked, inside its transaction: a
# second call at the same moment waits, then decides on the first one's outcome. One
# order everywhere keeps two services from waiting on each other: leave request or roster
# change → day records (by person, then day) → the people (by pk) → their violations.


M = TypeVar("M", bound=Model)


def locked(instance: M) -> M:
    """Lock `instance`'s row until the transaction ends and reload it in place, so the
    caller's object shows the committed state it is about to decide on."""
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
    return instance


def person_lock(*staff_ids: int) -> None:
    """A person's fines change one at a time: R-FINE-4 numbers a month's late arrivals
    from all of them, and automatic violations are recorded once per key. The person's
    row is the lock (FOR NO KEY UPDATE, so rows that merely point at the person are not
    held up); several people are locked in pk order."""
    list(
        Staff.objects.select_for_update(no_key=True)
        .filter(pk__in=staff_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def shift_times(shift, day: date) -> tuple[time, time, time]:
    """R-ATT-1: (report, start, end) of a shift on a day, holiday overrides first."""
    override = ShiftOverride.objects.filter(shift=shift, day=day).first()
    if override:
        return override.report_time, override.start_time, override.end_time
    end = shift.weekend_end_time if day.isoweekday() >= 6 else shift.end_time
    return shift.report_time, shift.start_time, end


def day_wage(staff: Staff, on: date) -> Decimal:
    """R-FINE: the daily rate, or monthly base ÷ the core's monthly paid days (unrounded)."""
    scheme = wage_scheme_for_month(staff, on)
    if scheme is None:
        return Decimal("0")
    if scheme.kind == WageKind.DAILY:
        return scheme.amount
    return scheme.amount / monthly_paid_days(on)


def leaders_on(day: date, staff_ids) -> dict[int, int | None]:
    """staff id → the id of who led their group that day (None when no group or self)."""
    rows = list(memberships_on(day).values_list("staff_id", "group_id", "is_leader"))
    group_of = {s: g for s, g, _lead in rows if s in staff_ids}
    leader_of = {g: s for s, g, lead in rows if lead}
    result = {}
    for staff_id in staff_ids:
        leader = leader_of.get(group_of.get(staff_id))
        result[staff_id] = None if leader == staff_id else leader
    return result


def haversine_m(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in metres (R-ATT-4 not-at-point radius)."""
    r = 6_371_000
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def photo_check(photo, field: str = "photo") -> None:
    """R-SYS-3: only an image (checked by its content), and not over the size limit."""
    if not photo:
        return
    image_validate(photo, limit=AttendanceSetting.current().photo_max_bytes, field=field)


def is_manager(user) -> bool:
    return can(user, "attendance.adjust_violation")


def require_leader_or_manager(actor: Staff, person: Staff, day: date) -> None:
    """A leader acts only on their own groups' people; a manager on anyone."""
    if is_manager(actor.user):
        return
    if can(actor.user, "attendance.view_group_attendance") and is_leader_of(actor, person, day):
        return
    raise ValidationError(_("%(name)s is not in your group.") % {"name": person.name})


def day_end(day: date) -> datetime:
    return at_local(day + timedelta(days=1), time(0, 0))
