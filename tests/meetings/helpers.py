"""Helpers for the meetings tests (R-PLAN-5)."""

from datetime import time

from django.test import Client

from meetings import services
from outreach.dates import today


def login(client: Client, staff) -> Client:
    client.force_login(staff.user)
    return client


def briefing_today(org, *, hh=9, title="晨会"):
    """A one-off meeting of group G01 today, scheduled by its leader."""
    return services.meeting_schedule(
        actor=org["leader1"].user,
        group=org["groups"][0],
        title=title,
        day=today(),
        start_time=time(hh, 0),
    )
