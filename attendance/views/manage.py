"""Manager pages: record corrections (R-ATT-3), the rulebook's versions (R-FINE-3) and
roster change requests (R-ATT-2)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.guard import can, in_scope_or_404, permission_required
from outreach.refusals import show_refusal
from outreach.selectors import staff_of

from .. import selectors, services
from ..forms import CorrectionForm, RosterChangeForm, RulebookVersionForm, RuleForm


@permission_required("attendance.correct_attendance", "attendance.view_group_attendance")
def record_correct(request):
    """A manager corrects any record; a leader their group's missing sign-out."""
    people = selectors.attendance_staff(request.user).filter(leave_date__isnull=True)
    form = CorrectionForm(request.POST or None, people=people, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            services.day_record_correct(actor=staff_of(request.user), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Record corrected."))
            return redirect("attendance-group")
    return render(request, "form.html", {"form": form, "title": _("Correct a record")})


@permission_required("attendance.manage_rulebook")
def rulebook_new(request):
    """A new draft version, copied from the latest, to edit and then publish."""
    form = RulebookVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.rulebook_draft_create(**form.cleaned_data)
        messages.success(request, _("Draft created."))
        return redirect("rulebook-detail", pk=version.pk)
    return render(request, "form.html", {"form": form, "title": _("New rulebook version")})


@require_POST
@permission_required("attendance.manage_rulebook")
def rulebook_publish(request, pk):
    version = in_scope_or_404(selectors.rulebook_versions(user=request.user), pk=pk)
    try:
        services.rulebook_publish(version=version, actor=staff_of(request.user))
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Published."))
    return redirect("rulebook-detail", pk=pk)


@permission_required("attendance.manage_rulebook")
def rule_edit(request, pk):
    rules = selectors.rulebook_rules(user=request.user)
    rule = in_scope_or_404(rules, pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rulebook_rule_update(
                rule=in_scope_or_404(rules, pk=pk),  # unchanged by the form's cleaning
                **{f: form.cleaned_data[f] for f in RuleForm.Meta.fields},
            )
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("rulebook-detail", pk=rule.version_id)
    return render(
        request, "form.html", {"form": form, "title": f"{rule.rule_title} · {rule.version}"}
    )


def roster_change_list(request):
    changes = selectors.roster_change_list(user=request.user)[:100]
    me = staff_of(request.user)
    return render(
        request,
        "attendance/roster_changes.html",
        {
            "changes": changes,
            "me": me,
            "can_decide": can(request.user, "attendance.manage_roster"),
        },
    )


def roster_change_new(request):
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    form = RosterChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_change_request(staff=me, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Change requested; your leader must approve it."))
            return redirect("roster-change-list")
    return render(request, "form.html", {"form": form, "title": _("Ask for a roster change")})


@require_POST
@permission_required("attendance.manage_roster")
def roster_change_decide(request, pk):
    change = in_scope_or_404(selectors.roster_change_list(user=request.user), pk=pk)
    try:
        services.roster_change_decide(
            change=change,
            actor=staff_of(request.user),
            approve=request.POST.get("approve") == "1",
            changed_anyway=request.POST.get("changed_anyway") == "1",
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Decision saved."))
    return redirect("roster-change-list")
