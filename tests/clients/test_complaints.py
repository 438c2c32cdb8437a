"""R-CLI-4: surveys and complaints, reply deadline, closing, the overdue flag."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import Complaint, ComplaintStatus
from clients.services.feedback import (
    complaint_close,
    complaint_log,
    complaint_record,
    complaints_flag_overdue,
    feedback_record,
)
from clients.tasks import complaints_flag_overdue as flag_task
from outreach.models import Notification
from tests.factories.clients import at, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 3, 1))
    return complaint_record(
        client_id=lead.client_id,
        summary="销售态度差",
        received_at=at(2026, 3, 2, 9),
        actor=org["consultant1"],
    )


def test_r_cli_4_reply_deadline_is_24_hours_after_receipt(complaint):
    assert complaint.reply_due_at == at(2026, 3, 3, 9)


def test_r_cli_4_overdue_complaints_are_flagged_to_managers_once(org, complaint):
    assert complaints_flag_overdue(now=at(2026, 3, 3, 8, 59)) == 0
    assert complaints_flag_overdue(now=at(2026, 3, 3, 9)) == 1
    complaints_flag_overdue(now=at(2026, 3, 3, 10))
    assert Notification.objects.filter(recipient=org["manager"].user).count() == 1
    assert flag_task() >= 1


def test_r_cli_4_a_reply_before_the_deadline_is_not_overdue(org, complaint):
    complaint_log(
        complaint_id=complaint.pk,
        kind="reply",
        text="已致电道歉",
        actor=org["consultant1"],
        at=at(2026, 3, 2, 15),
    )
    assert complaints_flag_overdue(now=at(2026, 3, 4)) == 0


def test_r_cli_4_closing_needs_satisfaction_or_a_managers_override(org, complaint):
    with pytest.raises(ValidationError):
        complaint_close(complaint_id=complaint.pk, actor=org["consultant1"], client_satisfied=False)
    with pytest.raises(ValidationError):
        complaint_close(complaint_id=complaint.pk, actor=org["manager"], client_satisfied=False)
    closed = complaint_close(
        complaint_id=complaint.pk,
        actor=org["manager"],
        client_satisfied=False,
        override_reason="客户失联",
    )
    assert closed.status == ComplaintStatus.CLOSED
    with pytest.raises(ValidationError):
        complaint_log(complaint_id=complaint.pk, kind="action", text="x", actor=org["manager"])


def test_r_cli_4_satisfied_client_closes_it(org, complaint):
    complaint_close(complaint_id=complaint.pk, actor=org["consultant1"], client_satisfied=True)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED


def test_r_cli_4_survey_score_is_one_to_five(org, complaint):
    with pytest.raises(ValidationError):
        feedback_record(client_id=complaint.client_id, score=6, actor=None)
    assert feedback_record(client_id=complaint.client_id, score=5, actor=None).score == 5


def test_r_cli_4_complaint_pages(client, org, complaint):
    client.force_login(org["manager"].user)
    assert client.get(reverse("complaint-list")).status_code == 200
    client.post(reverse("complaint-detail", args=[complaint.pk]), {"kind": "reply", "text": "回复"})
    complaint.refresh_from_db()
    assert complaint.replied_at is not None
    page = client.get(reverse("client-detail", args=[complaint.client_id])).content.decode()
    assert "销售态度差"[:5] in page
    client.force_login(org["canvasser1"].user)
    assert client.get(reverse("complaint-list")).status_code == 403
    assert complaint.received_at + timedelta(hours=24) == complaint.reply_due_at
