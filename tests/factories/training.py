"""Factories for training (R-TRN-1)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from training import services
from training.models import Attendee, Method, TrainingSession

SHANGHAI = ZoneInfo("Asia/Shanghai")


def session_held(
    *, actor, day, hours: int = 3, attendees=(), topic="话术培训", method=Method.INTERNAL
) -> TrainingSession:
    start = datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
    return services.training_session_create(
        actor=actor,
        topic=topic,
        trainer="王老师",
        method=method,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place="培训室",
        attendees=attendees,
    )


def result(actor, session, staff, *, attended=True, **scores) -> Attendee:
    attendee = Attendee.objects.get(session=session, staff=staff)
    return services.attendee_result_record(
        actor=actor,
        attendee=attendee,
        attended=attended,
        **{k: Decimal(v) for k, v in scores.items()},
    )
