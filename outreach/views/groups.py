"""Groups and dated membership (R-ROLE-5)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.guard import in_scope_or_404, permission_required
from outreach.refusals import show_refusal

from .. import services
from ..dates import today
from ..forms import GroupForm, MembershipEndForm, MembershipForm
from ..selectors import group_list, membership_list, memberships_on
from .kept_forms import form_refused, kept_form

MANAGE_REFERENCE = "outreach.manage_reference"


@permission_required(MANAGE_REFERENCE)
def group_list_view(request):
    day = today()
    current = memberships_on(day).select_related("staff")
    groups = list(group_list())
    by_group: dict[int, list] = {}
    for membership in current:
        by_group.setdefault(membership.group_id, []).append(membership)
    rows = [
        {
            "group": group,
            "leader": next((m.staff for m in by_group.get(group.pk, []) if m.is_leader), None),
            "size": len(by_group.get(group.pk, [])),
        }
        for group in groups
    ]
    return render(request, "outreach/group_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_REFERENCE)
def group_edit(request, pk: int | None = None):
    group = in_scope_or_404(group_list(), pk=pk) if pk else None
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        if group is None:
            group = services.group_create(actor=request.user, **form.cleaned_data)
        else:
            group = services.group_update(actor=request.user, group=group, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("group-detail", pk=group.pk)
    title = _("Edit %(group)s") % {"group": group} if group else _("New group")
    return render(
        request, "form.html", {"form": form, "title": title, "back": reverse("group-list")}
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_REFERENCE)
def group_detail(request, pk: int):
    group = in_scope_or_404(group_list(), pk=pk)
    form = MembershipForm(request.POST or None, initial={"valid_from": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_assign(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Membership saved."))
            return redirect("group-detail", pk=group.pk)
    memberships = list(membership_list(group=group))
    for m in memberships:  # a refused end date comes back on its row (issue 18 §8)
        if m.valid_to is None:
            m.end_form = kept_form(
                request,
                MembershipEndForm,
                reverse("membership-end", args=[m.pk]),
                initial={"valid_to": today()},
            )
    context = {
        "group": group,
        "form": form,
        "current": memberships_on(today()).filter(group=group).select_related("staff"),
        "memberships": memberships,
    }
    return render(request, "outreach/group_detail.html", context)


@require_POST
@permission_required(MANAGE_REFERENCE)
def membership_end(request, pk: int):
    membership = in_scope_or_404(membership_list(), pk=pk)
    form = MembershipEndForm(request.POST)
    back = reverse("group-detail", args=[membership.group_id])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.membership_end(actor=request.user, membership=membership, **form.cleaned_data)
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Membership ended."))
    return redirect(back)
