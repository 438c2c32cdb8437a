"""Payroll jobs; each loads by id / month and calls one service (idempotent)."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .montharg import parse_month
from .services import payroll_export_build, payroll_exports_resend, payroll_run_calculate


@shared_task
def payroll_run_calculate_task(month: str, user_id: int | None = None) -> int:
    """Recalculating a month replaces its lines, so a retry or a duplicate is harmless."""
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return payroll_run_calculate(month=parse_month(month), actor=actor).pk


@shared_task
def payroll_export_build_task(export_id: int) -> None:
    payroll_export_build(export_id=export_id)


@shared_task
def payroll_exports_resend_task() -> int:
    """Every few minutes (beat): send again exports a broker outage or a dead worker
    left waiting; building takes only a waiting export, so this is harmless."""
    return payroll_exports_resend()
