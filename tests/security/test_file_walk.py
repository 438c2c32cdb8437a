"""Issue 17, finding 1 (Build 1): every stored file of the demo, as every role, with
DEBUG off, opens only for those who may see the object it belongs to.

The demo (seeded once for the module, rolled back at the end, its files written to a
temporary MEDIA_ROOT) has at least one file of every kind. For each file and each role:
the download answers 200 when the object's page answers 200 (the same scoped selector)
and 404 otherwise; `/media/<stored name>` answers 404 to everyone; downloads of exports
and personal data leave an AccessLog row.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse

from outreach.models import AccessLog, Staff

pytestmark = pytest.mark.django_db

ROLES = ["manager", "salesmgr", "hr", "admin", "leader1", "canvasser1", "consultant1"]


@dataclass(frozen=True)
class FileKind:
    url_name: str  # the download view
    model: str
    field: str
    page: str | None  # the object's page: url name, and the attribute holding its pk
    page_pk: str = "pk"
    logged: bool = False  # an export or personal data (R-ROLE-2)


KINDS = [
    FileKind("payroll-export-download", "payroll.PayrollExport", "file", "payroll-export",
             logged=True),
    FileKind("receipt-file", "campaigns.Receipt", "image", "claim-detail", "claim_id",
             logged=True),
    FileKind("violation-evidence", "attendance.Violation", "evidence", "violation-detail",
             logged=True),
    # A check-in photo has no page of its own: the rule is the attendance pages' one
    # (attendance_staff: own, a leader's groups', managers and HR all), checked below.
    FileKind("checkin-photo", "attendance.DayRecord", "check_in_photo", None, logged=True),
    FileKind("attachment-file", "campaigns.CampaignAttachment", "file", "campaign-detail",
             "campaign_id"),
    FileKind("library-file", "campaigns.LibraryItem", "file", "library-detail"),
    FileKind("material-file", "training.Material", "file", "training-session", "session_id"),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo_files(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media, SENDFILE_ROOT=media, DEBUG=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0, force=True)
        yield {
            kind: list(
                apps.get_model(kind.model).objects.exclude(**{kind.field: ""}).order_by("pk")
            )
            for kind in KINDS
        }
        transaction.set_rollback(True)


def _client(username):
    client = Client(raise_request_exception=False)
    client.force_login(Staff.objects.get(user__username=username).user)
    return client


def _may_see(client, user, kind, obj) -> bool:
    if kind.page is None:
        from attendance.selectors import attendance_staff

        return attendance_staff(user).filter(pk=obj.staff_id).exists()
    page = reverse(kind.page, args=[getattr(obj, kind.page_pk)])
    status = client.get(page).status_code
    assert status in {200, 403, 404}, (page, status)
    return status == 200


def test_hardening_every_file_field_is_in_the_walk():
    """A new file field joins the walk (and gets a download view) the day it is added."""
    fields = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not model.__name__.startswith("Historical")
    }
    assert fields == {(kind.model, kind.field) for kind in KINDS}


def test_hardening_the_demo_has_a_file_of_every_kind(demo_files):
    assert {kind.url_name for kind, objects in demo_files.items() if not objects} == set()


def test_hardening_files_open_only_where_their_object_does(demo_files):
    """Finding 1: each download answers 200 exactly to the roles whose page of the object
    answers 200, and 404 to every other role; a logged kind leaves an AccessLog row per
    download."""
    assert settings.DEBUG is False
    failures, opened, refused = [], set(), set()
    for username in ROLES:
        client = _client(username)
        user = Staff.objects.get(user__username=username).user
        for kind, objects in demo_files.items():
            for obj in objects:
                url = reverse(kind.url_name, args=[obj.pk])
                logs = AccessLog.objects.filter(user=user, action=AccessLog.Action.DOWNLOAD)
                before = logs.count()
                response = client.get(url)
                expected = 200 if _may_see(client, user, kind, obj) else 404
                if response.status_code != expected:
                    failures.append(f"{username} {url}: {response.status_code}, not {expected}")
                    continue
                (opened if expected == 200 else refused).add(kind.url_name)
                if expected == 200:
                    stored = getattr(obj, kind.field)
                    assert b"".join(response) == stored.open("rb").read()
                    stored.close()
                    assert not response["Content-Type"].startswith("text/")
                    assert response["X-Content-Type-Options"] == "nosniff"
                    assert response["Content-Disposition"].startswith(("attachment", "inline"))
                    assert logs.count() == before + (1 if kind.logged else 0), url
                else:
                    assert logs.count() == before, url
    assert failures == [], "\n".join(failures)
    every_kind = {kind.url_name for kind in KINDS}
    assert opened == every_kind, "someone may open every kind of file"
    # the library is read by every field role; everything else is refused to someone
    assert refused >= every_kind - {"library-file"}


def test_hardening_no_role_reaches_a_file_under_media(demo_files):
    """Finding 1: no public media route, in development or production: the stored path
    answers 404 to every role (and sends the anonymous visitor to the login page)."""
    paths = [
        f"{settings.MEDIA_URL}{getattr(obj, kind.field).name}"
        for kind, objects in demo_files.items()
        for obj in objects
    ]
    for username in ROLES:
        client = _client(username)
        assert {p: client.get(p).status_code for p in paths} == dict.fromkeys(paths, 404)
    anonymous = Client()
    assert {anonymous.get(p).status_code for p in paths} <= {302, 404}


def test_hardening_there_is_no_media_route_with_debug_on(demo_files):
    """The development server serves no media either (the old DEBUG-only route)."""
    from django.urls import clear_url_caches

    import outreach.urls

    path = f"{settings.MEDIA_URL}{demo_files[KINDS[1]][0].image.name}"
    with override_settings(DEBUG=True):
        import importlib

        clear_url_caches()
        importlib.reload(outreach.urls)
        try:
            assert _client("manager").get(path).status_code == 404
        finally:
            importlib.reload(outreach.urls)
            clear_url_caches()
