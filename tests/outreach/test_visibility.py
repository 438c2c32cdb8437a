"""R-ROLE-1: every page needs a login; objects outside a user's scope answer 404, pages
outside a role answer 403."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_r_role_1_anonymous_is_sent_to_login(client):
    response = client.get(reverse("staff-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_r_role_1_canvasser_gets_404_for_another_groups_staff_record(client, org):
    client.force_login(org["canvasser1"].user)
    other = org["canvasser3"]
    assert client.get(reverse("staff-detail", args=[other.pk])).status_code == 404


def test_r_role_1_canvasser_gets_404_for_a_groupmates_record_too(client, org):
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("staff-detail", args=[org["canvasser2"].pk])).status_code == 404


def test_r_role_1_canvasser_sees_own_record(client, org):
    me = org["canvasser1"]
    client.force_login(me.user)
    response = client.get(reverse("staff-detail", args=[me.pk]))
    assert response.status_code == 200
    assert me.employee_no in response.content.decode()


def test_r_role_1_staff_list_is_403_for_canvassers_and_consultants(client, org):
    for who in ("canvasser1", "consultant1"):
        client.force_login(org[who].user)
        assert client.get(reverse("staff-list")).status_code == 403


def test_r_role_1_leader_sees_own_group_only(client, org):
    client.force_login(org["leader1"].user)
    response = client.get(reverse("staff-list"))
    listed = {s.pk for s in response.context["page"]}
    assert listed == {org["leader1"].pk, org["canvasser1"].pk, org["canvasser2"].pk}
    assert client.get(reverse("staff-detail", args=[org["canvasser1"].pk])).status_code == 200
    assert client.get(reverse("staff-detail", args=[org["canvasser3"].pk])).status_code == 404


def test_r_role_1_manager_sees_everyone(client, org):
    client.force_login(org["manager"].user)
    response = client.get(reverse("staff-list"))
    assert response.context["page"].paginator.count == 10


def test_r_role_3_sales_manager_does_not_see_staff_pay(client, org):
    client.force_login(org["salesmgr"].user)
    response = client.get(reverse("staff-detail", args=[org["canvasser1"].pk]))
    assert response.status_code == 200
    assert response.context["show_pay"] is False


def test_r_role_3_leader_and_hr_see_pay_of_a_group_member(client, org):
    for who in ("leader1", "hr"):
        client.force_login(org[who].user)
        response = client.get(reverse("staff-detail", args=[org["canvasser1"].pk]))
        assert response.context["show_pay"] is True


def test_r_role_1_reference_pages_are_403_for_field_roles(client, org):
    for who in ("canvasser1", "leader1", "consultant1", "salesmgr"):
        client.force_login(org[who].user)
        for name in ("group-list", "points-list", "cities-list", "paid-days-list"):
            assert client.get(reverse(name)).status_code == 403, (who, name)


def test_r_role_1_staff_list_query_count_does_not_grow(client, org, django_assert_max_num_queries):
    from tests.factories import StaffFactory

    client.force_login(org["manager"].user)
    with django_assert_max_num_queries(12):
        client.get(reverse("staff-list"))
    StaffFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        client.get(reverse("staff-list"))


def test_r_role_1_every_role_permission_names_a_real_permission():
    """roles_sync skips names it cannot find, so a misspelt permission would silently
    take a right away from a role; this keeps ROLE_PERMISSIONS honest."""
    from django.contrib.auth.models import Permission

    from outreach.roles import ROLE_PERMISSIONS

    existing = {
        f"{app}.{code}"
        for app, code in Permission.objects.values_list("content_type__app_label", "codename")
    }
    named = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    assert named - existing == set()
