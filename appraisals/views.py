"""Appraisal pages (R-APR-4, R-APR-5): my appraisals, the leader's queue and form, the
manager's cycle page, HR's archive and export, career plans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from outreach.dates import today
from outreach.guard import can, in_scope_or_404, permission_required, require
from outreach.models import AccessLog
from outreach.refusals import show_refusal
from outreach.selectors import is_leader_of, staff_of
from outreach.services import access_log_write
from outreach.views.kept_forms import form_refused, kept_form

from . import selectors, services
from .exports import appraisal_workbook
from .forms import (
    AnswerForm,
    BonusBaseForm,
    CareerPlanForm,
    CareerTalkForm,
    EvaluationForm,
    ObjectionForm,
    ReviewForm,
    SelfAssessmentForm,
)
from .models import CycleState, Scoring

VIEW_ALL = "appraisals.view_all_appraisals"
MANAGE = "appraisals.manage_appraisals"
REVIEW = "appraisals.review_appraisals"
EVALUATE = "appraisals.evaluate_appraisals"


@require_GET
def my_appraisals(request):
    return render(
        request,
        "appraisals/mine.html",
        {"appraisals": selectors.my_appraisals(user=request.user)},
    )


def _detail(request, appraisal, *, self_form=None, objection_form=None, status=200):
    me = staff_of(request.user)
    mine = me is not None and me.pk == appraisal.staff_id
    cycle = appraisal.cycle
    return render(
        request,
        "appraisals/detail.html",
        {
            "appraisal": appraisal,
            "cycle": cycle,
            "scores": selectors.appraisal_scores(appraisal),
            "objections": selectors.appraisal_objections(appraisal),
            "mine": mine,
            "can_self": mine
            and cycle.state == CycleState.SELF_ASSESSMENT
            and appraisal.state != "evaluated",
            "can_object": mine and cycle.state == CycleState.PUBLISHED,
            "show_result": cycle.state in (CycleState.PUBLISHED, CycleState.ARCHIVED)
            or can(request.user, VIEW_ALL),
            "self_form": self_form
            or SelfAssessmentForm(
                initial={
                    "summary": appraisal.self_summary,
                    "improvements": appraisal.self_improvements,
                    "self_score": appraisal.self_score,
                }
            ),
            "objection_form": objection_form or ObjectionForm(),
        },
        status=status,
    )


@require_GET
def appraisal_detail(request, pk: int):
    return _detail(request, selectors.appraisal_get(user=request.user, pk=pk))


@require_POST
def appraisal_self(request, pk: int):
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.self_assessment_submit(
                actor=request.user,
                appraisal=appraisal,
                summary=form.cleaned_data["summary"],
                improvements=form.cleaned_data["improvements"],
                self_score=form.cleaned_data["self_score"],
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Self-assessment sent to your leader."))
            return redirect("appraisal-detail", pk=pk)
    return _detail(request, appraisal, self_form=form, status=400)


@require_POST
def appraisal_object(request, pk: int):
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_raise(
                actor=request.user, appraisal=appraisal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Objection sent; the manager will answer."))
            return redirect("appraisal-detail", pk=pk)
    return _detail(request, appraisal, objection_form=form, status=400)


@require_GET
@permission_required(EVALUATE, MANAGE)
def evaluation_queue(request):
    return render(
        request,
        "appraisals/queue.html",
        {"appraisals": selectors.evaluation_queue(user=request.user)},
    )


@permission_required(EVALUATE, MANAGE)
def appraisal_evaluate(request, pk: int):
    appraisal = selectors.appraisal_get(user=request.user, pk=pk)
    if not selectors.appraisal_evaluable(user=request.user, appraisal=appraisal):
        raise PermissionDenied
    indicators = selectors.rated_indicators(template_id=appraisal.cycle.template_id)
    current = {s.indicator_id: s for s in selectors.appraisal_scores(appraisal)}
    form = EvaluationForm(
        request.POST or None,
        indicators=indicators,
        initial_scores=current,
        initial={"comment": appraisal.leader_comment},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.leader_evaluate(
                    actor=request.user,
                    appraisal=appraisal,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("Evaluation saved."))
                return redirect("appraisal-queue")
        else:
            messages.error(request, _("Scores are numbers from 0 to 100; nothing was saved."))
    return render(
        request,
        "appraisals/evaluate.html",
        {
            "appraisal": appraisal,
            "form": form,
            "measured": [s for s in current.values() if s.indicator.scoring != Scoring.RATED],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@permission_required(VIEW_ALL)
def cycle_list(request):
    return render(request, "appraisals/cycle_list.html", {"cycles": selectors.cycle_list()})


@require_GET
@permission_required(VIEW_ALL)
def archive(request):
    return render(
        request,
        "appraisals/cycle_list.html",
        {"cycles": selectors.cycle_list().filter(state=CycleState.ARCHIVED), "archive": True},
    )


@require_GET
@permission_required(VIEW_ALL)
def cycle_detail(request, pk: int):
    cycle = selectors.cycle_get(user=request.user, pk=pk)
    objections = list(selectors.cycle_objections(cycle))
    for objection in objections:  # a refused answer comes back as typed (issue 18 §8)
        objection.answer_form = kept_form(
            request, AnswerForm, reverse("appraisal-objection-answer", args=[objection.pk])
        )
    return render(
        request,
        "appraisals/cycle.html",
        {
            "cycle": cycle,
            "progress": selectors.cycle_progress(cycle),
            "ranking": selectors.cycle_ranking(cycle),
            "distribution": selectors.cycle_distribution(cycle),
            "objections": objections,
            "bonus_form": kept_form(
                request,
                BonusBaseForm,
                reverse("appraisal-cycle-bonus", args=[pk]),
                initial={"bonus_base": cycle.bonus_base},
            ),
            "review_form": ReviewForm(),
            "can_manage": can(request.user, MANAGE),
            "can_review": can(request.user, REVIEW),
        },
    )


def _cycle_action(request, pk: int, perm: str, action, success: str):
    require(request.user, perm)
    cycle = selectors.cycle_get(user=request.user, pk=pk)
    try:
        action(cycle)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect("appraisal-cycle", pk=pk)


@require_POST
def cycle_advance(request, pk: int):
    return _cycle_action(
        request,
        pk,
        MANAGE,
        lambda c: services.appraisal_cycle_advance(actor=request.user, cycle=c),
        _("The cycle moved on."),
    )


@require_POST
@permission_required(MANAGE)  # before the form: 403, never a hint
def cycle_bonus_base(request, pk: int):
    cycle = selectors.cycle_get(user=request.user, pk=pk)
    form = BonusBaseForm(request.POST)
    back = reverse("appraisal-cycle", args=[pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.appraisal_cycle_bonus_base_set(
            actor=request.user, cycle=cycle, bonus_base=form.cleaned_data["bonus_base"]
        )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Bonus base saved."))
    return redirect(back)


@require_POST
def cycle_review(request, pk: int):
    """HR approves every evaluated appraisal, or returns the ones ticked."""
    form = ReviewForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") != "return"
    ids = request.POST.getlist("appraisal") if not approve else None

    def act(cycle):
        rows = cycle.appraisals.all() if approve else cycle.appraisals.filter(pk__in=ids or [])
        services.appraisal_review(
            actor=request.user,
            appraisals=list(rows),
            approve=approve,
            note=form.cleaned_data.get("note", ""),
        )

    return _cycle_action(request, pk, REVIEW, act, _("Review saved."))


@require_POST
def cycle_archive(request, pk: int):
    return _cycle_action(
        request,
        pk,
        REVIEW,
        lambda c: services.appraisal_cycle_archive(actor=request.user, cycle=c),
        _("The cycle is archived and locked."),
    )


@require_GET
@permission_required(REVIEW, MANAGE)
def cycle_export(request, pk: int):
    cycle = selectors.cycle_get(user=request.user, pk=pk)
    access_log_write(
        user=request.user, action=AccessLog.Action.EXPORT, target=f"appraisals {cycle}"
    )
    response = HttpResponse(
        appraisal_workbook(cycle),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="appraisals-{cycle.label}.xlsx"'
    return response


@require_POST
@permission_required(MANAGE)
def objection_answer(request, pk: int):
    objection = in_scope_or_404(selectors.objections_answerable(user=request.user), pk=pk)
    form = AnswerForm(request.POST)
    back = reverse("appraisal-cycle", args=[objection.appraisal.cycle_id])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.objection_answer(actor=request.user, objection=objection, **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Objection answered."))
    return redirect(back)


def _may_keep_plan(request, staff) -> bool:
    me = staff_of(request.user)
    return can(request.user, VIEW_ALL) or (
        me is not None and me.pk != staff.pk and is_leader_of(me, staff, today())
    )


def career_plan(request, pk: int):
    """R-APR-5: a person's career plan; they see it, their leader, managers and HR keep it."""
    staff = in_scope_or_404(selectors.appraisal_people(request.user), pk=pk)
    may_edit = _may_keep_plan(request, staff)
    plan_form = CareerPlanForm(request.POST or None, prefix="plan")
    talk_form = CareerTalkForm(None, prefix="talk")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if "talk-notes" in request.POST:
            talk_form = CareerTalkForm(request.POST, prefix="talk")
            if talk_form.is_valid():
                services.career_talk_add(actor=request.user, staff=staff, **talk_form.cleaned_data)
                messages.success(request, _("Talk recorded."))
                return redirect("career-plan", pk=pk)
        elif plan_form.is_valid():
            services.career_plan_save(actor=request.user, staff=staff, **plan_form.cleaned_data)
            messages.success(request, _("Career plan saved."))
            return redirect("career-plan", pk=pk)
    plan = selectors.career_plan_for(staff)
    if request.method != "POST" and plan:
        plan_form = CareerPlanForm(
            initial={"goals": plan.goals, "promotion_plan": plan.promotion_plan}, prefix="plan"
        )
    return render(
        request,
        "appraisals/career_plan.html",
        {
            "person": staff,
            "plan": plan,
            "may_edit": may_edit,
            "plan_form": plan_form,
            "talk_form": talk_form,
        },
    )
