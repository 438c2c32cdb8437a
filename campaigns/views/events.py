"""Campaign pages (R-CAM-1…3): list, calendar, detail, edit, status, budget, checklist."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outreach.dates import month_param, month_start, next_month_start, today
from outreach.guard import can, permission_required
from outreach.pagination import paginate
from outreach.redirects import safe_next
from outreach.selectors import staff_of
from outreach.views.kept_forms import kept_form

from .. import services
from ..filters import CampaignFilter
from ..forms import (
    AttachmentForm,
    BudgetActualForm,
    BudgetLineForm,
    CampaignForm,
    LessonsForm,
    PrepTaskForm,
    TransitionForm,
)
from ..models import BudgetLine, CampaignStatus
from ..selectors import (
    budget_line_get,
    campaign_budget,
    campaign_calendar,
    campaign_get,
    campaign_list,
    campaign_owners,
    campaign_results,
    campaign_staff_choices,
    open_prep_tasks,
    overdue_prep_tasks,
    prep_task_get,
    with_budget_totals,
)
from ..services.events import APPROVER_MOVES, TRANSITIONS
from .common import form_errors, form_page, post_action

RESULT_STATUSES = {CampaignStatus.RUNNING, CampaignStatus.FINISHED, CampaignStatus.REVIEWED}


# Campaign pages are for the sales side; HR and the admin see none (R-ROLE-1).
VIEW_CAMPAIGNS = "campaigns.view_campaigns"


@require_GET
@permission_required(VIEW_CAMPAIGNS)
def campaign_list_view(request):
    visible = campaign_list(user=request.user)
    # The totals' GROUP BY drops the model's default ordering: restate it.
    campaigns = with_budget_totals(visible).order_by("-starts_at", "-pk")
    campaign_filter = CampaignFilter(request.GET, queryset=campaigns)
    campaign_filter.form.fields["owner"].queryset = campaign_owners(user=request.user)
    page = paginate(request, campaign_filter.qs)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "filter": campaign_filter,
            "page": page,
            "can_create": can(request.user, "campaigns.manage_campaigns"),
        },
    )


@require_GET
@permission_required(VIEW_CAMPAIGNS)
def campaign_calendar_view(request):
    """R-CAM-1: the month's campaigns on a calendar (?month=YYYY-MM)."""
    first = month_param(request)
    weeks = campaign_calendar(user=request.user, month=first)
    previous = month_start(first - timedelta(days=1))
    return render(
        request,
        "campaigns/campaign_calendar.html",
        {
            "weeks": weeks,
            "month": first,
            "previous": previous,
            "next": next_month_start(first),
        },
    )


def _staff_choices():
    return campaign_staff_choices()


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.manage_campaigns")
def campaign_create_view(request):
    me = staff_of(request.user)
    form = CampaignForm(request.POST or None, staff_choices=_staff_choices(), initial={"owner": me})

    def save(data):
        return services.campaign_create(actor=request.user, **data)

    return form_page(
        request,
        form,
        title=_("New campaign"),
        back=reverse("campaign-list"),
        save=save,
        success=_("Campaign created with its default checklist."),
        success_url=lambda c: reverse("campaign-detail", args=[c.pk]),
    )


@require_http_methods(["GET", "POST"])
def campaign_edit_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    if not services.can_run(request.user, campaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign, staff_choices=_staff_choices())

    def save(data):
        participants = data.pop("participants")
        return services.campaign_update(
            actor=request.user, campaign=campaign, participants=participants, **data
        )

    url = reverse("campaign-detail", args=[campaign.pk])
    return form_page(
        request,
        form,
        title=_("Edit campaign"),
        back=url,
        save=save,
        success=_("Saved."),
        success_url=url,
    )


@require_GET
def campaign_detail_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    user = request.user
    can_run = services.can_run(user, campaign)
    moves = [
        {"status": to, "label": CampaignStatus(to).label}
        for to in TRANSITIONS[campaign.status]
        if (
            can(user, "campaigns.approve_campaigns")
            if (campaign.status, to) in APPROVER_MOVES
            else can_run
        )
    ]
    budget = campaign_budget(campaign)
    for line in budget.lines:  # a refused actual comes back on its line (issue 18 §8)
        line.actual_form = kept_form(
            request, BudgetActualForm, reverse("budget-line-actual", args=[line.pk])
        )
    context = {
        "campaign": campaign,
        "participants": campaign.participants.order_by("employee_no"),
        "budget": budget,
        "tasks": campaign.tasks.select_related("owner"),
        "transitions": campaign.transitions.select_related("actor"),
        "moves": moves,
        "can_run": can_run,
        "me": staff_of(user),
        "today": today(),
        # A refused form comes back with what was typed (issue 18 §8).
        "budget_form": kept_form(
            request, BudgetLineForm, reverse("campaign-budget-add", args=[campaign.pk])
        ),
        "task_form": kept_form(
            request,
            PrepTaskForm,
            reverse("campaign-task-add", args=[campaign.pk]),
            initial={"owner": campaign.owner_id},
        ),
        "lessons_form": kept_form(
            request, LessonsForm, reverse("campaign-lessons", args=[campaign.pk]), instance=campaign
        ),
        "closed": campaign.status in (CampaignStatus.REVIEWED, CampaignStatus.CANCELLED),
        "market_notes": campaign.market_notes.all()[:10],
    }
    # R-CAM-4/5: the guest list, the door page, and the measured results once it runs.
    context["can_work"] = services.can_work_event(user, campaign)
    context["attachments"] = campaign.attachments.all()
    context["attachment_form"] = kept_form(
        request, AttachmentForm, reverse("campaign-attachment-add", args=[campaign.pk])
    )
    if campaign.status in RESULT_STATUSES:
        results = campaign_results(campaign)
        context["results"] = results
        context["funnel"] = results.funnel
    return render(request, "campaigns/campaign_detail.html", context)


@require_POST
def campaign_transition_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    url = reverse("campaign-detail", args=[campaign.pk])
    if not form.is_valid():
        return post_action(request, lambda: None, success="", back=url)
    return post_action(
        request,
        lambda: services.campaign_transition(
            actor=request.user,
            campaign=campaign,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        ),
        success=_("Status changed."),
        back=url,
    )


@require_POST
def campaign_lessons_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = LessonsForm(request.POST)
    url = reverse("campaign-detail", args=[campaign.pk])
    form.is_valid()
    return post_action(
        request,
        lambda: services.campaign_update(
            actor=request.user, campaign=campaign, lessons=form.cleaned_data.get("lessons", "")
        ),
        success=_("Saved."),
        back=url,
        form=form,
    )


@require_POST
def campaign_budget_add_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = BudgetLineForm(request.POST)
    url = reverse("campaign-detail", args=[campaign.pk]) + "#budget"
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.budget_line_add(
            actor=request.user, campaign=campaign, **form.cleaned_data
        ),
        form=form,
        success=_("Budget line added."),
        back=url,
    )


def _line(request, pk: int) -> BudgetLine:
    return budget_line_get(user=request.user, pk=pk)  # 404 outside the user's scope


@require_POST
def budget_line_actual_view(request, pk: int):
    line = _line(request, pk)
    form = BudgetActualForm(request.POST)
    url = reverse("campaign-detail", args=[line.campaign_id]) + "#budget"
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.budget_line_record_actual(
            actor=request.user, line=line, actual=form.cleaned_data["actual"]
        ),
        form=form,
        success=_("Actual spend recorded."),
        back=url,
    )


@require_POST
def budget_line_cancel_view(request, pk: int):
    line = _line(request, pk)
    url = reverse("campaign-detail", args=[line.campaign_id]) + "#budget"
    return post_action(
        request,
        lambda: services.budget_line_cancel(actor=request.user, line=line),
        success=_("Budget line cancelled."),
        back=url,
    )


@require_POST
def campaign_task_add_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = PrepTaskForm(request.POST)
    url = reverse("campaign-detail", args=[campaign.pk]) + "#tasks"
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.prep_task_add(actor=request.user, campaign=campaign, **form.cleaned_data),
        form=form,
        success=_("Task added."),
        back=url,
    )


@require_POST
def prep_task_done_view(request, pk: int):
    task = prep_task_get(user=request.user, pk=pk)
    done = request.POST.get("done", "1") == "1"
    back = safe_next(request, reverse("campaign-detail", args=[task.campaign_id]))
    return post_action(
        request,
        lambda: services.prep_task_set_done(actor=request.user, task=task, done=done),
        success=_("Task updated."),
        back=back,
    )


@require_GET
def my_tasks_view(request):
    """R-CAM-3: my open preparation tasks, overdue ones first."""
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    overdue = overdue_prep_tasks(me)
    open_tasks = open_prep_tasks(me).filter(due_date__gte=today())
    return render(
        request, "campaigns/my_tasks.html", {"overdue": overdue, "open_tasks": open_tasks}
    )
