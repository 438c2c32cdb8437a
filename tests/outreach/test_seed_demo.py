"""Issue 2 §8: the demo organisation is idempotent and refuses to clash or run in prod."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from outreach.models import Group, GroupMembership, Role, Staff

pytestmark = pytest.mark.django_db


def _counts():
    return (Staff.objects.count(), Group.objects.count(), GroupMembership.objects.count())


def test_seed_demo_builds_the_organisation(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert Staff.objects.filter(role=Role.MANAGER).count() == 1
    assert Staff.objects.filter(role=Role.SALES_MANAGER).count() == 1
    assert Staff.objects.filter(role=Role.HR).count() == 1
    assert Staff.objects.filter(role=Role.LEADER).count() == 3
    assert Staff.objects.filter(role=Role.CANVASSER).count() == 24
    assert Staff.objects.filter(role=Role.CONSULTANT).count() == 4
    user = get_user_model().objects.get(username="canvasser1")
    assert user.check_password("demo12345")


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before


def test_seed_demo_scale_multiplies_groups(settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=2, verbosity=0)
    assert Group.objects.count() == 6
    assert Staff.objects.filter(role=Role.CANVASSER).count() == 48


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert Staff.objects.count() == 0


def test_seed_demo_says_what_conflicts(settings):
    settings.DEBUG = True
    get_user_model().objects.create_user(username="manager", password="x" * 12)
    with pytest.raises(CommandError, match="'manager' exists but has no staff record"):
        call_command("seed_demo")
    assert Staff.objects.count() == 0
