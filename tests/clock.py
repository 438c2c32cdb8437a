"""The clock in tests: "now" is an input.

A test (or a whole module, through `pytestmark`) that depends on the day or hour says
which instant it runs at with `runs_at("2026-12-03 10:00")`: time-machine moves every
clock of the process there (the live server thread included) and lets it tick from
that instant. Everything else must pass at any instant; CI also runs the date-sensitive
packages with the process clock moved by faketime (Makefile `test-instants`).

Instants are written in the team's time zone (settings.TIME_ZONE, Asia/Shanghai): the
team's day starts at local midnight, not at UTC midnight.
"""

import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings


def team_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(text: str) -> datetime:
    """An aware datetime from "YYYY-MM-DD HH:MM" read in the team's time zone."""
    return datetime.fromisoformat(text).replace(tzinfo=team_tz())


def local_at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, clock(hh, mm), tzinfo=team_tz())


def runs_at(text: str, *, tick: bool = True) -> pytest.MarkDecorator:
    """Mark a test (or a module's `pytestmark`) to run with "now" at `text`, local time."""
    return pytest.mark.time_machine(local(text), tick=tick)


def wait_until(
    condition: Callable[[], object], *, timeout: float = 60, interval: float = 0.1, what: str = ""
):
    """Poll `condition` until it returns something truthy, and return that.

    The timeout is an upper limit that only matters when something is really broken; a
    healthy run returns as soon as the state is there, however loaded the machine is.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what or condition}")
        time.sleep(interval)
