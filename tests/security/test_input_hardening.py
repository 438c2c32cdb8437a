"""Issue 17 finding 8: no username reaches a 500 at the login (axes records it first)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

EVIL_USERNAMES = [
    "x" * 300,
    "wang\x00",
    "\x00",
    "\u202e\u200b",
    "ｗａｎｇ",
    "👩‍👩‍👧" * 80,
    " " * 300,
    "é" * 200,
]


@pytest.mark.parametrize("username", EVIL_USERNAMES)
def test_hardening_login_with_an_evil_username_is_a_form_error(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert all(len(a.username or "") <= 150 for a in AccessAttempt.objects.all())


def test_hardening_login_with_a_300_character_username_says_wrong_username_or_password(client):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors().as_data()
    assert error.code == "invalid_login"
    assert AccessAttempt.objects.get().username == "x" * 150


def test_hardening_login_with_bytes_that_are_not_utf8_is_a_form_error(client):
    """A lone surrogate cannot be typed in a browser, but its bytes can be sent."""
    response = client.post(
        reverse("login"),
        b"username=a%ED%A0%80b%FF&password=wrong",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.context["form"].errors
