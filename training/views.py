"""Training pages (R-TRN-1): calendar, plan, session, my training record."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from outreach.dates import month_param, month_start, next_month_start
from outreach.files import file_response
from outreach.guard import can, in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of, visible_staff
from outreach.views.kept_forms import form_refused, kept_data, kept_form

from . import selectors, services
from .forms import MaterialForm, PlanForm, PlanItemForm, RatingForm, ResultForm, SessionForm

MANAGE = "training.manage_training"


@require_GET
def calendar(request):
    month = month_param(request)
    after = next_month_start(month)
    sessions = selectors.session_list(user=request.user).filter(
        starts_at__date__gte=month, starts_at__date__lt=after
    )
    return render(
        request,
        "training/calendar.html",
        {
            "month": month,
            "previous": month_start(date.fromordinal(month.toordinal() - 1)),
            "next": after,
            "sessions": sessions.order_by("starts_at"),
            "can_manage": can(request.user, MANAGE),
        },
    )


def _render_session(request, session, *, material_form=None, rating_form=None, status=200):
    me = staff_of(request.user)
    attendees = list(selectors.session_attendees(user=request.user, session=session))
    mine = next((a for a in attendees if me and a.staff_id == me.pk), None)
    can_manage = can(request.user, MANAGE)
    # Refused results come back as typed, each row's checks beside its fields (issue 18 §8).
    kept = kept_data(request, reverse("training-session-results", args=[session.pk]))
    result_forms = [
        (
            a,
            ResultForm(
                kept,
                initial={"attendee": a.pk, "attended": a.attended}
                | {f: getattr(a, f) for f in a.RESULT_FIELDS},
                prefix=f"a{a.pk}",
            ),
        )
        for a in attendees
    ]
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "attendees": attendees,
            "result_forms": result_forms if can_manage else [],
            "mine": mine,
            "rating_form": rating_form
            or RatingForm(
                initial={
                    "content_rating": mine.content_rating,
                    "trainer_rating": mine.trainer_rating,
                }
                if mine
                else None
            ),
            "material_form": material_form or MaterialForm(),
            "materials": session.materials.all(),
            "can_manage": can_manage,
        },
        status=status,
    )


@require_GET
def session_detail(request, pk: int):
    return _render_session(request, selectors.session_get(user=request.user, pk=pk))


@require_GET
def material_file(request, pk: int):
    """Issue 17: a material, only through the scope of its session's page (404 outside)."""
    material = selectors.material_get(user=request.user, pk=pk)
    return file_response(request, material.file, download_name=material.title)


@permission_required(MANAGE)
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.training_session_create(
                actor=request.user,
                topic=data["topic"],
                trainer=data["trainer"],
                method=data["method"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                plan_item=data["plan_item"],
                attendees=data["attendees"],
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training-session", pk=session.pk)
    return render(request, "form.html", {"form": form, "title": _("New training session")})


@require_POST
@permission_required(MANAGE)
def session_results(request, pk: int):
    """R-TRN-1: record attendance and results for every attendee shown; all or nothing."""
    session = selectors.session_get(user=request.user, pk=pk)
    attendees = list(session.attendees.all())
    forms = [ResultForm(request.POST, prefix=f"a{a.pk}") for a in attendees]
    back = reverse("training-session", args=[pk])
    refused = [f for f in forms if not f.is_valid()]
    if refused:  # each row's checks mark its fields again on the page
        return form_refused(request, refused[0], back)
    results = [
        {
            "attendee": attendee,
            "attended": form.cleaned_data["attended"],
            **{f: form.cleaned_data[f] for f in attendee.RESULT_FIELDS},
        }
        for attendee, form in zip(attendees, forms, strict=True)
    ]
    try:
        services.attendee_results_record(actor=request.user, session=session, results=results)
    except ValidationError as error:
        row = getattr(error, "attendee", None)  # the row the service refused
        form = next((f for a, f in zip(attendees, forms, strict=True) if a == row), forms[-1])
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Results saved."))
    return redirect(back)


@require_POST
@permission_required(MANAGE)
def session_material(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_session(request, session, material_form=form, status=400)
    services.material_add(
        actor=request.user,
        session=session,
        title=form.cleaned_data["title"],
        file=form.cleaned_data["file"],
    )
    messages.success(request, _("Material added."))
    return redirect("training-session", pk=pk)


@require_POST
def session_rate(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    me = staff_of(request.user)
    attendee = in_scope_or_404(session.attendees, staff=me) if me else None
    if attendee is None:
        raise PermissionDenied
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.attendee_rate(actor=request.user, attendee=attendee, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("training-session", pk=pk)
    return _render_session(request, session, rating_form=form, status=400)


@require_GET
def my_record(request):
    me = staff_of(request.user)
    rows = selectors.training_record(user=request.user, staff_pk=me.pk) if me else []
    return render(request, "training/record.html", {"person": me, "rows": rows})


@require_GET
def person_record(request, pk: int):
    person = in_scope_or_404(visible_staff(request.user), pk=pk)
    rows = selectors.training_record(user=request.user, staff_pk=pk)
    return render(request, "training/record.html", {"person": person, "rows": rows})


@permission_required(MANAGE)
def plans(request):
    plan_form = PlanForm(request.POST or None, prefix="plan")
    if request.method == "POST" and "plan-year" in request.POST and plan_form.is_valid():
        services.training_plan_save(actor=request.user, **plan_form.cleaned_data)
        messages.success(request, _("Plan saved."))
        return redirect("training-plans")
    plans = list(selectors.plan_list())
    for plan in plans:  # a refused item comes back under its plan, as typed (issue 18 §8)
        plan.item_form = kept_form(
            request,
            PlanItemForm,
            reverse("training-plan-item-add", args=[plan.pk]),
            prefix="item",
        )
    return render(request, "training/plans.html", {"plans": plans, "plan_form": plan_form})


@require_POST
@permission_required(MANAGE)
def plan_item_add(request, pk: int):
    plan = in_scope_or_404(selectors.plan_list(), pk=pk)
    form = PlanItemForm(request.POST, prefix="item")
    if not form.is_valid():
        return form_refused(request, form, "training-plans")
    try:
        services.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, "training-plans", error=error)
    messages.success(request, _("Plan item added."))
    return redirect("training-plans")
