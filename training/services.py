"""Every training write (R-TRN-1)."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.guard import require
from outreach.models import Staff
from outreach.selectors import staff_of
from outreach.uploads import document_validate
from outreach.validators import entered_day_validate

from .models import Attendee, Material, PlanItem, TrainingPlan, TrainingSession

CENT = Decimal("0.01")
MANAGE = "training.manage_training"
ONLY_MANAGERS = gettext_lazy("Only HR and managers manage training.")


def training_plan_save(*, actor: User, year: int, title: str, goals: str) -> TrainingPlan:
    require(actor, MANAGE, message=ONLY_MANAGERS)
    with transaction.atomic():
        plan, _created = TrainingPlan.objects.update_or_create(
            year=year, defaults={"title": title, "goals": goals}
        )
    return plan


def plan_item_add(
    *, actor: User, plan: TrainingPlan, content: str, method: str, scheduled: date
) -> PlanItem:
    require(actor, MANAGE, message=ONLY_MANAGERS)
    if scheduled.year != plan.year:
        raise ValidationError(
            {
                "scheduled_month": _("Schedule it within the plan's year %(year)s.")
                % {"year": plan.year}
            }
        )
    with transaction.atomic():
        return PlanItem.objects.create(
            plan=plan, content=content, method=method, scheduled_month=scheduled.replace(day=1)
        )


def session_hours(starts_at: datetime, ends_at: datetime) -> Decimal:
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / Decimal(3600)).quantize(CENT, ROUND_HALF_UP)


@transaction.atomic
def training_session_create(
    *,
    actor: User,
    topic: str,
    trainer: str,
    method: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    plan_item: PlanItem | None = None,
    attendees: list[Staff] | tuple = (),
) -> TrainingSession:
    require(actor, MANAGE, message=ONLY_MANAGERS)
    entered_day_validate(starts_at, field="starts_at")
    entered_day_validate(ends_at, field="ends_at")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    session = TrainingSession.objects.create(
        plan_item=plan_item,
        topic=topic,
        trainer=trainer,
        method=method,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        hours=session_hours(starts_at, ends_at),
    )
    attendees_add(actor=actor, session=session, people=attendees)
    return session


def attendees_add(*, actor: User, session: TrainingSession, people) -> int:
    """Invite people; inviting someone twice is harmless (unique per session)."""
    require(actor, MANAGE, message=ONLY_MANAGERS)
    rows = [Attendee(session=session, staff=person) for person in people]
    with transaction.atomic():
        return len(Attendee.objects.bulk_create(rows, ignore_conflicts=True))


def material_add(*, actor: User, session: TrainingSession, title: str, file) -> Material:
    require(actor, MANAGE, message=ONLY_MANAGERS)
    document_validate(file, field="file")  # issue 9: by content and size
    with transaction.atomic():
        return Material.objects.create(session=session, title=title, file=file)


def attendee_score(values) -> Decimal | None:
    """The mean of the results given (exam, assignment, discussion, practical)."""
    given = [Decimal(v) for v in values if v is not None]
    if not given:
        return None
    return (sum(given, Decimal(0)) / len(given)).quantize(CENT, ROUND_HALF_UP)


@transaction.atomic
def attendee_result_record(
    *,
    actor: User,
    attendee: Attendee,
    attended: bool,
    exam_score: Decimal | None = None,
    assignment_score: Decimal | None = None,
    discussion_score: Decimal | None = None,
    practical_score: Decimal | None = None,
) -> Attendee:
    """R-TRN-1: attendance and the four results, each 0–100; results need attendance."""
    require(actor, MANAGE, message=ONLY_MANAGERS)
    values = {
        "exam_score": exam_score,
        "assignment_score": assignment_score,
        "discussion_score": discussion_score,
        "practical_score": practical_score,
    }
    errors = {
        field: _("A score is between 0 and 100.")
        for field, value in values.items()
        if value is not None and not Decimal(0) <= Decimal(value) <= Decimal(100)
    }
    if errors:
        raise ValidationError(errors)
    if not attended and any(v is not None for v in values.values()):
        raise ValidationError({"attended": _("Only someone who attended can have results.")})
    for field, value in values.items():
        setattr(attendee, field, value)
    attendee.attended = attended
    attendee.score = attendee_score(values.values())
    attendee.recorded_by = actor
    attendee.save(update_fields=[*values, "attended", "score", "recorded_by", "updated_at"])
    return attendee


@transaction.atomic
def attendee_results_record(
    *, actor: User, session: TrainingSession, results: list[dict]
) -> list[Attendee]:
    """R-TRN-1: attendance and results of a session's attendees at once, all or nothing.
    Each of `results` names its `attendee` (of this session) and holds what
    `attendee_result_record` takes. A refusal carries the refused row's attendee as
    `error.attendee`, so the page can mark that row."""
    require(actor, MANAGE, message=ONLY_MANAGERS)
    recorded = []
    for row in results:
        attendee = row["attendee"]
        if attendee.session_id != session.pk:
            raise ValidationError(_("This person is not invited to this session."))
        fields = {name: value for name, value in row.items() if name != "attendee"}
        try:
            recorded.append(attendee_result_record(actor=actor, attendee=attendee, **fields))
        except ValidationError as error:
            error.attendee = attendee  # type: ignore[attr-defined]  # the page marks this row
            raise
    return recorded


@transaction.atomic
def attendee_rate(
    *, actor: User, attendee: Attendee, content_rating: int, trainer_rating: int
) -> Attendee:
    """R-TRN-1: an attendee rates the session's content and trainer, 1–5, once they came."""
    me = staff_of(actor)
    if me is None or me.pk != attendee.staff_id:
        raise PermissionDenied(_("Only the attendee can rate their session."))
    if not attendee.attended:
        raise ValidationError(_("Only someone who attended can rate the session."))
    errors = {
        field: _("A rating is from 1 to 5.")
        for field, value in (("content_rating", content_rating), ("trainer_rating", trainer_rating))
        if value is None or not 1 <= int(value) <= 5
    }
    if errors:
        raise ValidationError(errors)
    attendee.content_rating = int(content_rating)
    attendee.trainer_rating = int(trainer_rating)
    attendee.save(update_fields=["content_rating", "trainer_rating", "updated_at"])
    return attendee
