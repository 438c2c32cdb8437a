import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_fresh_cache(settings):
    """Pages are matched on data and ids; services' messages in English; no dashboard
    aggregate is carried from one test to the next."""
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def no_dashboard_cache(monkeypatch):
    monkeypatch.setattr("dashboards.selectors.DASHBOARD_CACHE_SECONDS", 0)
    monkeypatch.setattr("dashboards.selectors.ESTIMATE_CACHE_SECONDS", 0)
