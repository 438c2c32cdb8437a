"""R-ROLE-6 / issue 8 §4: what a person must act on reaches them as one notification,
whatever the job or service that raises it, and however often it runs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.defaults import defaults_ensure
from attendance.models import LeaveType
from attendance.services import rulebook_draft_create, rulebook_publish
from attendance.services.leave import leave_request_notify, leave_request_submit
from attendance.services.rulebook import rulebook_notify_staff
from campaigns.services.claims import expense_claim_notify
from clients import tasks as client_tasks
from clients.models import Complaint, Lead
from clients.services.visits import rotation_day_setup, visit_notify_consultant, visit_register
from outreach.dates import today
from outreach.models import Notification
from tests.factories.campaigns import ExpenseClaimFactory
from tests.factories.clients import register

pytestmark = pytest.mark.django_db


def _of(kind_prefix, person):
    return Notification.objects.filter(recipient=person.user, kind__startswith=kind_prefix)


def test_r_dash_notify_a_lead_about_to_expire_once_per_job_runs(org):
    now = timezone.now()
    lead = register(org["canvasser1"], "13900000001", now=now - timedelta(days=1))
    Lead.objects.filter(pk=lead.pk).update(protected_until=now + timedelta(days=1))
    client_tasks.leads_remind_expiry()
    client_tasks.leads_remind_expiry()
    assert _of("lead_expiry_", org["canvasser1"]).count() == 1
    assert _of("lead_expiry_", org["canvasser1"]).get().link == reverse(
        "lead-detail", args=[lead.pk]
    )


def test_r_dash_notify_a_visit_to_confirm_once(org, django_capture_on_commit_callbacks):
    lead = register(org["canvasser1"], "13900000002", now=timezone.now() - timedelta(minutes=5))
    rotation_day_setup(actor=None, day=today(), consultants=[org["consultant1"]])
    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_register(actor=org["consultant1"].user, phone=lead.phone)
    visit_notify_consultant(visit=visit)
    notes = _of("visit_to_confirm", org["consultant1"])
    assert notes.count() == 1
    assert notes.get().link == reverse("visit-mine")


def test_r_dash_notify_a_leave_request_to_its_approver_once(
    org, django_capture_on_commit_callbacks
):
    defaults_ensure()
    first = today() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        leave = leave_request_submit(
            staff=org["canvasser1"],
            leave_type=LeaveType.objects.get(code="personal"),
            first_day=first,
            last_day=first,
            reason="家里有事",
        )
    leave_request_notify(leave=leave)
    assert _of("leave_request", org["leader1"]).count() == 1
    assert not _of("leave_request", org["leader2"]).exists()


def test_r_dash_notify_an_expense_claim_to_approve_once(org):
    claim = ExpenseClaimFactory(staff=org["canvasser1"])
    expense_claim_notify(claim=claim)
    expense_claim_notify(claim=claim)
    notes = _of("expense_claim_submitted", org["leader1"])
    assert notes.count() == 1
    assert notes.get().link == reverse("claim-detail", args=[claim.pk])


def test_r_dash_notify_a_complaint_near_its_deadline_once_per_job_run(org):
    now = timezone.now()
    lead = register(org["canvasser1"], "13900000003", now=now - timedelta(days=1))
    Complaint.objects.create(
        client=lead.client,
        received_at=now - timedelta(hours=20),
        summary="电话太多",
        reply_due_at=now + timedelta(hours=4),
    )
    client_tasks.complaints_flag_overdue()
    client_tasks.complaints_flag_overdue()
    assert _of("complaint_due_soon", org["manager"]).count() == 1
    assert _of("complaint_due_soon", org["canvasser1"]).count() == 1
    assert not _of("complaint_overdue", org["manager"]).exists()


def test_r_dash_notify_a_rulebook_version_to_acknowledge_once(
    org, django_capture_on_commit_callbacks
):
    defaults_ensure()
    version = rulebook_draft_create(title="2027 版", effective_from=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        rulebook_publish(version=version, actor=org["manager"])
    rulebook_notify_staff(version=version)
    assert _of("rulebook_acknowledge", org["canvasser2"]).count() == 1
    assert Notification.objects.filter(
        kind="rulebook_acknowledge", object_key=f"attendance.rulebookversion:{version.pk}"
    ).count() == len([v for v in org.values() if hasattr(v, "user")])


def test_r_dash_the_bell_counts_unread_and_the_list_marks_read(client, org):
    from outreach.services import notification_create

    note = notification_create(recipient=org["canvasser1"].user, kind="k", message="看这里")
    client.force_login(org["canvasser1"].user)
    body = client.get(reverse("home")).content.decode()
    assert 'id="notification-count">1<' in body
    client.post(reverse("notification-read", args=[note.pk]))
    body = client.get(reverse("home")).content.decode()
    assert 'id="notification-count"' not in body
