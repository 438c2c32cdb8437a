"""Violations (record from a phone, list, detail, waive / reduce, appeal) and the
rulebook (read, acknowledge)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.selectors import lead_scope
from outreach.guard import can, in_scope_or_404, permission_required
from outreach.history import history_entries
from outreach.refusals import show_refusal
from outreach.selectors import staff_of
from outreach.views.kept_forms import form_refused, kept_form

from .. import selectors, services
from ..forms import AdjustForm, ReasonForm, ViolationForm
from ..models import Violation

MANUAL_CODES = [
    "DRESS",
    "CONDUCT",
    "ATT-PROXY",
    "ROSTER",
    "POST-LEAVE",
    "ATTITUDE",
    "MATERIAL",
    "FAKE-LEAD",
    "ATT-LATE",
]


def violation_list(request):
    qs = selectors.violation_list(user=request.user)
    code = request.GET.get("code")
    if code:
        qs = qs.filter(code=code)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "attendance/violation_list.html", {"page_obj": page, "code": code})


def violation_detail(request, pk):
    violation = selectors.violation_get(user=request.user, pk=pk)
    me = staff_of(request.user)
    return render(
        request,
        "attendance/violation_detail.html",
        {
            "v": violation,
            "history_entries": history_entries(
                violation.history.select_related("history_user").order_by("-history_date")[:20]
            ),
            "can_appeal": me and me.pk == violation.staff_id and not violation.appeal,
            "can_adjust": can(request.user, "attendance.adjust_violation")
            and violation.state == Violation.State.ACTIVE,
            "appeal_form": kept_form(request, ReasonForm, reverse("violation-appeal", args=[pk])),
            "adjust_form": kept_form(request, AdjustForm, reverse("violation-adjust", args=[pk])),
        },
    )


def _id_param(value) -> int | None:
    """A positive id from the address, or None for anything else (never a 500)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) <= 9 and int(text) > 0 else None


def _prefill(request, *, people, codes) -> tuple[dict, object]:
    """R-LEAD-7: the evidence page (clients' fake-registration signals) opens the form
    with ?staff=&lead=&code=. Each is checked against the user's scope: a person outside
    the groups they may record for, a lead they may not see or a code not in the form is
    left out, as is a malformed value."""
    initial = {"occurred_at": timezone.localtime()}
    staff_id = _id_param(request.GET.get("staff"))
    if staff_id is not None and people.filter(pk=staff_id).exists():
        initial["staff"] = staff_id
    code = request.GET.get("code")
    if code in dict(codes):
        initial["code"] = code
    lead = None
    lead_id = _id_param(request.GET.get("lead"))
    if lead_id is not None:
        lead = lead_scope(request.user).filter(pk=lead_id).select_related("client").first()
    if lead is not None:
        initial["lead_ref"] = f"#{lead.pk}"  # the form _fake_lead_consequences reads
    return initial, lead


@permission_required("attendance.record_violation")
def violation_new(request):
    """Record a violation from a phone (leaders for their group, managers for anyone)."""
    me = staff_of(request.user)
    version = selectors.rulebook_current()
    rules = {r.code: r for r in version.rules.all()} if version else {}
    codes = [(c, _rule_choice(rules[c])) for c in MANUAL_CODES if c in rules]
    people = (
        selectors.attendance_staff(request.user)
        .filter(leave_date__isnull=True)
        .exclude(pk=me.pk if me else None)
    )
    initial, lead = _prefill(request, people=people, codes=codes)
    form = ViolationForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        codes=codes,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            violation = services.violation_record(recorded_by=me, **data)
        except ValidationError as error:
            show_refusal(request, error, form=form)
        else:
            messages.success(request, _("Violation recorded."))
            return redirect("violation-detail", pk=violation.pk)
    return render(request, "attendance/violation_form.html", {"form": form, "lead": lead})


@require_POST
def violation_appeal(request, pk):
    violation = in_scope_or_404(selectors.violation_list(user=request.user), pk=pk)
    form = ReasonForm(request.POST)
    back = reverse("violation-detail", args=[pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.violation_appeal(
            violation=violation, actor=staff_of(request.user), reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Appeal sent to the manager."))
    return redirect(back)


@require_POST
@permission_required("attendance.adjust_violation")
def violation_adjust(request, pk):
    violation = in_scope_or_404(selectors.violation_list(user=request.user), pk=pk)
    form = AdjustForm(request.POST)
    back = reverse("violation-detail", args=[pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    me = staff_of(request.user)
    data = form.cleaned_data
    try:
        if data["action"] == "waive":
            services.violation_waive(
                violation=violation, actor=me, reason=data["reason"], keep_joint=data["keep_joint"]
            )
        else:
            if data["new_amount"] is None:
                raise ValidationError({"new_amount": _("Give the new amount.")})
            services.violation_reduce(
                violation=violation,
                actor=me,
                new_amount=data["new_amount"],
                reason=data["reason"],
                leader_amount=data["leader_amount"],
            )
    except ValidationError as error:
        return form_refused(request, form, back, error=error)
    messages.success(request, _("Fine updated."))
    return redirect(back)


def rulebook_list(request):
    versions = selectors.rulebook_versions(user=request.user)
    return render(request, "attendance/rulebook_list.html", {"versions": versions})


def rulebook_detail(request, pk):
    version = in_scope_or_404(selectors.rulebook_versions(user=request.user), pk=pk)
    me = staff_of(request.user)
    ack = me and version.acknowledgements.filter(staff=me).first()
    return render(
        request,
        "attendance/rulebook_detail.html",
        {
            "version": version,
            "rules": version.rules.order_by("code"),
            "ack": ack,
            "ack_count": version.acknowledgements.count(),
        },
    )


@require_POST
def rulebook_acknowledge(request, pk):
    version = in_scope_or_404(
        selectors.rulebook_versions(user=request.user).filter(published_at__isnull=False), pk=pk
    )
    me = staff_of(request.user)
    if me is None:
        raise PermissionDenied
    services.rulebook_acknowledge(version=version, actor=me)
    messages.success(request, _("You acknowledged %(v)s.") % {"v": version})
    return redirect("rulebook-detail", pk=pk)


def _rule_choice(rule) -> str:
    """Issue 18: a rule is chosen by its name; its description follows when it says more."""
    if rule.rule_name == rule.description:
        return rule.rule_title
    return f"{rule.rule_title} · {rule.description}"
