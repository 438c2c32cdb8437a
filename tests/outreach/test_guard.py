"""The one permission guard (outreach.guard): any-of semantics, 403 and 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from outreach.guard import (
    PermissionRequired,
    can,
    in_scope_or_404,
    permission_required,
    require,
)
from outreach.models import Role, Staff
from outreach.selectors import staff_list
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def hr():
    return StaffFactory(role=Role.HR).user


@pytest.fixture
def canvasser():
    return StaffFactory(role=Role.CANVASSER).user


def test_can_answers_yes_when_the_user_holds_any_one_of_the_permissions(hr):
    assert can(hr, "payroll.approve_payroll", "outreach.manage_staff")
    assert not can(hr, "payroll.approve_payroll", "outreach.manage_reference")


def test_can_with_no_permission_named_answers_no(hr):
    assert not can(hr)


def test_require_refuses_with_permission_denied_and_its_message(canvasser):
    with pytest.raises(PermissionDenied, match="Only HR"):
        require(canvasser, "outreach.manage_staff", message="Only HR")
    require(canvasser, "outreach.manage_staff", "clients.register_lead")  # any one is enough


def test_the_decorator_lets_any_one_permission_through_and_refuses_the_rest(hr, canvasser):
    @permission_required("outreach.manage_staff", "outreach.manage_reference")
    def page(request):
        return HttpResponse("ok")

    assert page(_request(hr)).status_code == 200
    with pytest.raises(PermissionDenied):
        page(_request(canvasser))


def test_a_guarded_page_answers_403_outside_its_permissions(client, canvasser, hr):
    client.force_login(canvasser)
    assert client.get(reverse("staff-new")).status_code == 403
    client.force_login(hr)
    assert client.get(reverse("staff-new")).status_code == 200


def test_the_mixin_takes_a_tuple_or_a_single_name(hr, canvasser):
    class Page(PermissionRequired, View):
        permission_required = ("outreach.manage_reference", "outreach.manage_staff")

        def get(self, request):
            return HttpResponse("ok")

    class Single(Page):
        permission_required = "outreach.manage_staff"

    for view in (Page.as_view(), Single.as_view()):
        assert view(_request(hr)).status_code == 200
        with pytest.raises(PermissionDenied):
            view(_request(canvasser))


def test_in_scope_or_404_finds_the_object_in_scope(hr):
    someone = StaffFactory()
    assert in_scope_or_404(staff_list(user=hr), pk=someone.pk) == someone


def test_in_scope_or_404_answers_404_for_a_missing_object(hr):
    missing = (Staff.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with pytest.raises(Http404):
        in_scope_or_404(staff_list(user=hr), pk=missing)


def test_in_scope_or_404_answers_404_outside_the_users_scope(canvasser):
    someone_else = StaffFactory()
    assert Staff.objects.filter(pk=someone_else.pk).exists()
    with pytest.raises(Http404):
        in_scope_or_404(staff_list(user=canvasser), pk=someone_else.pk)


@pytest.mark.parametrize("pk", ["abc", "1; drop table", "", None])
def test_in_scope_or_404_answers_404_for_a_malformed_key(hr, pk):
    with pytest.raises(Http404):
        in_scope_or_404(staff_list(user=hr), pk=pk)
