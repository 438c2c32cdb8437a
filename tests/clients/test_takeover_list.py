"""Issue 18 point 4 (R-LEAD-6): every row of the takeover list has its action, a POST
with CSRF to the lead's takeover, allowed to whoever manages leads and nobody else."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from clients.models import Lead, OwnershipEvent
from tests.clock import runs_at
from tests.factories.clients import at, confirmed_visit, register

pytestmark = [pytest.mark.django_db, runs_at("2026-03-13 10:00")]


@pytest.fixture
def candidates(org):
    """Two leads whose first confirmed visit (1 and 2 March) is over 10 × 24 h old."""
    leads = []
    for n, owner in enumerate([org["canvasser1"], org["canvasser3"]]):
        lead = register(owner, f"1390000001{n}", now=at(2026, 3, 1))
        confirmed_visit(lead, org["consultant1"], now=at(2026, 3, 1 + n, 15))  # a day each
        leads.append(lead)
    return leads


def _row_form(page: str, lead: Lead) -> str:
    row = page.split(f'id="takeover-{lead.pk}"')[1].split("</li>")[0]
    return row.split("<form")[1].split("</form>")[0]


def test_first_use_each_takeover_row_has_its_action(client, org, candidates):
    client.force_login(org["manager"].user)
    page = client.get(reverse("lead-takeover-list")).content.decode()
    for lead in candidates:
        form = _row_form(page, lead)
        assert 'method="post"' in form
        assert f'action="{reverse("lead-takeover", args=[lead.pk])}"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert f'<option value="{org["manager"].pk}" selected>' in form  # "me" by default
        assert 'type="submit"' in form


def test_first_use_the_row_action_takes_the_lead_over_with_csrf(org, candidates):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org["manager"].user)
    lead = candidates[0]
    page = browser.get(reverse("lead-takeover-list")).content.decode()
    form = _row_form(page, lead)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {
        "reception_by": org["manager"].pk,
        "reason": "十天未成交，回访接管",
        "back": "takeover-list",
    }
    url = reverse("lead-takeover", args=[lead.pk])
    assert browser.post(url, data).status_code == 403  # no token
    lead.refresh_from_db()
    assert lead.reception_by is None
    response = browser.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response.url == reverse("lead-takeover-list")
    lead.refresh_from_db()
    assert (lead.reception_by, lead.consultant, lead.owner) == (
        org["manager"],
        None,
        org["canvasser1"],
    )
    assert OwnershipEvent.objects.filter(lead=lead, kind="takeover").count() == 1
    after = browser.get(reverse("lead-takeover-list")).content.decode()
    assert f'id="takeover-{lead.pk}"' not in after  # no longer a candidate
    assert f'id="takeover-{candidates[1].pk}"' in after


@pytest.mark.parametrize("who", ["leader1", "canvasser1", "consultant1", "salesmgr", "hr"])
def test_first_use_only_a_lead_manager_may_take_over(client, org, candidates, who):
    client.force_login(org[who].user)
    assert client.get(reverse("lead-takeover-list")).status_code == 403
    lead = candidates[0]
    response = client.post(
        reverse("lead-takeover", args=[lead.pk]),
        {"reception_by": org[who].pk, "back": "takeover-list"},
    )
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.reception_by is None
    assert not OwnershipEvent.objects.filter(lead=lead, kind="takeover").exists()
