"""R-ROLE-1, R-ROLE-2, R-CLI-1, R-LEAD-1: the pages, scoped and masked per role."""

import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients.models import Lead, OwnershipEvent
from clients.services.pool import pool_expire_due
from clients.services.visits import rotation_day_setup, visit_register
from outreach.models import AccessLog, Role
from tests.factories import StaffFactory
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db

CLIENT_PAGES = ["client-list", "lead-list", "lead-register", "pool-list", "reception", "visit-mine"]


def login(client, staff):
    client.force_login(staff.user)
    return client


@pytest.mark.parametrize("who", ["hr", "admin"])
def test_r_role_1_hr_and_admin_get_403_on_client_pages(client, org, who):
    login(client, org[who])
    for name in CLIENT_PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_r_role_1_lead_detail_scoped_per_role(client, org):
    lead = register(org["canvasser1"], "13800000001", now=timezone.now())
    url = reverse("lead-detail", args=[lead.pk])
    expected = {
        "canvasser1": 200,
        "canvasser2": 404,
        "leader1": 200,
        "leader2": 404,
        "manager": 200,
        "salesmgr": 200,
        "consultant1": 404,
        "hr": 403,
    }
    for who, status in expected.items():
        login(client, org[who])
        assert client.get(url).status_code == status, who


def test_r_role_1_consultant_sees_leads_in_todays_queue(client, org):
    lead = register(org["canvasser1"], "13800000002", now=timezone.now())
    consultant = org["consultant1"]
    rotation_day_setup(actor=None, day=timezone.localdate(), consultants=[consultant])
    visit_register(actor=None, phone=lead.phone)
    login(client, consultant)
    assert client.get(reverse("lead-detail", args=[lead.pk])).status_code == 200


def test_r_role_2_number_masked_for_a_non_serving_consultant_and_reveal_is_logged(client, org):
    lead = register(org["canvasser1"], "13800000003", now=timezone.now())
    other = StaffFactory(role=Role.CONSULTANT)
    rotation_day_setup(actor=None, day=timezone.localdate(), consultants=[other])
    visit_register(actor=None, phone=lead.phone)
    Lead.objects.filter(pk=lead.pk).update(consultant=org["consultant1"])
    login(client, other)
    page = client.get(reverse("lead-detail", args=[lead.pk])).content.decode()
    assert "138****0003" in page
    assert "13800000003" not in page
    revealed = client.post(reverse("lead-reveal", args=[lead.pk])).content.decode()
    assert "13800000003" in revealed
    log = AccessLog.objects.get(user=other.user)
    assert log.action == AccessLog.Action.REVEAL
    assert log.target == f"clients.lead:{lead.pk}"
    login(client, org["consultant1"])  # the serving consultant sees it in full
    assert "13800000003" in client.get(reverse("lead-detail", args=[lead.pk])).content.decode()


def test_r_role_2_owner_and_leader_see_full_number_in_the_list(client, org):
    register(org["canvasser1"], "13800000004", now=timezone.now())
    for who in ("canvasser1", "leader1", "manager"):
        login(client, org[who])
        assert "13800000004" in client.get(reverse("client-list")).content.decode(), who


def test_r_pool_3_pool_numbers_stay_masked_until_claimed(client, org):
    lead = register(org["canvasser1"], "13800000005", now=at(2026, 1, 1))
    pool_expire_due()
    login(client, org["canvasser3"])
    page = client.get(reverse("pool-list")).content.decode()
    assert "138****0005" in page
    assert "13800000005" not in page
    response = client.post(reverse("pool-claim", args=[lead.pk]))
    assert response.status_code == 302
    assert "13800000005" in client.get(reverse("lead-detail", args=[lead.pk])).content.decode()


def test_r_lead_1_registration_page_resend_with_the_same_key_gives_one_lead(client, org):
    login(client, org["canvasser1"])
    data = {
        "name": "周女士",
        "phone": "+86 139-1111-2222",
        "kind": "to_bring",
        "source": "flyer",
        "need": "两居",
        "point_text": "地铁口",
        "key": str(uuid.uuid4()),
    }
    first = client.post(reverse("lead-register"), data)
    again = client.post(reverse("lead-register"), data)
    assert first.status_code == again.status_code == 302
    assert Lead.objects.filter(phone="13911112222").count() == 1
    assert OwnershipEvent.objects.count() == 1


def test_r_lead_2_registration_page_shows_the_refusal(client, org):
    register(org["canvasser1"], "13911113333", now=timezone.now())
    login(client, org["canvasser3"])
    response = client.post(
        reverse("lead-register"),
        {
            "name": "x",
            "phone": "13911113333",
            "kind": "in_person",
            "source": "flyer",
            "key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert org["canvasser1"].name in response.content.decode()


def test_r_cli_1_client_list_query_count_does_not_grow(client, org, django_assert_max_num_queries):
    login(client, org["leader1"])

    def fill(start, count):
        for i in range(start, start + count):
            register(
                org["canvasser1" if i % 2 else "canvasser2"], f"1371{i:07d}", now=timezone.now()
            )

    fill(0, 3)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("client-list")).status_code == 200
    fill(3, 30)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("client-list") + "?ordering=-registered&grade=C")
        assert page.status_code == 200


def test_r_cli_1_client_list_filters_and_search(client, org):
    register(org["canvasser1"], "13712340001", now=timezone.now(), name="张三")
    register(org["canvasser3"], "13712340002", now=timezone.now(), name="李四")
    login(client, org["manager"])
    page = client.get(reverse("client-list") + "?q=张").content.decode()
    assert "张三" in page
    assert "李四" not in page
    page = client.get(reverse("client-list") + "?q=0002").content.decode()
    assert "李四" in page
    page = client.get(reverse("client-list") + f"?group={org['groups'][1].pk}").content.decode()
    assert "李四" in page
    assert "张三" not in page


def test_r_cli_2_detail_timeline_and_follow_up(client, org, django_assert_max_num_queries):
    lead = register(org["canvasser1"], "13712340003", now=timezone.now())
    login(client, org["canvasser1"])
    response = client.post(
        reverse("client-follow-up", args=[lead.client_id]),
        {"kind": "call", "summary": "未接", "effective": ""},
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(reverse("client-detail", args=[lead.client_id])).content.decode()
    assert "未接" in page
    assert "Registered" in page or "登记" in page


def test_r_role_2_export_is_for_managers_and_logged(client, org):
    register(org["canvasser1"], "13712340004", now=timezone.now())
    login(client, org["leader1"])
    assert client.get(reverse("client-export")).status_code == 403
    login(client, org["manager"])
    response = client.get(reverse("client-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AccessLog.objects.get(user=org["manager"].user).action == AccessLog.Action.EXPORT


def test_r_lead_4_reception_page_hands_out_and_consultant_confirms(client, org):
    lead = register(org["canvasser1"], "13712340005", now=timezone.now())
    login(client, org["manager"])
    client.post(reverse("reception-setup"))
    client.post(reverse("reception"), {"phone": lead.phone})
    visit = lead.visits.get()
    assert visit.consultant == org["consultant1"]
    login(client, org["consultant1"])
    client.post(reverse("visit-confirm", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.confirmed_at is not None
    login(client, org["manager"])
    replay = client.get(reverse("reception-replay")).content.decode()
    assert org["consultant1"].name in replay


def test_r_sys_1_refusal_reads_in_chinese_by_default_and_english_on_request(client, org):
    register(org["canvasser1"], "13911114444", now=timezone.now())
    login(client, org["canvasser3"])
    data = {
        "name": "x",
        "phone": "13911114444",
        "kind": "in_person",
        "source": "flyer",
        "key": str(uuid.uuid4()),
    }
    page = client.post(reverse("lead-register"), data).content.decode()
    assert "已由" in page
    assert "保护期至" in page
    data["key"] = str(uuid.uuid4())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's cookie
    page = client.post(reverse("lead-register"), data).content.decode()
    assert "protected until" in page


def test_r_cli_1_owner_and_group_filters_are_scoped_and_keyed_by_number(client, org):
    mine = register(org["canvasser1"], "13811110001", now=at(2026, 10, 1))
    register(org["canvasser3"], "13811110002", now=at(2026, 10, 1))
    leader = login(client, org["leader1"])
    page = leader.get(reverse("client-list"))
    owners = {staff.pk for staff in page.context["filter"].filters["owner"].queryset}
    assert org["canvasser3"].pk not in owners  # another group's people are not offered
    assert org["canvasser1"].pk in owners
    manager = login(client, org["manager"])
    listed = manager.get(reverse("client-list"), {"owner": org["canvasser1"].employee_no})
    assert [c.pk for c in listed.context["page"]] == [mine.client.pk]
    listed = manager.get(reverse("client-list"), {"group": org["groups"][0].pk})
    assert [c.pk for c in listed.context["page"]] == [mine.client.pk]


def test_r_cli_1_a_large_team_types_the_owners_number_instead_of_a_list(client, org, monkeypatch):
    from clients import filters

    monkeypatch.setattr(filters, "CHOICES_SHOWN_AT_MOST", 2)
    body = login(client, org["manager"]).get(reverse("client-list")).content.decode()
    assert '<select name="owner"' not in body
    assert 'name="owner"' in body
    assert f'value="{org["canvasser1"].employee_no}"' not in body
