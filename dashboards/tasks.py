"""R-DASH-1: keep the company-wide dashboard warm (see selectors.dashboard_cache_warm)."""

from celery import shared_task

from .selectors import dashboard_cache_warm


@shared_task
def dashboard_cache_warm_task() -> bool:
    return dashboard_cache_warm()
