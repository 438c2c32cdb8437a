"""R-PLAN-5 demo: each group's weekly briefing with two past meetings held (attendance,
minutes, action items some done, some open) and upcoming occurrences; a second run
changes nothing."""

import pytest
from django.core.management import call_command

from meetings.models import ActionItem, Attendee, Meeting, MeetingSeries
from outreach.dates import today
from outreach.models import Group, Notification

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def _snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (MeetingSeries, Meeting, Attendee, ActionItem)
    ] + [Notification.objects.count()]


def test_r_plan_5_the_demo_has_a_weekly_briefing_per_group_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    groups = Group.objects.filter(is_active=True).count()
    assert MeetingSeries.objects.count() == groups
    for series in MeetingSeries.objects.all():
        held = series.meetings.filter(state="held")
        assert held.count() == 2
        assert all(m.day < today() and m.minutes for m in held)
        assert Attendee.objects.filter(meeting__in=held, status="present").exists()
        items = ActionItem.objects.filter(meeting__in=held)
        assert items.filter(done_at__isnull=False).exists()
        assert items.filter(done_at__isnull=True).exists()
        assert series.meetings.filter(state="scheduled", day__gte=today()).exists()
    before = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == before
