"""Issue 20: the core tells registered listeners (push) of the notifications it actually
created, after commit, and a listener's failure never reaches the action."""

import pytest
from django.db import transaction

from outreach import registry, services
from outreach.models import Notification
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    """A listener for kinds starting with "test." that records what it hears."""
    rows: list[list[Notification]] = []
    monkeypatch.setattr(registry, "_notification_listeners", [])
    registry.notification_listener_add(rows.append, wants=lambda kind: kind.startswith("test."))
    return rows


def test_listeners_hear_a_new_notification_once_and_only_after_commit(
    heard, django_capture_on_commit_callbacks
):
    person = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            note = services.notification_create(recipient=person.user, kind="test.a", message="m")
            assert heard == []
        services.notification_create(recipient=person.user, kind="test.a", message="m")
        services.notification_create(recipient=person.user, kind="other", message="m")
    assert heard == [[note]]


def test_listeners_hear_only_the_rows_create_many_added_in_one_query(
    heard, django_capture_on_commit_callbacks, django_assert_num_queries
):
    old, *new = [StaffFactory().user for _n in range(4)]
    services.notification_create_many(recipients=[old], kind="test.b", message="m")
    heard.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notification_create_many(recipients=[old, *new], kind="test.b", message="m")
    with django_assert_num_queries(1):
        for callback in callbacks:
            callback()
    assert len(heard) == 1
    assert {note.recipient_id for note in heard[0]} == {user.pk for user in new}


def test_nothing_is_read_back_when_no_listener_wants_the_kind(
    heard, django_capture_on_commit_callbacks
):
    people = [StaffFactory().user for _n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notification_create_many(recipients=people, kind="other", message="m")
    assert callbacks == []
    assert heard == []


def test_a_rolled_back_action_is_heard_of_by_nobody(heard, django_capture_on_commit_callbacks):
    person = StaffFactory()

    def failing_action():
        with transaction.atomic():
            services.notification_create_many(recipients=[person.user], kind="test.c", message="m")
            raise RuntimeError("the action fails")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_action()
    assert heard == []


def test_a_failing_listener_never_reaches_the_action(heard, django_capture_on_commit_callbacks):
    def broken(_rows):
        raise ConnectionError("the listener's own trouble")

    registry._notification_listeners.insert(  # heard first: the broken one
        0, registry.NotificationListener(wants=lambda kind: True, heard=broken)
    )
    person = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notification_create(recipient=person.user, kind="test.d", message="m")
    assert heard == [[note]]  # the listener after the broken one still heard it
    assert Notification.objects.filter(pk=note.pk).exists()
