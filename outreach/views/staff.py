"""Staff management (R-ROLE-3): list, create, edit, deactivate, wage schemes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import can, permission_required
from outreach.refusals import show_refusal

from .. import services
from ..dates import today
from ..filters import StaffFilter
from ..forms import StaffCreateForm, StaffDeactivateForm, StaffForm, WageSchemeForm
from ..history import history_entries
from ..models import WageScheme
from ..pagination import paginate
from ..selectors import can_see_pay, membership_of, staff_get, staff_list, staff_of
from .kept_forms import form_refused, kept_form


@permission_required("outreach.view_all_staff", "outreach.view_group_staff")
def staff_list_view(request):
    staff_filter = StaffFilter(request.GET, queryset=staff_list(user=request.user))
    page = paginate(request, staff_filter.qs)
    return render(request, "outreach/staff_list.html", {"filter": staff_filter, "page": page})


def staff_detail(request, pk: int):
    staff = staff_get(user=request.user, pk=pk)
    show_pay = can_see_pay(request.user, staff)
    context = {
        "staff": staff,
        "show_pay": show_pay,
        "wage_schemes": WageScheme.objects.filter(staff=staff) if show_pay else [],
        "membership": membership_of(staff, today()),
        "memberships": staff.memberships.select_related("group").order_by("-valid_from"),
        "history_entries": history_entries(
            staff.history.select_related("history_user").order_by("-history_date")[:20]
        ),
        "can_manage": can(request.user, "outreach.manage_staff"),
        # A refused form comes back with what was typed (issue 18 §8).
        "deactivate_form": kept_form(
            request,
            StaffDeactivateForm,
            reverse("staff-deactivate", args=[pk]),
            initial={"leave_date": today()},
        ),
        "wage_form": kept_form(
            request,
            WageSchemeForm,
            reverse("staff-wage", args=[pk]),
            initial={"effective_from": today().replace(day=1)},
        ),
    }
    return render(request, "outreach/staff_detail.html", context)


def my_profile(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    return redirect("staff-detail", pk=me.pk)


@require_http_methods(["GET", "POST"])
@permission_required("outreach.manage_staff")
def staff_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wage = (
            services.WageInput(kind=data["wage_kind"], amount=data["wage_amount"])
            if data["wage_kind"]
            else None
        )
        try:
            staff = services.staff_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                wage=wage,
                **{name: data[name] for name in StaffForm.Meta.fields},
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Created %(staff)s.") % {"staff": staff})
            return redirect("staff-detail", pk=staff.pk)
    return render(
        request,
        "form.html",
        {"form": form, "title": _("New staff member"), "back": reverse("staff-list")},
    )


@require_http_methods(["GET", "POST"])
@permission_required("outreach.manage_staff")
def staff_edit(request, pk: int):
    staff = staff_get(user=request.user, pk=pk)
    form = StaffForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in StaffForm.Meta.fields}
        services.staff_update(actor=request.user, staff=staff, **fields)
        messages.success(request, _("Saved."))
        return redirect("staff-detail", pk=staff.pk)
    return render(
        request,
        "form.html",
        {"form": form, "title": _("Edit %(staff)s") % {"staff": staff}, "back": staff_url(staff)},
    )


def staff_url(staff) -> str:
    return reverse("staff-detail", args=[staff.pk])


@require_POST
@permission_required("outreach.manage_staff")
def staff_deactivate(request, pk: int):
    staff = staff_get(user=request.user, pk=pk)
    form = StaffDeactivateForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, staff_url(staff))
    try:
        services.staff_deactivate(
            actor=request.user, staff=staff, leave_date=form.cleaned_data["leave_date"]
        )
    except ValidationError as error:
        return form_refused(request, form, staff_url(staff), error=error)
    messages.success(
        request, _("%(staff)s is deactivated; their sessions are ended.") % {"staff": staff}
    )
    return redirect(staff_url(staff))


@require_POST
@permission_required("outreach.manage_staff")
def staff_reactivate(request, pk: int):
    staff = staff_get(user=request.user, pk=pk)
    services.staff_reactivate(actor=request.user, staff=staff)
    messages.success(request, _("%(staff)s can log in again.") % {"staff": staff})
    return redirect(staff_url(staff))


@require_POST
@permission_required("outreach.manage_staff")
@permission_required("outreach.view_staff_pay")
def wage_scheme_add(request, pk: int):
    staff = staff_get(user=request.user, pk=pk)
    form = WageSchemeForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, staff_url(staff))
    try:
        services.wage_scheme_set(actor=request.user, staff=staff, **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, staff_url(staff), error=error)
    messages.success(request, _("Wage scheme saved."))
    return redirect(staff_url(staff))
