"""Issue 9: lockout after repeated failed logins, and passwords never logged or stored in
clear. (`check --deploy` on the production settings is tests/outreach/test_settings.py.)"""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

WRONG = "Wrong-Guess-4821!"
NEW = "Fresh-Secret-9377?"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


# --- lockout (django-axes) ---------------------------------------------------------------


def test_security_lockout_after_the_limit_then_free_after_the_cool_off(client, settings):
    StaffFactory(user__username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wang", WRONG)
    assert _login(client, "wang", TEST_PASSWORD).status_code == 429
    # The cool-off passes: the right password works again.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(minutes=1)
    )
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302


def test_security_a_success_resets_the_failure_count(client, settings):
    StaffFactory(user__username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wang", WRONG)
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wang", WRONG).status_code == 200
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302


def test_security_lockout_holds_against_an_unknown_username_too(client, settings):
    """Guessing at a name that does not exist is limited the same way (no enumeration)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "nobody", WRONG)
    assert _login(client, "nobody", WRONG).status_code == 429


# --- passwords are never logged ------------------------------------------------------------


def _every_stored_text():
    """Every value of every row of every table, as text (the test database is small)."""
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            yield model._meta.label, str(row)


def test_security_passwords_never_reach_the_log_or_the_database(caplog, settings):
    settings.DEBUG = True  # SQL is logged too, so a password in a query would show
    caplog.set_level(logging.DEBUG)
    person = StaffFactory(user__username="wang")
    client = Client()
    assert _login(client, "wang", WRONG).status_code == 200
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    person.user.refresh_from_db()
    assert person.user.check_password(NEW)
    client.post(reverse("logout"))
    assert _login(client, "wang", NEW).status_code == 302
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert caplog.records, "the log was captured"
    for secret in (WRONG, TEST_PASSWORD, NEW):
        assert secret not in logged
        assert [label for label, text in _every_stored_text() if secret in text] == []


def test_security_failed_attempts_are_recorded_without_the_password(client):
    StaffFactory(user__username="wang")
    _login(client, "wang", WRONG)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "wang"
    assert WRONG not in attempt.post_data + attempt.get_data
