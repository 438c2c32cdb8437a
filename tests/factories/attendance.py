"""Factories and helpers for attendance tests."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from attendance.models import DayRecord, RosterEntry, RulebookVersion, Shift
from attendance.services import rulebook_acknowledge
from outreach.models import WageKind
from tests.factories import PointFactory, WageSchemeFactory

SH = ZoneInfo("Asia/Shanghai")


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=SH)


def default_shift() -> Shift:
    return Shift.objects.get(is_default=True)


def rostered(staff, day: date, *, point=None, shift=None) -> RosterEntry:
    entry, _created = RosterEntry.objects.update_or_create(
        staff=staff, day=day, defaults={"shift": shift or default_shift(), "point": point}
    )
    return entry


def checked_in(staff, day: date, hh: int = 8, mm: int = 55) -> DayRecord:
    """A check-in on `day` at hh:mm local, or now if that is still to come: at 00:30
    today's 08:55 is in the future, and nobody checks in ahead of time."""
    return DayRecord.objects.create(
        staff=staff, day=day, check_in_at=min(at(day, hh, mm), timezone.now())
    )


def daily(staff, rate="60.00"):
    return WageSchemeFactory(staff=staff, kind=WageKind.DAILY, amount=Decimal(rate))


def monthly(staff, base="2500.00"):
    return WageSchemeFactory(staff=staff, kind=WageKind.MONTHLY, amount=Decimal(base))


def acknowledge_all(*people, when=None):
    version = RulebookVersion.objects.get(number=1)
    for person in people:
        rulebook_acknowledge(version=version, actor=person, at=when or at(date(2025, 1, 1), 0))


def point_at(lat="30.320100", lng="120.141900"):
    return PointFactory(latitude=Decimal(lat), longitude=Decimal(lng))
