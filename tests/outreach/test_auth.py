"""Login and security basics: lockout after repeated failures, password rules, CSRF."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_password_shows_a_clear_message(client):
    StaffFactory(user__username="wang")
    response = _login(client, "wang", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_lockout_after_the_failure_limit_answers_429(client, settings):
    StaffFactory(user__username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wang", "wrong-password").status_code == 200
    locked = _login(client, "wang", "wrong-password")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert _login(client, "wang", TEST_PASSWORD).status_code == 429


def test_lockout_is_by_username_and_address(client, settings):
    StaffFactory(user__username="wang")
    StaffFactory(user__username="li")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wang", "wrong-password")
    # Another person on the same network still gets in.
    assert _login(client, "li", TEST_PASSWORD).status_code == 302


def test_right_password_logs_in(client):
    StaffFactory(user__username="wang")
    response = _login(client, "wang", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890"])
def test_password_validators_refuse_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_csrf_is_enforced_on_posts():
    staff = StaffFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)
    response = client.post(reverse("notification-read-all"))
    assert response.status_code == 403


def test_logout_is_post_only(client):
    staff = StaffFactory()
    client.force_login(staff.user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
