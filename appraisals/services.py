"""R-APR-4: every appraisal write: the cycle's states, self-assessment, the leader's
evaluation, publication, objections, HR's review and the archive (then locked)."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from outreach.decisions import decision_refuse_own
from outreach.guard import require
from outreach.selectors import staff_of
from outreach.services import notification_create, notification_create_many

from .models import (
    Appraisal,
    AppraisalCycle,
    AppraisalState,
    CareerPlan,
    CareerTalk,
    CycleState,
    IndicatorScore,
    Objection,
    ObjectionStatus,
    Review,
)
from .results import cycle_results_compute
from .selectors import appraisal_evaluable, rated_indicators

NEXT_STATE = {
    CycleState.OPEN: CycleState.SELF_ASSESSMENT,
    CycleState.SELF_ASSESSMENT: CycleState.LEADER_EVALUATION,
    CycleState.LEADER_EVALUATION: CycleState.PUBLISHED,
}


def _locked_cycle(cycle_id: int) -> AppraisalCycle:
    """The cycle row locked for this write; refuse when it is archived (R-APR-4)."""
    cycle = AppraisalCycle.objects.select_for_update().select_related("template").get(pk=cycle_id)
    if cycle.is_locked:
        raise ValidationError(
            _("Cycle %(label)s is archived; nothing in it can change.") % {"label": cycle.label}
        )
    return cycle


def _locked_appraisal(appraisal_id: int) -> tuple[AppraisalCycle, Appraisal]:
    appraisal = Appraisal.objects.get(pk=appraisal_id)
    cycle = _locked_cycle(appraisal.cycle_id)
    return cycle, Appraisal.objects.select_for_update().select_related("staff").get(pk=appraisal_id)


@transaction.atomic
def appraisal_cycle_advance(*, actor: User, cycle: AppraisalCycle) -> AppraisalCycle:
    """open → self-assessment → leader evaluation → published (R-APR-1, R-APR-4).

    Publishing needs every appraisal evaluated; it computes the results and opens the
    objection period."""
    require(actor, "appraisals.manage_appraisals", message=_("Only a manager moves a cycle on."))
    cycle = _locked_cycle(cycle.pk)
    target = NEXT_STATE.get(cycle.state)
    if target is None:
        raise ValidationError(_("A published cycle is archived by HR."))
    if cycle.rolled_up_at is None:
        raise ValidationError(_("Roll the cycle up before opening it."))
    if target == CycleState.LEADER_EVALUATION:
        # People who did not send a self-assessment go to the leader anyway.
        cycle.appraisals.filter(state=AppraisalState.SELF).update(
            state=AppraisalState.LEADER, updated_at=timezone.now()
        )
    if target == CycleState.PUBLISHED:
        waiting = cycle.appraisals.exclude(state=AppraisalState.EVALUATED).count()
        if waiting:
            raise ValidationError(
                _("%(count)s appraisals are not evaluated yet; publish when all are.")
                % {"count": waiting}
            )
        cycle_results_compute(cycle)
        cycle.published_at = timezone.now()
        cycle.objection_deadline = cycle.published_at + timedelta(days=cycle.objection_days)
    cycle.state = target
    cycle.save(update_fields=["state", "published_at", "objection_deadline", "updated_at"])
    # Issue 21: an appraisal shows its cycle's state (and, once published, its result):
    # a client syncing by updated_since must see the move (a bulk update skips auto_now).
    cycle.appraisals.update(updated_at=timezone.now())
    transaction.on_commit(lambda: appraisal_forms_notify(cycle=cycle))
    return cycle


def appraisal_forms_notify(*, cycle: AppraisalCycle) -> int:
    """R-DASH notifications: when a cycle opens its self-assessment, each person gets
    "an appraisal form to fill"; when it moves to the leaders, each group's leader gets
    one per appraisal to evaluate. Idempotent (one per recipient, kind and appraisal)."""
    from outreach.selectors import group_of, leader_of

    sent = 0
    if cycle.state == CycleState.PUBLISHED:
        # Issue 20: the results are published (公示): everyone appraised, in one insert.
        return notification_create_many(
            recipients=list(cycle.appraisals.values_list("staff__user_id", flat=True)),
            kind="appraisal_published",
            message=_("The results of %(label)s are published: objections until %(deadline)s.")
            % {
                "label": cycle.label,
                "deadline": timezone.localtime(cycle.objection_deadline).strftime("%Y-%m-%d %H:%M"),
            },
            target=cycle,
            link=reverse("appraisal-mine"),
        )
    if cycle.state == CycleState.SELF_ASSESSMENT:
        for appraisal in cycle.appraisals.filter(state=AppraisalState.SELF).select_related(
            "staff__user"
        ):
            notification_create(
                recipient=appraisal.staff.user,
                kind="appraisal_self",
                message=_("Fill in your self-assessment for %(label)s.") % {"label": cycle.label},
                target=appraisal,
                # The form is on the appraisal page (the self URL only takes the POST).
                link=reverse("appraisal-detail", args=[appraisal.pk]) + "#self-assessment",
            )
            sent += 1
    elif cycle.state == CycleState.LEADER_EVALUATION:
        day = timezone.localdate()
        for appraisal in cycle.appraisals.filter(state=AppraisalState.LEADER).select_related(
            "staff", "group"
        ):
            group = appraisal.group or group_of(appraisal.staff, day)
            leader = leader_of(group, day) if group else None
            if leader is None or leader.pk == appraisal.staff_id:
                continue  # a manager evaluates it, from the evaluation queue
            notification_create(
                recipient=leader.user,
                kind="appraisal_evaluate",
                message=_("Evaluate %(name)s for %(label)s.")
                % {"name": appraisal.staff.name, "label": cycle.label},
                target=appraisal,
                link=reverse("appraisal-evaluate", args=[appraisal.pk]),
            )
            sent += 1
    return sent


@transaction.atomic
def appraisal_cycle_bonus_base_set(
    *, actor: User, cycle: AppraisalCycle, bonus_base: Decimal
) -> AppraisalCycle:
    """R-APR-5: the bonus base is set per cycle (no cap)."""
    require(actor, "appraisals.manage_appraisals", message=_("Only a manager sets the bonus base."))
    cycle = _locked_cycle(cycle.pk)
    if bonus_base is None or bonus_base < 0:
        raise ValidationError({"bonus_base": _("The bonus base is an amount of 0 or more.")})
    cycle.bonus_base = bonus_base
    cycle.save(update_fields=["bonus_base", "updated_at"])
    cycle_results_compute(cycle)
    return cycle


@transaction.atomic
def self_assessment_submit(
    *,
    actor: User,
    appraisal: Appraisal,
    summary: str,
    improvements: str,
    self_score: Decimal | None,
) -> Appraisal:
    """R-APR-4: the person fills their own self-assessment (自评表) while it is open."""
    cycle, appraisal = _locked_appraisal(appraisal.pk)
    me = staff_of(actor)
    if me is None or me.pk != appraisal.staff_id:
        raise PermissionDenied(_("A self-assessment is filled by the person themselves."))
    if cycle.state != CycleState.SELF_ASSESSMENT or appraisal.state == AppraisalState.EVALUATED:
        raise ValidationError(_("The self-assessment of this cycle is not open."))
    if self_score is not None and not Decimal(0) <= self_score <= Decimal(100):
        raise ValidationError({"self_score": _("A score is between 0 and 100.")})
    if not summary.strip():
        raise ValidationError({"self_summary": _("Say what you achieved in the period.")})
    appraisal.self_summary = summary
    appraisal.self_improvements = improvements
    appraisal.self_score = self_score
    appraisal.self_submitted_at = timezone.now()
    appraisal.state = AppraisalState.LEADER
    appraisal.save(
        update_fields=[
            "self_summary",
            "self_improvements",
            "self_score",
            "self_submitted_at",
            "state",
            "updated_at",
        ]
    )
    return appraisal


@transaction.atomic
def leader_evaluate(
    *,
    actor: User,
    appraisal: Appraisal,
    ratings: dict[int, tuple[Decimal, str]],
    comment: str,
) -> Appraisal:
    """R-APR-4: the leader scores each rated indicator 0–100 with a comment (评价表).

    In a published cycle only an appraisal returned by an upheld objection or by HR is
    evaluated again; its results (and everyone's ranks) are recomputed."""
    cycle, appraisal = _locked_appraisal(appraisal.pk)
    decision_refuse_own(actor=actor, requester=appraisal.staff)
    if not appraisal_evaluable(user=actor, appraisal=appraisal):
        raise PermissionDenied(_("You can only evaluate the people of the group you lead."))
    reopened = cycle.state == CycleState.PUBLISHED and appraisal.state == AppraisalState.LEADER
    if cycle.state != CycleState.LEADER_EVALUATION and not reopened:
        raise ValidationError(_("This appraisal is not open for evaluation."))
    rated = {i.pk: i for i in rated_indicators(template_id=cycle.template_id)}
    errors = []
    if set(ratings) != set(rated):
        errors.append(_("Score every rated indicator."))
    for indicator_id, (score, _comment) in ratings.items():
        if score is None or not Decimal(0) <= Decimal(score) <= Decimal(100):
            name = rated[indicator_id].name if indicator_id in rated else indicator_id
            errors.append(_("%(name)s: a score is between 0 and 100.") % {"name": _(str(name))})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for indicator_id, (score, note) in sorted(ratings.items()):
        # One row per rated indicator (one by default), saved so history keeps who rated.
        IndicatorScore.objects.update_or_create(
            appraisal=appraisal,
            indicator_id=indicator_id,
            defaults={"score": Decimal(score), "comment": note},
        )
    appraisal.leader_comment = comment
    appraisal.evaluated_by = staff_of(actor)
    appraisal.evaluated_at = now
    appraisal.state = AppraisalState.EVALUATED
    if appraisal.review == Review.RETURNED:
        appraisal.review = Review.PENDING
    appraisal.save(
        update_fields=[
            "leader_comment",
            "evaluated_by",
            "evaluated_at",
            "state",
            "review",
            "updated_at",
        ]
    )
    cycle_results_compute(cycle)
    return appraisal


@transaction.atomic
def objection_raise(*, actor: User, appraisal: Appraisal, reason: str) -> Objection:
    """R-APR-4: the person objects, with a reason, within the objection period."""
    cycle, appraisal = _locked_appraisal(appraisal.pk)
    me = staff_of(actor)
    if me is None or me.pk != appraisal.staff_id:
        raise PermissionDenied(_("Only the person appraised can object."))
    if cycle.state != CycleState.PUBLISHED or timezone.now() > cycle.objection_deadline:
        raise ValidationError(_("The objection period is over (or has not begun)."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the objection.")})
    if appraisal.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise ValidationError(_("Your objection is already waiting for an answer."))
    objection = Objection.objects.create(appraisal=appraisal, reason=reason)
    return objection


@transaction.atomic
def objection_answer(*, actor: User, objection: Objection, upheld: bool, answer: str) -> Objection:
    """R-APR-4: the manager answers; an upheld objection returns the appraisal to the
    leader."""
    require(actor, "appraisals.manage_appraisals", message=_("Only a manager answers objections."))
    cycle, appraisal = _locked_appraisal(objection.appraisal_id)
    decision_refuse_own(actor=actor, requester=appraisal.staff)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("This objection has been answered already."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the person will read.")})
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    if upheld:
        appraisal.state = AppraisalState.LEADER
        appraisal.save(update_fields=["state", "updated_at"])
    transaction.on_commit(
        lambda: notification_create(
            recipient=appraisal.staff.user,
            kind="appraisal_objection_answered",
            message=_("Your objection to appraisal %(label)s was answered.")
            % {"label": cycle.label},
            target=objection,
            link=reverse("appraisal-detail", args=[appraisal.pk]),
        )
    )
    return objection


@transaction.atomic
def appraisal_review(*, actor: User, appraisals, approve: bool, note: str = "") -> int:
    """R-APR-4: HR approves evaluated appraisals of a published cycle, or returns them to
    the leader with a note."""
    require(actor, "appraisals.review_appraisals", message=_("Only HR reviews appraisals."))
    ids = [a.pk for a in appraisals]
    me = staff_of(actor)
    if me is not None and Appraisal.objects.filter(pk__in=ids, staff=me).exists():
        decision_refuse_own(actor=me, requester=me)
    cycle_ids = set(Appraisal.objects.filter(pk__in=ids).values_list("cycle_id", flat=True))
    for cycle_id in cycle_ids:
        cycle = _locked_cycle(cycle_id)
        if cycle.state != CycleState.PUBLISHED:
            raise ValidationError(_("Only a published cycle is reviewed."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why it is returned.")})
    rows = list(Appraisal.objects.filter(pk__in=ids, state=AppraisalState.EVALUATED))
    for row in rows:
        row.review = Review.APPROVED if approve else Review.RETURNED
        row.review_note = note
        if not approve:
            row.state = AppraisalState.LEADER
        row.updated_at = timezone.now()
    # R-SYS-2: HR's decision is kept in the appraisals' history, in one statement per kind.
    bulk_update_with_history(
        rows,
        Appraisal,
        ["review", "review_note", "state", "updated_at"],
        default_user=actor,
        default_change_reason="HR review",
    )
    return len(rows)


@transaction.atomic
def appraisal_cycle_archive(*, actor: User, cycle: AppraisalCycle) -> AppraisalCycle:
    """R-APR-4: HR archives a published cycle once the objection period is over, no
    objection is open and every appraisal is evaluated and approved; then it is locked."""
    require(actor, "appraisals.review_appraisals", message=_("Only HR archives appraisals."))
    cycle = _locked_cycle(cycle.pk)
    if cycle.state != CycleState.PUBLISHED:
        raise ValidationError(_("Only a published cycle can be archived."))
    if Objection.objects.filter(appraisal__cycle=cycle, status=ObjectionStatus.OPEN).exists():
        raise ValidationError(_("An objection is still open; answer it before archiving."))
    if timezone.now() <= cycle.objection_deadline:
        raise ValidationError(
            _("The objection period runs until %(when)s.")
            % {"when": timezone.localtime(cycle.objection_deadline).strftime("%Y-%m-%d %H:%M")}
        )
    if cycle.appraisals.exclude(state=AppraisalState.EVALUATED, review=Review.APPROVED).exists():
        raise ValidationError(_("Every appraisal must be evaluated and approved first."))
    cycle_results_compute(cycle)
    cycle.state = CycleState.ARCHIVED
    cycle.archived_at = timezone.now()
    cycle.archived_by = actor
    cycle.save(update_fields=["state", "archived_at", "archived_by", "updated_at"])
    cycle.appraisals.update(updated_at=timezone.now())  # issue 21, as in advancing
    return cycle


@transaction.atomic
def career_plan_save(*, actor: User, staff, goals: str, promotion_plan: str) -> CareerPlan:
    """R-APR-5: a person's career plan, kept by their leader, a manager or HR."""
    plan, _created = CareerPlan.objects.update_or_create(
        staff=staff, defaults={"goals": goals, "promotion_plan": promotion_plan}
    )
    return plan


@transaction.atomic
def career_talk_add(*, actor: User, staff, held_on, notes: str) -> CareerTalk:
    if not notes.strip():
        raise ValidationError({"notes": _("Write what was discussed.")})
    plan, _created = CareerPlan.objects.get_or_create(staff=staff)
    return CareerTalk.objects.create(plan=plan, held_on=held_on, notes=notes, held_by=actor)
