"""Factories and helpers for attendance tests."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.models import RosterEntry, RulebookVersion, Shift
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


def daily(staff, rate="60.00"):
    return WageSchemeFactory(staff=staff, kind=WageKind.DAILY, amount=Decimal(rate))


def monthly(staff, base="2500.00"):
    return WageSchemeFactory(staff=staff, kind=WageKind.MONTHLY, amount=Decimal(base))


def acknowledge_all(*people, when=None):
    version = RulebookVersion.objects.get(number=1)
    for person in people:
        rulebook_acknowledge(version=version, staff=person, at=when or at(date(2025, 1, 1), 0))


def point_at(lat="30.320100", lng="120.141900"):
    return PointFactory(latitude=Decimal(lat), longitude=Decimal(lng))
