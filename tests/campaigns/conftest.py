import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English here; pages follow the language cookie."""
    with translation.override("en"):
        yield
