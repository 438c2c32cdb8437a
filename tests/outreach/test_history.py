"""Issue 18 §8: history entries are sentences ("金额由 50.00 改为 20.00"), with field
names by verbose name and states by their display names, never raw stored values."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from attendance.defaults import defaults_ensure
from attendance.models import Violation
from attendance.services import violation_record, violation_reduce, violation_waive
from outreach.history import history_change_sentence, history_entries
from tests.factories.attendance import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def reduced_then_waived(org):
    defaults_ensure()
    violation = violation_record(
        staff=org["canvasser1"], code="CONDUCT", occurred_at=at(date(2026, 3, 2), 11)
    )
    manager = org["manager"]
    violation_reduce(violation=violation, actor=manager, new_amount=Decimal("15"), reason="初犯")
    violation_reduce(violation=violation, actor=manager, new_amount=Decimal("5"), reason="复核")
    violation_waive(violation=violation, actor=manager, reason="雨天")
    return violation


def _sentences(violation) -> list[list[str]]:
    records = violation.history.order_by("-history_date")
    return [entry.sentences for entry in history_entries(records)]


def test_first_use_history_is_in_words_in_english(reduced_then_waived):
    with translation.override("en"):
        waived, second, first, created = _sentences(reduced_then_waived)
    assert created == []
    assert "Adjusted fine set to 15.00" in first
    assert "Reason set to 初犯" in first
    assert "Adjusted fine changed from 15.00 to 5.00" in second
    assert "Reason changed from 初犯 to 复核" in second
    assert "State changed from Active to Waived" in waived
    assert "Adjusted fine changed from 5.00 to 0.00" in waived


def test_first_use_violation_page_shows_history_in_words_not_raw_values(
    client, org, reduced_then_waived
):
    client.force_login(org["manager"].user)
    page = client.get(reverse("violation-detail", args=[reduced_then_waived.pk])).content.decode()
    start = page.index('id="history"')
    history = page[start : page.index("</ul>\n", start)]
    assert "waived" not in history  # raw stored values
    assert "active" not in history
    state = Violation._meta.get_field("state")
    with translation.override("zh-hans"):  # the page's language
        expected = history_change_sentence(state, "active", "waived")
    assert expected in history


def test_first_use_history_is_in_words_in_chinese(reduced_then_waived):
    """Needs the merged catalog (msgids of outreach/history.py in /work/t18-strings/forms.po)."""
    with translation.override("zh-hans"):
        waived, second, first, _created = _sentences(reduced_then_waived)
    assert "调整后罚款改为 15.00" in first
    assert "调整后罚款由 15.00 改为 5.00" in second
    assert "状态由 有效 改为 已免除" in waived
