"""Issue 18 §8: the complaint form on a client's page marks each missing field beside
it, keeps what was typed, and opens with the received time at now (local time)."""

import re

import pytest
from django.urls import reverse

from clients.models import Complaint
from tests.clock import runs_at
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db


def _control(page: str, name: str) -> str:
    match = re.search(rf"<(input|textarea|select)[^>]*name=\"{name}\"[^>]*>", page)
    assert match, f"no control {name}"
    return match.group(0)


def _complaint_form(page: str) -> str:
    start = page.index('action="' + "/crm/clients/")
    start = page.rindex("<form", 0, page.index("/complaint/", start))
    return page[start : page.index("</form>", start)]


@runs_at("2026-12-03 10:07", tick=False)
def test_first_use_complaint_form_defaults_the_received_time_to_now(client, org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 12, 1))
    client.force_login(org["manager"].user)
    page = client.get(reverse("client-detail", args=[lead.client_id])).content.decode()
    # datetime-local shows only "YYYY-MM-DDTHH:MM"; it is the team's local time.
    assert 'value="2026-12-03T10:07"' in _control(_complaint_form(page), "received_at")


@runs_at("2026-12-03 10:07", tick=False)
def test_first_use_complaint_form_marks_the_missing_fields_and_keeps_the_rest(client, org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 12, 1))
    client.force_login(org["manager"].user)
    response = client.post(
        reverse("client-complaint", args=[lead.client_id]),
        {"summary": "", "received_at": "2026-12-03T09:30"},
        follow=True,
    )
    assert response.status_code == 200
    form = _complaint_form(response.content.decode())
    assert "is-invalid" in _control(form, "summary")
    assert "is-invalid" not in _control(form, "received_at")
    assert 'value="2026-12-03T09:30"' in _control(form, "received_at")
    assert 'id="error_1_id_summary"' in form  # the message sits under the field
    assert not Complaint.objects.exists()


@runs_at("2026-12-03 10:07", tick=False)
def test_first_use_complaint_form_marks_a_missing_time_and_keeps_the_summary(client, org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 12, 1))
    client.force_login(org["manager"].user)
    response = client.post(
        reverse("client-complaint", args=[lead.client_id]),
        {"summary": "销售电话太多", "received_at": ""},
        follow=True,
    )
    form = _complaint_form(response.content.decode())
    assert "is-invalid" in _control(form, "received_at")
    assert "销售电话太多" in form
    assert not Complaint.objects.exists()


@runs_at("2026-12-03 10:07", tick=False)
def test_first_use_a_complete_complaint_is_recorded_at_the_local_time(client, org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 12, 1))
    client.force_login(org["manager"].user)
    client.post(
        reverse("client-complaint", args=[lead.client_id]),
        {"summary": "销售电话太多", "received_at": "2026-12-03T09:30"},
    )
    assert Complaint.objects.get().received_at == at(2026, 12, 3, 9, 30)
