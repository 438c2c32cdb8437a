"""R-CLI-5 grading and R-CLI-7 care."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import CarePolicy, Client, Festival, GradingPolicy
from clients.selectors.care import birthdays_soon, care_overdue, care_overdue_by_owner
from clients.services.deals import DealInput, deal_record
from clients.services.follow_ups import follow_up_log
from clients.services.grading import client_grade_override, clients_regrade
from clients.tasks import clients_regrade as regrade_task
from tests.factories.clients import register

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def lead_with_deal(org, phone, amount, signed_on):
    lead = register(org["canvasser1"], phone, now=timezone.now() - timedelta(days=1))
    deal_record(
        actor=None,
        lead_id=lead.pk,
        data=DealInput(project="一期", units=1, amount=Decimal(amount), signed_on=signed_on),
    )
    return lead


def test_r_cli_5_grade_follows_spend_frequency_and_potential(org):
    big = lead_with_deal(org, "13300000101", "3000000", date(2026, 3, 1))
    small = lead_with_deal(org, "13300000102", "500000", date(2026, 3, 1))
    old = lead_with_deal(org, "13300000103", "3000000", date(2025, 1, 1))  # > 12 months
    register(org["canvasser1"], "13300000104", now=timezone.now())
    clients_regrade(on=TODAY)
    grades = dict(Client.objects.values_list("phone", "grade"))
    # big: 50 + 15 + 10 = 75 → A; small: 12.5 + 15 + 10 = 37.5 → B; old: 10 → C
    assert grades[big.phone] == "A"
    assert grades[small.phone] == "B"
    assert grades[old.phone] == "C"
    assert grades["13300000104"] == "C"


def test_r_cli_5_thresholds_are_data(org):
    small = lead_with_deal(org, "13300000201", "500000", date(2026, 3, 1))
    GradingPolicy.objects.create(effective_from=date(2026, 1, 1), threshold_a=Decimal("35"))
    clients_regrade(on=TODAY)
    assert Client.objects.get(phone=small.phone).grade == "A"


def test_r_cli_5_manual_override_needs_reason_survives_regrade_and_is_logged(org):
    lead = register(org["canvasser1"], "13300000301", now=timezone.now())
    with pytest.raises(ValidationError):
        client_grade_override(client_id=lead.client_id, grade="A", reason="")
    client_grade_override(client_id=lead.client_id, grade="A", reason="大客户推荐")
    clients_regrade(on=TODAY)
    client = Client.objects.get(pk=lead.client_id)
    assert client.grade == "A"
    assert client.history.filter(grade="A", grade_reason="大客户推荐").exists()
    client_grade_override(client_id=lead.client_id, grade=None, reason="恢复自动")
    regrade_task()
    assert Client.objects.get(pk=lead.client_id).grade == "C"


def test_r_cli_7_care_due_by_grade_cadence_and_birthdays(org):
    on = timezone.localdate()
    fresh = register(org["canvasser1"], "13300000401", now=timezone.now())
    stale = register(org["canvasser1"], "13300000402", now=timezone.now())
    follow_up_log(client_id=fresh.client_id, kind="call", summary="ok", actor=None)
    follow_up_log(
        client_id=stale.client_id,
        kind="call",
        summary="ok",
        actor=None,
        at=timezone.now() - timedelta(days=200),
    )
    clients = Client.objects.all()
    due = set(care_overdue(clients, on=on).values_list("phone", flat=True))
    assert due == {"13300000402"}
    CarePolicy.objects.create(grade="C", cadence_days=250, method="phone")
    assert not care_overdue(clients, on=on).exists()
    Client.objects.filter(pk=fresh.client_id).update(
        birthday=on.replace(year=1980) + timedelta(days=2)
    )
    assert list(birthdays_soon(clients, on=on).values_list("phone", flat=True)) == ["13300000401"]
    CarePolicy.objects.filter(grade="C").update(cadence_days=30)
    rows = list(care_overdue_by_owner(clients, on=on))
    assert rows == [{"current_lead__owner__name": org["canvasser1"].name, "late": 1}]


def test_r_cli_7_care_page(client, org):
    Festival.objects.create(name="中秋节", day=timezone.localdate() + timedelta(days=3))
    register(org["canvasser1"], "13300000501", now=timezone.now())
    client.force_login(org["canvasser1"].user)
    page = client.get(reverse("client-care")).content.decode()
    assert "中秋节" in page
    client.force_login(org["hr"].user)
    assert client.get(reverse("client-care")).status_code == 403
