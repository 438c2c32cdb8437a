from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from payroll.appraisals import indicators
from tests.factories.training import result, session_held

Q3 = "2026Q3"


def fixed_source(values: dict):
    """An indicator source answering constant values (the real one lives in another app)."""

    def source(period_start, period_end, staff_ids):
        return {sid: Decimal(v) for sid, v in values.items() if sid in set(staff_ids)}

    return source


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the default language is Simplified Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def sources(monkeypatch):
    """Patch indicator sources for a test: sources(code={staff_id: value})."""

    def patch(**codes):
        for code, values in codes.items():
            monkeypatch.setitem(indicators.SOURCES, code, fixed_source(values))

    return patch


@pytest.fixture
def quarter(org, sources):
    """A constructed 2026Q3: training for canvassers 1 and 2, visits and new clients."""
    hr = org["hr"].user
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    l1, l2 = org["leader1"], org["leader2"]
    first = session_held(actor=hr, day=date(2026, 7, 10), hours=3, attendees=[c1, c2])
    second = session_held(actor=hr, day=date(2026, 9, 1), hours=3, attendees=[c2])
    result(hr, first, c1, exam_score=80)
    result(hr, first, c2, exam_score=60)
    result(hr, second, c2, exam_score=100)
    sources(
        valid_visits={c1.pk: 40, c2.pk: 15, c3.pk: 30, l1.pk: 30, l2.pk: 0},
        new_clients={c1.pk: 10, c2.pk: 10, c3.pk: 7, l1.pk: 5, l2.pk: 0},
    )
    return org
