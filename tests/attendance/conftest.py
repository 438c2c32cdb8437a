import pytest

from attendance.defaults import defaults_ensure


@pytest.fixture(autouse=True)
def attendance_defaults(db):
    """The spec's defaults as rows (shift, leave types, notice table, rulebook v1)."""
    defaults_ensure()
