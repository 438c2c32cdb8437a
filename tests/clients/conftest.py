import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are matched in English here; pages are tested in both."""
    with translation.override("en"):
        yield
