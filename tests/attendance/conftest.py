import pytest
from django.utils import translation

from attendance.defaults import defaults_ensure


@pytest.fixture(autouse=True)
def attendance_defaults(db):
    """The spec's defaults as rows (shift, leave types, notice table, rulebook v1); service
    messages in English so tests can match them (pages keep the request's language)."""
    defaults_ensure()
    with translation.override("en"):
        yield
