"""Issue 18 point 1 (R-DAY-1, R-DAY-2): the daily report opens with the day's own figures,
counted from the records on the team's local day (Asia/Shanghai); the counts the system
knows are shown but never taken from the form; the submission stays idempotent."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.defaults import defaults_ensure
from attendance.models import DayRecord
from campaigns.models import DailyReport, Invitation
from campaigns.selectors import daily_report_prefill
from campaigns.services import daily_report_submit, material_handout_record
from clients.services.deals import DealInput, deal_cancel, deal_record
from clients.services.follow_ups import follow_up_log
from clients.services.visits import (
    rotation_day_setup,
    visit_confirm,
    visit_end_reception,
    visit_register,
)
from tests.clock import local_at, runs_at
from tests.factories import PointFactory
from tests.factories.attendance import rostered
from tests.factories.campaigns import CampaignFactory
from tests.factories.clients import register

DAY = date(2026, 3, 12)  # a Thursday: the shift ends 16:30, lunch 13:00–14:00
EVE = DAY - timedelta(days=1)

pytestmark = [pytest.mark.django_db, runs_at("2026-03-12 18:00", tick=False)]


def _visit(lead, consultant, at, *, confirm=True):
    """The client comes to the sales office at `at`, brought by the lead's owner."""
    rotation_day_setup(actor=None, day=at.date(), consultants=[consultant])
    visit = visit_register(actor=consultant.user, phone=lead.phone, now=at)
    if confirm:
        visit_confirm(actor=consultant.user, visit_id=visit.pk, now=at)
    visit_end_reception(actor=None, visit_id=visit.pk, now=at + timedelta(minutes=30))
    return visit


@pytest.fixture
def field_day(org):
    """canvasser1's 11 and 12 March, with canvasser2's records mixed in.

    12 March: rostered at a point, in 08:55, out 16:40; leads registered 00:10 and 10:00
    (canvasser2 registers one at 10:30); a valid visit confirmed (a lead's first in its
    ownership period), a revisit confirmed (not valid), a visit brought but not
    confirmed; a deal signed and one signed then cancelled; two calls (one unanswered)
    and a WeChat message; 150 flyers and 8 gifts used; one invitation sent, one not.
    11 March: rostered, in 09:30, never out; a lead registered at 23:50 and its first
    visit confirmed at 23:55 (both 15:5x UTC, still the 11th in Shanghai); a call.
    """
    defaults_ensure()
    me, other, consultant = org["canvasser1"], org["canvasser2"], org["consultant1"]
    point = PointFactory(name="万达东门")
    rostered(me, DAY, point=point)
    rostered(me, EVE)
    DayRecord.objects.create(
        staff=me,
        day=DAY,
        check_in_at=local_at(DAY, 8, 55),
        check_out_at=local_at(DAY, 16, 40),
    )
    DayRecord.objects.create(staff=me, day=EVE, check_in_at=local_at(EVE, 9, 30))

    late = register(me, "13900000001", now=local_at(EVE, 23, 50))
    _visit(late, consultant, local_at(EVE, 23, 55))
    follow_up_log(
        client_id=late.client_id, kind="call", summary="约到访", actor=me, at=local_at(EVE, 21, 0)
    )

    early = register(me, "13900000002", now=local_at(DAY, 0, 10))
    morning = register(me, "13900000003", now=local_at(DAY, 10, 0))
    theirs = register(other, "13900000004", now=local_at(DAY, 10, 30))
    _visit(late, consultant, local_at(DAY, 11, 0))  # a revisit in the same period
    _visit(early, consultant, local_at(DAY, 12, 0), confirm=False)
    _visit(morning, consultant, local_at(DAY, 15, 0))  # the day's valid visit
    _visit(theirs, consultant, local_at(DAY, 15, 30))  # canvasser2's

    deal_record(
        actor=consultant.user,
        lead_id=morning.pk,
        data=DealInput(project="锦绣苑", signed_on=DAY, units=1, amount=Decimal("1200000.00")),
        now=local_at(DAY, 16, 0),
    )
    cancelled = deal_record(
        actor=consultant.user,
        lead_id=late.pk,
        data=DealInput(project="锦绣苑", signed_on=DAY, units=1),
        now=local_at(DAY, 16, 10),
    )
    deal_cancel(
        actor=consultant.user,
        deal_id=cancelled.pk,
        cause="客户反悔",
        canvasser_fault=False,
        now=local_at(DAY, 16, 20),
    )
    deal_record(
        actor=consultant.user,
        lead_id=theirs.pk,
        data=DealInput(project="锦绣苑", signed_on=DAY, units=1),
        now=local_at(DAY, 16, 30),
    )

    for client_id, kind, by, effective in [
        (morning.client_id, "call", me, True),
        (early.client_id, "call", me, False),  # unanswered: still a call made
        (early.client_id, "wechat", me, True),
        (theirs.client_id, "call", other, True),
    ]:
        follow_up_log(
            client_id=client_id,
            kind=kind,
            summary="回访",
            actor=by,
            at=local_at(DAY, 9, 30),
            effective=effective,
        )

    for material, received, used, returned in [("项目单页", 200, 150, 50), ("礼品", 10, 8, 2)]:
        material_handout_record(
            actor=org["leader1"].user,
            staff=me,
            day=DAY,
            material=material,
            received=received,
            used=used,
            returned=returned,
        )
    campaign = CampaignFactory()
    for phone, sent_at in [("13900000002", local_at(DAY, 14, 0)), ("13900000003", None)]:
        Invitation.objects.create(
            campaign=campaign,
            client=early.client if phone.endswith("2") else morning.client,
            guest_name="王女士",
            phone=phone,
            invited_by=me,
            sent_at=sent_at,
        )
    return {"point": point}


def test_r_day_1_the_prefill_counts_the_days_own_records(org, field_day):
    prefill = daily_report_prefill(staff=org["canvasser1"], day=DAY)
    assert prefill.known() == {
        "leads_registered": 2,  # 00:10 and 10:00; not 23:50 the day before, not canvasser2's
        "visits_confirmed": 1,  # the 15:00 first visit; the 11:00 revisit is not valid
        "deals": 1,  # the cancelled one and canvasser2's are left out
        "hours_worked": Decimal("6.8"),  # 08:55–16:40 less the lunch hour = 6 h 45
    }
    assert prefill.point == field_day["point"]
    assert (prefill.calls, prefill.visits_brought) == (2, 3)  # brought: 11:00, 12:00, 15:00
    assert (prefill.flyers, prefill.contacts, prefill.invitations) == (158, 2, 1)
    assert prefill.report_due


def test_r_day_1_a_lead_registered_at_2350_local_counts_on_its_local_day(org, field_day):
    prefill = daily_report_prefill(staff=org["canvasser1"], day=EVE)
    assert prefill.known() == {
        "leads_registered": 1,
        "visits_confirmed": 1,  # confirmed 23:55 on the 11th, 15:55 UTC
        "deals": 0,
        "hours_worked": Decimal("6.0"),  # 09:30 to the shift end 16:30, no check-out
    }
    assert prefill.calls == 1


def test_r_day_1_another_persons_day_is_their_own(org, field_day):
    prefill = daily_report_prefill(staff=org["canvasser2"], day=DAY)
    assert prefill.known() == {
        "leads_registered": 1,
        "visits_confirmed": 1,
        "deals": 1,
        "hours_worked": None,  # never checked in
    }
    assert (prefill.calls, prefill.flyers, prefill.point, prefill.report_due) == (
        1,
        0,
        None,
        False,
    )


@pytest.mark.parametrize("extra_leads", [0, 12])
def test_r_day_1_the_prefill_has_a_fixed_number_of_queries(
    org, field_day, extra_leads, django_assert_max_num_queries
):
    for n in range(extra_leads):
        register(org["canvasser1"], f"1370000{n:04d}", now=local_at(DAY, 11, n))
    with django_assert_max_num_queries(6):
        prefill = daily_report_prefill(staff=org["canvasser1"], day=DAY)
    assert prefill.leads_registered == 2 + extra_leads


def test_r_day_1_the_form_opens_with_the_days_figures(client, org, field_day):
    client.force_login(org["canvasser1"].user)
    response = client.get(reverse("daily-report"))
    form = response.context["form"]
    assert {name: form[name].value() for name in ("flyers", "contacts", "calls")} == {
        "flyers": 158,
        "contacts": 2,
        "calls": 2,
    }
    assert (form["invitations"].value(), form["visits_brought"].value()) == (1, 3)
    assert form["point"].value() == field_day["point"].pk
    body = response.content.decode()
    counted = body.split('id="daily-report-counted"')[1].split("</fieldset>")[0]
    for name, value in [
        ("leads_registered", "2"),
        ("visits_confirmed", "1"),
        ("deals", "1"),
        ("hours_worked", "6.8"),
    ]:
        field = counted.split(f'id="id_{name}"')[1].split(">")[0]
        assert f'value="{value}"' in field
        assert "disabled" in field  # not editable, and not posted
        assert "name=" not in field


def test_r_day_1_posted_system_counts_are_ignored_and_the_records_kept(client, org, field_day):
    client.force_login(org["canvasser1"].user)
    key = str(uuid.uuid4())
    data = {
        "idempotency_key": key,
        "day": DAY.isoformat(),
        "point": field_day["point"].pk,
        "flyers": 160,  # corrected by hand: allowed
        "contacts": 5,
        "calls": 2,
        "invitations": 1,
        "visits_brought": 3,
        "summary": "万达东门派单",
        "leads_registered": 99,
        "visits_confirmed": 99,
        "deals": 99,
        "hours_worked": "12.0",
    }
    headers = {"X-Requested-With": "fetch"}
    first = client.post(reverse("daily-report"), data, headers=headers)
    again = client.post(reverse("daily-report"), data, headers=headers)  # a double tap
    assert first.status_code == again.status_code == 200
    report = DailyReport.objects.get()
    assert (report.flyers, report.contacts) == (160, 5)
    assert (report.leads_registered, report.visits_confirmed, report.deals) == (2, 1, 1)
    assert report.hours_worked == Decimal("6.8")
    assert report.point == field_day["point"]


def test_r_day_1_the_service_stores_the_counts_of_the_reported_day(org, field_day):
    report, created = daily_report_submit(
        actor=org["canvasser1"].user,
        day=EVE,
        idempotency_key=uuid.uuid4(),
        summary="补交昨天的日志",
    )
    assert created
    assert (report.leads_registered, report.visits_confirmed, report.deals) == (1, 1, 0)
    assert report.hours_worked == Decimal("6.0")


def test_r_day_1_the_form_says_no_report_is_due_without_a_check_in(client, org, field_day):
    client.force_login(org["canvasser2"].user)
    body = client.get(reverse("daily-report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="daily-report-not-due"' in body
    assert 'id="daily-report-form"' not in body
