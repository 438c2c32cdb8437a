"""Regression tests for the leaks the security crawl found (R-ROLE-1)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisals.models import Appraisal
from appraisals.rollup import appraisal_rollup
from clients.models import Visit
from clients.services.visits import rotation_day_setup, visit_register
from tests.factories.clients import register

pytestmark = pytest.mark.django_db


def test_r_role_1_admin_and_sales_manager_do_not_see_other_peoples_appraisals(client, org):
    """Appraisals carry bonuses (pay): seeing every staff record is not enough."""
    cycle = appraisal_rollup(label="2026Q3").cycle
    theirs = Appraisal.objects.get(cycle=cycle, staff=org["canvasser1"])
    for who, status in [("admin", 404), ("salesmgr", 404), ("leader1", 200), ("manager", 200)]:
        client.force_login(org[who].user)
        assert client.get(reverse("appraisal-detail", args=[theirs.pk])).status_code == status
        career = client.get(reverse("career-plan", args=[org["canvasser1"].pk]))
        assert career.status_code == status, who
    client.force_login(org["salesmgr"].user)
    own = Appraisal.objects.filter(cycle=cycle, staff=org["salesmgr"]).first()
    if own is not None:
        assert client.get(reverse("appraisal-detail", args=[own.pk])).status_code == 200


def test_r_role_1_bonus_base_post_outside_the_role_is_403_whatever_the_form(client, org):
    cycle = appraisal_rollup(label="2026Q3").cycle
    client.force_login(org["admin"].user)
    url = reverse("appraisal-cycle-bonus", args=[cycle.pk])
    assert client.post(url, {}).status_code == 403
    assert client.post(url, {"bonus_base": "1"}).status_code == 403


def test_r_role_1_another_consultants_visit_answers_404_on_confirm(client, org):
    from outreach.models import Role
    from tests.factories import StaffFactory

    other = StaffFactory(role=Role.CONSULTANT)
    now = timezone.now()
    lead = register(org["canvasser1"], "13900001111", now=now)
    rotation_day_setup(actor=None, day=timezone.localdate(), consultants=[other])
    visit = visit_register(actor=other.user, phone=lead.phone, now=now)
    assert visit.consultant == other
    client.force_login(org["consultant1"].user)
    assert client.post(reverse("visit-confirm", args=[visit.pk])).status_code == 404
    assert Visit.objects.get(pk=visit.pk).confirmed_at is None
    client.force_login(other.user)
    assert client.post(reverse("visit-confirm", args=[visit.pk])).status_code == 302
    assert Visit.objects.get(pk=visit.pk).confirmed_at is not None
