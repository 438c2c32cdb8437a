"""Issue 17 finding 2: a consultant could end another consultant's reception.

`visit_end` checked the permission but fetched any visit by id; it now fetches through
the scoped selector `visits_to_end` (like `visit_confirm`): a consultant ends only their
own reception (404 otherwise), the front desk (managers) any.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import RotationMember, Visit, VisitState
from clients.services.visits import rotation_day_setup, visit_end_reception, visit_register
from outreach.models import Role
from tests.clock import runs_at
from tests.factories import StaffFactory
from tests.factories.clients import at, register

pytestmark = [pytest.mark.django_db, runs_at("2026-03-02 10:00")]


@pytest.fixture
def reception(org):
    a, b = (StaffFactory(role=Role.CONSULTANT, name=n) for n in "AB")
    day = at(2026, 3, 2).date()
    rotation_day_setup(actor=None, day=day, consultants=[a, b])
    lead = register(org["canvasser1"], "13300000001", now=at(2026, 3, 1))
    visit = visit_register(actor=None, phone=lead.phone, now=at(2026, 3, 2, 9, 55))
    assert visit.consultant == a
    assert visit.state == VisitState.RECEIVING
    return {"a": a, "b": b, "visit": visit, "org": org}


def _snapshot(visit):
    return (
        Visit.objects.filter(pk=visit.pk).values().get(),
        sorted(RotationMember.objects.values_list("pk", "state", "position")),
    )


def test_hardening_a_consultant_cannot_end_another_consultants_reception(client, reception):
    visit = reception["visit"]
    before = _snapshot(visit)
    client.force_login(reception["b"].user)
    response = client.post(reverse("visit-end", args=[visit.pk]))
    assert response.status_code == 404
    assert _snapshot(visit) == before


def test_hardening_the_service_refuses_another_consultants_reception_too(reception):
    visit = reception["visit"]
    with pytest.raises(ValidationError, match="Only the consultant receiving"):
        visit_end_reception(actor=reception["b"].user, visit_id=visit.pk)
    assert Visit.objects.get(pk=visit.pk).state == VisitState.RECEIVING


def test_hardening_the_receiving_consultant_ends_their_reception(client, reception):
    visit = reception["visit"]
    client.force_login(reception["a"].user)
    response = client.post(reverse("visit-end", args=[visit.pk]))
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).state == VisitState.ENDED


def test_hardening_the_front_desk_ends_any_reception(client, reception):
    visit = reception["visit"]
    client.force_login(reception["org"]["salesmgr"].user)
    response = client.post(reverse("visit-end", args=[visit.pk]))
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).state == VisitState.ENDED
