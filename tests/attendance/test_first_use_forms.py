"""Issue 18 §8: a refused form comes back with what was typed and its errors beside
the fields (the violation adjust form lost the reason)."""

import re
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from attendance.models import Violation
from attendance.services import violation_record
from tests.factories.attendance import at


def _input(page: str, name: str) -> str:
    """The HTML of the form control named `name`."""
    match = re.search(rf"<(input|textarea|select)[^>]*name=\"{name}\"[^>]*>", page)
    assert match, f"no control {name}"
    return match.group(0)


def test_first_use_adjust_form_keeps_the_reason_when_the_amount_is_missing(client, org):
    violation = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    client.force_login(org["manager"].user)
    response = client.post(
        reverse("violation-adjust", args=[violation.pk]),
        {"action": "reduce", "new_amount": "", "reason": "客户已道歉，减半处理"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="客户已道歉，减半处理"' in _input(page, "reason")
    assert 'value="reduce" selected' in page
    assert "is-invalid" in _input(page, "new_amount")
    with translation.override("zh-hans"):  # the page's language; the message is in the catalog
        assert gettext("Give the new amount.") in page
    violation.refresh_from_db()
    assert violation.state == Violation.State.ACTIVE


def test_first_use_adjust_form_keeps_what_was_typed_when_the_service_refuses(client, org):
    violation = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    client.force_login(org["manager"].user)
    too_much = violation.amount + Decimal("100.00")
    response = client.post(
        reverse("violation-adjust", args=[violation.pk]),
        {"action": "reduce", "new_amount": str(too_much), "reason": "复核"},
        follow=True,
    )
    page = response.content.decode()
    assert 'value="复核"' in _input(page, "reason")
    assert f'value="{too_much}"' in _input(page, "new_amount")
    violation.refresh_from_db()
    assert violation.amount < too_much


def test_first_use_the_kept_form_is_shown_once(client, org):
    violation = violation_record(
        staff=org["canvasser1"], code="DRESS", occurred_at=at(date(2026, 3, 2), 11)
    )
    client.force_login(org["manager"].user)
    url = reverse("violation-adjust", args=[violation.pk])
    client.post(url, {"action": "reduce", "reason": "typed once"}, follow=True)
    again = client.get(reverse("violation-detail", args=[violation.pk])).content.decode()
    assert "typed once" not in again
    assert "is-invalid" not in again
