"""R-ROLE-6: one notification per (recipient, kind, object), whoever asks how often."""

import pytest
from django.urls import reverse

from outreach import services
from outreach.models import Notification
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_r_role_6_notification_create_is_idempotent():
    person, about = StaffFactory(), StaffFactory()
    first = services.notification_create(
        recipient=person.user, kind="lead_expiring", message="线索即将到期", target=about
    )
    again = services.notification_create(
        recipient=person.user, kind="lead_expiring", message="线索即将到期", target=about
    )
    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_r_role_6_other_kinds_and_objects_are_separate_notifications():
    person, a, b = StaffFactory(), StaffFactory(), StaffFactory()
    services.notification_create(recipient=person.user, kind="k1", message="m", target=a)
    services.notification_create(recipient=person.user, kind="k1", message="m", target=b)
    services.notification_create(recipient=person.user, kind="k2", message="m", target=a)
    assert Notification.objects.count() == 3


def test_notifications_list_shows_only_my_own(client):
    me, other = StaffFactory(), StaffFactory()
    services.notification_create(recipient=me.user, kind="k", message="给我的")
    services.notification_create(recipient=other.user, kind="k", message="给别人的")
    client.force_login(me.user)
    body = client.get(reverse("notification-list")).content.decode()
    assert "给我的" in body
    assert "给别人的" not in body


def test_marking_read_touches_only_my_notifications(client):
    me, other = StaffFactory(), StaffFactory()
    theirs = services.notification_create(recipient=other.user, kind="k", message="m")
    client.force_login(me.user)
    client.post(reverse("notification-read", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_bell_counts_my_unread_notifications(client):
    me = StaffFactory()
    services.notification_create(recipient=me.user, kind="k", message="一")
    services.notification_create(recipient=me.user, kind="k2", message="二")
    client.force_login(me.user)
    body = client.get(reverse("home")).content.decode()
    assert 'id="notification-bell"' in body
    assert '<span class="badge text-bg-danger">2</span>' in body
