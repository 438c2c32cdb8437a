"""Core background jobs. Each is idempotent and safe to run twice at once (R-SYS-4)."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import LoginSession


@shared_task
def sessions_clear_expired() -> int:
    """Delete expired sessions and their register rows; running it twice is harmless."""
    expired = Session.objects.filter(expire_date__lt=timezone.now())
    LoginSession.objects.filter(session_key__in=expired.values("session_key")).delete()
    deleted, _detail = expired.delete()
    return deleted


@shared_task
def health_check(value: str = "pong") -> str:
    """Round trip through the broker and a worker; ops use it to see that workers run."""
    return value
