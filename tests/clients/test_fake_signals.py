"""R-LEAD-7: the evidence page for fake registrations."""

import html

import pytest
from django.urls import reverse

from clients.services.follow_ups import follow_up_log
from clients.services.leads import lead_claim
from clients.services.pool import pool_expire_due
from tests.factories import staff_in_group
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db


def test_r_lead_7_signals_list_many_owners_and_never_reached(client, org):
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    lead = register(c1, "13400000001", now=at(2026, 1, 1))
    pool_expire_due(now=at(2026, 1, 20))
    lead_claim(actor=c2.user, claimer=c2, lead_id=lead.pk, now=at(2026, 1, 21))
    pool_expire_due(now=at(2026, 2, 10))
    lead_claim(actor=c3.user, claimer=c3, lead_id=lead.pk, now=at(2026, 2, 11))
    unreached = register(staff_in_group(org["groups"][0]), "13400000002", now=at(2026, 3, 1))
    follow_up_log(
        client_id=unreached.client_id, kind="call", summary="空号", actor=None, effective=False
    )
    client.force_login(org["manager"].user)
    page = client.get(reverse("lead-fake-signals")).content.decode()
    assert "134****0001" in page
    assert unreached.client.name in page
    assert f"lead={unreached.pk}" in page
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("lead-fake-signals")).status_code == 403


def _violation_link(page: str, lead_id: int) -> str:
    """The "登记违规" link of the row of `lead_id` on the evidence page."""
    row = page.split(f'href="{reverse("lead-detail", args=[lead_id])}"')[1].split("</tr>")[0]
    return html.unescape(row.split('href="')[1].split('"')[0])


def test_first_use_the_violation_link_opens_the_form_with_person_lead_and_rule(client, org):
    from attendance.defaults import defaults_ensure

    defaults_ensure()
    owner = org["canvasser1"]
    unreached = register(owner, "13400000002", now=at(2026, 3, 1))
    follow_up_log(
        client_id=unreached.client_id, kind="call", summary="空号", actor=None, effective=False
    )
    client.force_login(org["manager"].user)
    link = _violation_link(client.get(reverse("lead-fake-signals")).content.decode(), unreached.pk)
    response = client.get(link)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["staff"].value() == owner.pk
    assert form["code"].value() == "FAKE-LEAD"
    assert form["lead_ref"].value() == f"#{unreached.pk}"
    body = response.content.decode()
    assert f'<option value="{owner.pk}" selected>' in body
    assert 'value="FAKE-LEAD" selected' in body
    assert 'id="violation-lead"' in body


@pytest.mark.parametrize(
    "query",
    [
        "staff=abc&lead=-1&code=NOPE",
        "staff=99999999999999999999&lead=1e3",
        "staff=0&lead=",
    ],
)
def test_first_use_a_malformed_violation_prefill_is_ignored(client, org, query):
    from attendance.defaults import defaults_ensure

    defaults_ensure()
    client.force_login(org["manager"].user)
    response = client.get(f"{reverse('violation-new')}?{query}")
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["staff"].value(), form["lead_ref"].value()) == (None, None)


def test_first_use_a_leader_prefills_only_their_own_groups_person_and_lead(client, org):
    from attendance.defaults import defaults_ensure

    defaults_ensure()
    mine = register(org["canvasser1"], "13400000003", now=at(2026, 3, 1))
    theirs = register(org["canvasser3"], "13400000004", now=at(2026, 3, 1))
    client.force_login(org["leader1"].user)
    url = reverse("violation-new")
    own = client.get(f"{url}?staff={org['canvasser1'].pk}&lead={mine.pk}&code=FAKE-LEAD")
    assert own.status_code == 200
    assert own.context["form"]["staff"].value() == org["canvasser1"].pk
    assert own.context["form"]["lead_ref"].value() == f"#{mine.pk}"
    other = client.get(f"{url}?staff={org['canvasser3'].pk}&lead={theirs.pk}&code=FAKE-LEAD")
    assert other.status_code == 200
    form = other.context["form"]
    assert (form["staff"].value(), form["lead_ref"].value()) == (None, None)
    assert form["code"].value() == "FAKE-LEAD"  # the rule alone reveals nobody
    assert org["canvasser3"].name not in other.content.decode()
