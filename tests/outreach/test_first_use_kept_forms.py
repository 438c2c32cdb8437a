"""Issue 18 §8: a form refused by its action comes back on its page with what was typed
and the error beside its field, across the apps (leave, training plan, wage scheme,
appraisal bonus base, campaign budget, complaint log, payroll month)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from attendance.models import LeaveType
from attendance.services import leave_request_submit
from clients.services import feedback as complaint_services
from payroll.models import PayrollRun
from tests.clock import runs_at
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import at, register
from training import services as training_services

pytestmark = pytest.mark.django_db

TYPED = "客户说下周再来，先记下"


def _leave(org):
    kind = LeaveType.objects.first() or LeaveType.objects.create(name="事假")
    req = leave_request_submit(
        staff=org["canvasser1"],
        leave_type=kind,
        first_day=date(2026, 12, 10),
        last_day=date(2026, 12, 10),
        reason="家里有事",
    )
    return (
        org["manager"],
        reverse("leave-decide", args=[req.pk]),
        {
            "approve": "",  # neither button: refused
            "comment": TYPED,
        },
        "approve",
    )


def _plan_item(org):
    plan = training_services.training_plan_save(
        actor=org["hr"].user, year=2026, title="年度计划", goals="提升话术"
    )
    return (
        org["hr"],
        reverse("training-plan-item-add", args=[plan.pk]),
        {
            "item-content": TYPED,
            "item-method": "classroom",
            "item-scheduled": "",
        },
        "scheduled",
    )


def _wage(org):
    person = org["canvasser1"]
    return (
        org["hr"],
        reverse("staff-wage", args=[person.pk]),
        {
            "kind": "",
            "amount": "4321.50",
            "effective_from": "2026-12-01",
        },
        "kind",
    )


def _adjustment(org):
    run = PayrollRun.objects.create(month=date(2026, 11, 1))
    return (
        org["hr"],
        reverse("payroll-run-adjust", args=[run.pk]),
        {
            "staff": str(org["canvasser1"].pk),
            "amount": "",
            "reason": TYPED,
        },
        "amount",
    )


def _budget(org):
    campaign = CampaignFactory(owner=org["manager"])
    return (
        org["manager"],
        reverse("campaign-budget-add", args=[campaign.pk]),
        {
            "category": "venue",
            "description": TYPED,
            "planned": "",
        },
        "planned",
    )


def _complaint_entry(org):
    lead = register(org["canvasser1"], "13600000001", now=at(2026, 12, 1))
    complaint = complaint_services.complaint_record(
        client_id=lead.client_id,
        summary="电话太多",
        received_at=at(2026, 12, 3, 9),
        actor=org["manager"],
    )
    url = reverse("complaint-detail", args=[complaint.pk])
    return org["manager"], url, {"kind": "", "text": TYPED}, "kind"


def _lead_invalid(org):
    lead = register(org["canvasser1"], "13600000002", now=at(2026, 12, 1))
    too_long = TYPED * 20  # over the reason's 200 characters
    return org["manager"], reverse("lead-invalid", args=[lead.pk]), {"reason": too_long}, "reason"


CASES = {
    "attendance leave decision": _leave,
    "training plan item": _plan_item,
    "outreach wage scheme": _wage,
    "payroll adjustment": _adjustment,
    "campaign budget line": _budget,
    "client complaint entry": _complaint_entry,
    "client lead invalid": _lead_invalid,
}


@runs_at("2026-12-05 10:00", tick=False)
@pytest.mark.parametrize("case", CASES)
def test_first_use_a_refused_form_comes_back_with_what_was_typed(client, org, case):
    who, action, data, bad_field = CASES[case](org)
    client.force_login(who.user)
    response = client.post(action, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    free_text = ("comment", "content", "description", "text", "amount", "reason")
    typed = next(v for k, v in data.items() if v and k.split("-")[-1] in free_text)
    assert typed in page
    assert "is-invalid" in page or "invalid-feedback" in page
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    assert typed not in again  # shown once


@runs_at("2026-12-05 10:00", tick=False)
def test_first_use_a_close_refused_by_the_service_keeps_the_override_reason(client, org):
    """Both complaint forms post to the page itself: the one refused (close, by someone
    who may not override) comes back as typed; the log form stays empty."""
    who, url, _data, _field = _complaint_entry(org)
    closer = org["salesmgr"]
    client.force_login(closer.user)
    response = client.post(url, {"close": "1", "override_reason": TYPED}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    close_form = page[page.index('name="override_reason"') - 400 :]
    assert f'value="{TYPED}"' in close_form[:800]
    refusal = "Close it when the client is satisfied, or ask the manager to override."
    with translation.override("zh-hans"):  # the page's language
        assert gettext(refusal) in page
    assert page.count(TYPED) == 1  # not in the log form's text
