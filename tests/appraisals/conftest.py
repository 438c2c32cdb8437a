from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from appraisals import indicators
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
    """A constructed 2026Q3: real training for canvassers 1 and 2; every other measured
    indicator answers the constant values below (their real sources are tested on
    constructed clients, deals and events in test_sources.py).

    Raw values and their scores (template: TARGET = min(actual ÷ target, 1) × 100;
    DISTRIBUTION within the group = 100 × (below + ½ × equal others) ÷ (n − 1)).
    G01 = leader1, canvasser1, canvasser2; G02 = leader2, canvasser3.

    indicator (rule)           c1        c2       l1     c3        l2
    valid_visits (T 30)        40→100    15→50    30→100 30→100    0→0
    new_clients (D)            10→75     10→75    5→0    7→100     0→0
    deal_units (D)             3→100     1→50     0→0    2→100     0→0
    deal_amount (D)            3.0M→100  0.9M→50  0→0    1.8M→100  0→0
    events_organised (D)       1→25      1→25     2→100  0→0       1→100
    event_attendees (D)        30→100    12→0     20→50  0→0       6→100
    event_new_leads (D)        4→75      4→75     0→0    0→0       2→100
    satisfaction (T 5)         4.5→90    3→60     5→100  4→80      —
    complaints_on_time (T 100) 100→100   50→50    —      —         —
    repeat_deals (D)           1→100     0→25     0→25   0→50      0→50
    group_target_share (T 100) 80→80     80→80    80→80  100→100   100→100
    training_hours (T 6)       3→50      6→100    0→0    0→0       0→0
    training_score (T 100)     80→80     80→80    —      —         —
    ("—": no value; the indicator's weight goes to the others of its dimension.)
    """
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
        deal_units={c1.pk: 3, c2.pk: 1, c3.pk: 2, l1.pk: 0, l2.pk: 0},
        deal_amount={c1.pk: 3000000, c2.pk: 900000, c3.pk: 1800000, l1.pk: 0, l2.pk: 0},
        events_organised={c1.pk: 1, c2.pk: 1, c3.pk: 0, l1.pk: 2, l2.pk: 1},
        event_attendees={c1.pk: 30, c2.pk: 12, c3.pk: 0, l1.pk: 20, l2.pk: 6},
        event_new_leads={c1.pk: 4, c2.pk: 4, c3.pk: 0, l1.pk: 0, l2.pk: 2},
        satisfaction={c1.pk: "4.5", c2.pk: 3, c3.pk: 4, l1.pk: 5},
        complaints_on_time={c1.pk: 100, c2.pk: 50},
        repeat_deals={c1.pk: 1, c2.pk: 0, c3.pk: 0, l1.pk: 0, l2.pk: 0},
        group_target_share={c1.pk: 80, c2.pk: 80, l1.pk: 80, c3.pk: 100, l2.pk: 100},
    )
    return org
