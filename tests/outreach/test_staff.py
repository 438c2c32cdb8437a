"""R-ROLE-3: staff records, employee numbers, wage schemes, deactivation."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse

from outreach import services
from outreach.models import Role, Staff, WageKind
from outreach.selectors import wage_scheme_for_month
from tests.factories import StaffFactory, WageSchemeFactory

pytestmark = pytest.mark.django_db


def _create(username="zhang", **overrides):
    fields = {
        "username": username,
        "password": "a-long-passphrase-1",
        "name": "张伟",
        "phone": "13812345678",
        "role": Role.CANVASSER,
        "hire_date": date(2025, 3, 1),
        "wage": services.WageInput(kind=WageKind.DAILY, amount=Decimal("60.00")),
    }
    return services.staff_create(**{**fields, **overrides})


def test_r_role_3_employee_numbers_are_zero_padded_and_sequential():
    first = _create("a")
    second = _create("b")
    assert (first.employee_no, second.employee_no) == ("E0001", "E0002")


def test_r_role_3_wage_scheme_in_force_on_the_first_applies_to_the_month():
    staff = StaffFactory(hire_date=date(2025, 1, 1))
    WageSchemeFactory(staff=staff, amount=Decimal("60.00"), effective_from=date(2025, 1, 1))
    WageSchemeFactory(staff=staff, amount=Decimal("70.00"), effective_from=date(2025, 3, 15))
    assert wage_scheme_for_month(staff, date(2025, 3, 1)).amount == Decimal("60.00")
    assert wage_scheme_for_month(staff, date(2025, 4, 1)).amount == Decimal("70.00")


def test_r_role_3_someone_hired_mid_month_takes_the_scheme_of_the_hire_date():
    staff = StaffFactory(hire_date=date(2025, 3, 10))
    WageSchemeFactory(
        staff=staff,
        kind=WageKind.MONTHLY,
        amount=Decimal("2500.00"),
        effective_from=date(2025, 3, 10),
    )
    scheme = wage_scheme_for_month(staff, date(2025, 3, 1))
    assert scheme.kind == WageKind.MONTHLY
    assert scheme.amount == Decimal("2500.00")


def test_r_role_3_weak_password_is_refused_and_nothing_is_saved(client):
    manager = StaffFactory(role=Role.MANAGER)
    client.force_login(manager.user)
    response = client.post(
        reverse("staff-new"),
        {
            "username": "li",
            "password": "12345",
            "name": "李娜",
            "phone": "13900001111",
            "role": Role.CANVASSER,
            "hire_date": "2025-03-01",
            "employment_type": "in_house",
            "wage_kind": "daily",
            "wage_amount": "60",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not get_user_model().objects.filter(username="li").exists()


def test_r_role_3_manager_creates_a_canvasser_through_the_page(client):
    manager = StaffFactory(role=Role.MANAGER)
    client.force_login(manager.user)
    response = client.post(
        reverse("staff-new"),
        {
            "username": "li",
            "password": "a-long-passphrase-1",
            "name": "李娜",
            "phone": "139 0000 1111".replace(" ", ""),
            "role": Role.CANVASSER,
            "hire_date": "2025-03-01",
            "employment_type": "in_house",
            "wage_kind": "daily",
            "wage_amount": "60",
        },
    )
    assert response.status_code == 302
    staff = Staff.objects.get(user__username="li")
    assert staff.user.groups.filter(name=Role.CANVASSER).exists()
    assert staff.wage_schemes.get().amount == Decimal("60.00")


def test_r_role_3_canvasser_needs_a_wage_scheme():
    from outreach.forms import StaffCreateForm

    form = StaffCreateForm(
        {
            "username": "x",
            "password": "a-long-passphrase-1",
            "name": "王",
            "phone": "13800000000",
            "role": Role.CANVASSER,
            "hire_date": "2025-03-01",
            "employment_type": "in_house",
        }
    )
    assert not form.is_valid()
    assert "wage_kind" in form.errors


def test_r_role_3_agency_staff_must_name_their_agency():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _create(employment_type="agency")
    assert not get_user_model().objects.filter(username="zhang").exists()


def test_deactivation_ends_the_users_sessions(client):
    manager = StaffFactory(role=Role.MANAGER)
    person = StaffFactory()
    person_client = client.__class__()
    person_client.force_login(person.user)
    assert person_client.get(reverse("home")).status_code == 200
    session_key = person_client.session.session_key

    client.force_login(manager.user)
    response = client.post(
        reverse("staff-deactivate", args=[person.pk]), {"leave_date": "2026-11-22"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.leave_date == date(2026, 11, 22)
    assert not person.user.is_active
    assert not Session.objects.filter(session_key=session_key).exists()
    after = person_client.get(reverse("home"))
    assert after.status_code == 302
    assert after.url.startswith(reverse("login"))


def test_r_sys_2_staff_changes_are_kept_in_history():
    staff = _create()
    services.staff_update(staff=staff, phone="13999999999")
    assert [h.phone for h in staff.history.order_by("history_date")] == [
        "13812345678",
        "13999999999",
    ]


def test_state_changes_refuse_get(client):
    manager = StaffFactory(role=Role.MANAGER)
    client.force_login(manager.user)
    person = StaffFactory()
    assert client.get(reverse("staff-deactivate", args=[person.pk])).status_code == 405
