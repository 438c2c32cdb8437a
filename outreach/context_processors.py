"""The navigation each role sees; a link appears only where its page would not 403."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import staff_of

# (label, url name, permission needed or None for everyone logged in)
NAVIGATION = [
    (_("Home"), "home", None),
    (_("Staff"), "staff-list", ("outreach.view_all_staff", "outreach.view_group_staff")),
    (_("Groups"), "group-list", ("outreach.manage_reference",)),
    (_("Points"), "points-list", ("outreach.manage_reference",)),
    (_("Work cities"), "cities-list", ("outreach.manage_reference",)),
    (_("Agencies"), "agencies-list", ("outreach.manage_agencies",)),
    (_("Monthly paid days"), "paid-days-list", ("outreach.manage_reference",)),
    (_("Payroll"), "payroll-run-list", ("payroll.view_all_payslips",)),
    (_("My payslips"), "payslip-list", None),
    (_("Targets"), "target-board", ("payroll.propose_targets", "payroll.approve_targets")),
    (_("Pay policy"), "pay-policy-list", ("payroll.manage_pay_policy",)),
    (_("Training"), "training-calendar", None),
    (_("My appraisals"), "appraisal-mine", None),
    (
        _("Evaluations"),
        "appraisal-queue",
        ("payroll.evaluate_appraisals", "payroll.manage_appraisals"),
    ),
    (_("Appraisal cycles"), "appraisal-cycle-list", ("payroll.view_all_appraisals",)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "me": None}
    items = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, perms in NAVIGATION
        if perms is None or any(user.has_perm(p) for p in perms)
    ]
    return {"nav_items": items, "me": staff_of(user)}
