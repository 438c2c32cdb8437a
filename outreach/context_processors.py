"""The navigation each role sees; a link appears only where its page would not 403."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import staff_of, unread_notification_count

# The navbar's menus by area, each item (label, url name, permission needed or None for
# everyone logged in). A menu shows when at least one of its items does.
MENUS = [
    (
        _("Field"),
        [
            (_("Check in"), "attendance-checkin", None),
            (_("Register a lead"), "lead-register", ("clients.register_lead",)),
            (_("Daily report"), "daily-report", ("campaigns.use_field_plans",)),
            (_("My attendance"), "attendance-my", None),
            (
                _("Field plans"),
                "plan-list",
                ("campaigns.use_field_plans", "campaigns.view_all_plans"),
            ),
            (_("Trips"), "trip-list", ("campaigns.use_field_plans", "campaigns.view_all_plans")),
            (
                _("Expense claims"),
                "claim-list",
                ("campaigns.use_field_plans", "campaigns.view_all_claims"),
            ),
            (_("Market notes"), "market-list", ("campaigns.manage_market",)),
            (_("Materials and scripts"), "library-list", ("campaigns.view_library",)),
        ],
    ),
    (
        _("Clients"),
        [
            (_("Leads"), "lead-list", ("clients.view_clients",)),
            (_("Clients"), "client-list", ("clients.view_clients",)),
            (_("Shared pool"), "pool-list", ("clients.register_lead", "clients.manage_leads")),
            (_("Client care"), "client-care", ("clients.view_clients",)),
            (_("Reception"), "reception", ("clients.run_reception",)),
            (_("My receptions"), "visit-mine", ("clients.confirm_visit",)),
            (
                _("Inbound calls"),
                "inbound-call-list",
                ("clients.run_reception", "clients.manage_leads"),
            ),
            (_("Takeovers"), "lead-takeover-list", ("clients.manage_leads",)),
            (_("Complaints"), "complaint-list", ("clients.handle_complaints",)),
            (_("Fake registrations"), "lead-fake-signals", ("clients.manage_leads",)),
            (
                _("Lead rules"),
                "rules-lead-policy",
                ("clients.manage_leads", "outreach.manage_reference"),
            ),
        ],
    ),
    (
        _("Team"),
        [
            (_("Group today"), "attendance-group", ("attendance.view_group_attendance",)),
            (
                _("Daily reports"),
                "daily-report-list",
                ("campaigns.view_all_plans", "outreach.view_group_staff"),
            ),
            (_("Roster"), "roster-week", ("attendance.manage_roster",)),
            (_("Violations"), "violation-list", None),
            (_("Leave"), "leave-list", None),
            (_("Inspections"), "inspection-list", ("attendance.inspect_points",)),
            (_("Attendance summary"), "attendance-summary", ("attendance.view_all_attendance",)),
            (_("Discipline"), "discipline-list", ("attendance.manage_discipline",)),
            (_("Rulebook"), "rulebook-list", None),
            (_("Campaigns"), "campaign-list", ("campaigns.view_campaigns",)),
            (_("Training"), "training-calendar", None),
        ],
    ),
    (
        _("Pay"),
        [
            (_("My pay this month"), "pay-estimate", None),
            (_("My payslips"), "payslip-list", None),
            (_("My appraisals"), "appraisal-mine", None),
            (_("Payroll"), "payroll-run-list", ("payroll.view_all_payslips",)),
            (_("Targets"), "target-board", ("payroll.propose_targets", "payroll.approve_targets")),
            (
                _("Evaluations"),
                "appraisal-queue",
                ("appraisals.evaluate_appraisals", "appraisals.manage_appraisals"),
            ),
            (_("Appraisal cycles"), "appraisal-cycle-list", ("appraisals.view_all_appraisals",)),
            (_("Pay policy"), "pay-policy-list", ("payroll.manage_pay_policy",)),
        ],
    ),
    (
        _("Settings"),
        [
            (_("Staff"), "staff-list", ("outreach.view_all_staff", "outreach.view_group_staff")),
            (_("Groups"), "group-list", ("outreach.manage_reference",)),
            (_("Points"), "points-list", ("outreach.manage_reference",)),
            (_("Work cities"), "cities-list", ("outreach.manage_reference",)),
            (_("Agencies"), "agencies-list", ("outreach.manage_agencies",)),
            (_("Monthly paid days"), "paid-days-list", ("outreach.manage_reference",)),
        ],
    ),
]
# Every item, flat (the home link first), for pages that list them all.
NAVIGATION = [(_("Home"), "home", None)] + [item for _menu, items in MENUS for item in items]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "me": None}

    def allowed(perms) -> bool:
        return perms is None or any(user.has_perm(p) for p in perms)

    menus = []
    for menu_label, entries in MENUS:
        items = [
            {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
            for label, name, perms in entries
            if allowed(perms)
        ]
        if items:
            menus.append(
                {"label": menu_label, "items": items, "active": any(i["active"] for i in items)}
            )
    return {
        "nav_menus": menus,
        "nav_items": [item for menu in menus for item in menu["items"]],
        "me": staff_of(user),
        "unread_notifications": unread_notification_count(user=user),
    }
