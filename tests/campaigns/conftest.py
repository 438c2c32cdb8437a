import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English here; pages follow the language cookie."""
    with translation.override("en"):
        yield


@pytest.fixture
def on_duty(org):
    """Canvassers rostered and checked in today and the 40 days before: a daily report
    is due only for such days (R-DAY-1)."""
    from datetime import timedelta

    from attendance.defaults import defaults_ensure
    from outreach.dates import today
    from tests.factories.attendance import checked_in, rostered

    defaults_ensure()
    for who in ("canvasser1", "canvasser2", "canvasser3"):
        for back in range(41):
            day = today() - timedelta(days=back)
            rostered(org[who], day)
            checked_in(org[who], day)
