"""Payroll pages: pay policy versions and monthly targets (R-PAY-3)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, ListView

from outreach.dates import month_start, next_month_start, today
from outreach.guard import PermissionRequired
from outreach.models import Staff
from outreach.selectors import group_list
from outreach.views.mixins import SuccessMessageMixin

from . import services
from .forms import PayPolicyForm, TargetFilterForm, TargetRowForm
from .models import PayPolicy, TargetStatus
from .selectors import targets_for_month

TARGET_FIELDS = ("conversions", "visits", "deals")


class PolicyList(PermissionRequired, ListView):
    permission_required = ("payroll.manage_pay_policy",)
    template_name = "payroll/policy_list.html"

    def get_queryset(self):
        return PayPolicy.objects.all()


class PolicyCreate(PermissionRequired, SuccessMessageMixin, CreateView):
    permission_required = ("payroll.manage_pay_policy",)
    form_class = PayPolicyForm
    template_name = "form.html"
    success_url = reverse_lazy("pay-policy-list")
    success_text = gettext_lazy("Saved.")
    extra_context = {
        "title": gettext_lazy("New pay policy version"),
        "back": reverse_lazy("pay-policy-list"),
    }


def _month_members(group, first):
    """People in the group on at least one day of the month, by employee number."""
    end = next_month_start(first)
    return (
        Staff.objects.filter(
            memberships__group=group,
            memberships__valid_from__lt=end,
        )
        .exclude(memberships__valid_to__lt=first, memberships__group=group)
        .distinct()
        .order_by("employee_no")
    )


def _quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def _quarter_totals(first) -> dict:
    """(staff_id, group_id) → summed targets of the quarter's three months."""
    totals: dict = {}
    for month in (first, next_month_start(first), next_month_start(next_month_start(first))):
        for t in targets_for_month(month):
            key = (t.staff_id, t.group_id)
            row = totals.setdefault(key, dict.fromkeys(TARGET_FIELDS))
            for f in TARGET_FIELDS:
                if getattr(t, f):
                    row[f] = (row[f] or 0) + getattr(t, f)
    return totals


@require_http_methods(["GET", "POST"])
def target_board(request):
    """R-PAY-3: one screen to enter a whole group's targets for a month, or for a quarter
    (agreed at its start and broken into its three months)."""
    user = request.user
    quarter = request.GET.get("scope") == "quarter"
    can_propose = user.has_perm("payroll.propose_targets")
    can_approve = user.has_perm("payroll.approve_targets")
    if not (can_propose or can_approve):
        raise PermissionDenied
    groups = group_list().filter(is_active=True)
    chooser = TargetFilterForm(
        request.GET or None,
        groups=groups,
        initial={"month": month_start(today()), "group": groups.first()},
    )
    if chooser.is_bound and chooser.is_valid():
        first, group = month_start(chooser.cleaned_data["month"]), chooser.cleaned_data["group"]
    else:
        first, group = month_start(today()), groups.first()
    if group is None:
        return render(request, "payroll/target_board.html", {"chooser": chooser, "rows": []})
    if quarter:
        first = _quarter_start(first)
    people = list(_month_members(group, first))
    existing = targets_for_month(first)
    by_staff = {t.staff_id: t for t in existing if t.staff_id}
    group_target = next((t for t in existing if t.group_id == group.pk), None)
    flags = {"can_propose": can_propose, "can_approve": can_approve}
    sums = _quarter_totals(first) if quarter else {}

    def row_form(prefix, target, key=None):
        if quarter:
            initial = sums.get(key, {})
        else:
            initial = {f: getattr(target, f) for f in TARGET_FIELDS} if target else {}
        data = request.POST if request.method == "POST" else None
        return TargetRowForm(data, prefix=prefix, initial=initial, **flags)

    rows = [
        {
            "label": group,
            "form": row_form("g", group_target, (None, group.pk)),
            "target": group_target,
        }
    ]
    rows += [
        {
            "label": p,
            "staff": p,
            "form": row_form(f"s{p.pk}", by_staff.get(p.pk), (p.pk, None)),
            "target": by_staff.get(p.pk),
        }
        for p in people
    ]
    if request.method == "POST":
        if all(row["form"].is_valid() for row in rows):
            try:
                for row in rows:
                    values = {f: row["form"].cleaned_data.get(f) for f in TARGET_FIELDS}
                    owner = {"staff": row["staff"]} if "staff" in row else {"group": group}
                    if quarter:
                        services.targets_set_for_quarter(
                            actor=user, quarter_start=first, **owner, **values
                        )
                    else:
                        services.target_set(actor=user, month=first, **owner, **values)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Targets saved."))
                scope = "&scope=quarter" if quarter else ""
                return redirect(_board_url(first, group) + scope)
    context = {
        "chooser": chooser,
        "rows": rows,
        "month": first,
        "group": group,
        "quarter": quarter,
        "pending": [
            r["target"] for r in rows if r["target"] and r["target"].status == TargetStatus.PROPOSED
        ],
        **flags,
    }
    return render(request, "payroll/target_board.html", context)


@require_POST
def target_copy_last_month(request):
    if not (
        request.user.has_perm("payroll.propose_targets")
        or request.user.has_perm("payroll.approve_targets")
    ):
        raise PermissionDenied
    first, group = _chosen_month_and_group(request)
    if group is None:
        messages.error(request, _("Choose a month and a group."))
        return redirect("target-board")
    copied = services.targets_copy_from_last_month(
        actor=request.user, month=first, people=list(_month_members(group, first)), groups=[group]
    )
    messages.success(request, _("Copied %(n)s targets from last month.") % {"n": copied})
    return redirect(_board_url(first, group))


def _chosen_month_and_group(request):
    chooser = TargetFilterForm(request.POST, groups=group_list())
    if not chooser.is_valid():
        return None, None
    return month_start(chooser.cleaned_data["month"]), chooser.cleaned_data["group"]


def _board_url(first, group) -> str:
    return f"{reverse('target-board')}?month={first:%Y-%m}&group={group.pk}"


@require_POST
def target_approve_all(request):
    """The sales manager approves every proposed target shown on the board."""
    if not request.user.has_perm("payroll.approve_targets"):
        raise PermissionDenied
    first, group = _chosen_month_and_group(request)
    if group is None:
        messages.error(request, _("Choose a month and a group."))
        return redirect("target-board")
    proposed = targets_for_month(first).filter(status=TargetStatus.PROPOSED)
    people = _month_members(group, first)
    count = 0
    for target in proposed.filter(Q(group=group) | Q(staff__in=people)):
        services.target_approve(actor=request.user, target=target)
        count += 1
    messages.success(request, _("Approved %(n)s targets.") % {"n": count})
    return redirect(_board_url(first, group))
