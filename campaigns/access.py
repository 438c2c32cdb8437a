"""The campaigns app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import FIELD, TEAM, MenuItem, menu_items_add, role_permissions_add

# SPEC §3: managers see and approve everything here.
CAMPAIGN_MANAGER_PERMISSIONS = {
    "campaigns.view_campaigns",
    "campaigns.view_all_campaigns",
    "campaigns.manage_campaigns",
    "campaigns.approve_campaigns",
    "campaigns.use_field_plans",
    "campaigns.view_all_plans",
    "campaigns.approve_all_trips",
    "campaigns.view_all_claims",
    "campaigns.approve_all_claims",
    "campaigns.manage_market",
    "campaigns.view_library",
    "campaigns.manage_library",
}

role_permissions_add(Role.MANAGER, CAMPAIGN_MANAGER_PERMISSIONS)
role_permissions_add(
    Role.SALES_MANAGER,
    {
        "campaigns.view_campaigns",
        "campaigns.view_all_campaigns",
        "campaigns.manage_campaigns",
        "campaigns.view_all_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
        "campaigns.manage_library",
    },
)
role_permissions_add(
    Role.LEADER,
    {
        "campaigns.view_campaigns",
        "campaigns.manage_campaigns",
        "campaigns.use_field_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
    },
)
role_permissions_add(
    Role.CANVASSER,
    {
        "campaigns.view_campaigns",
        "campaigns.use_field_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
    },
)
role_permissions_add(Role.CONSULTANT, {"campaigns.view_campaigns", "campaigns.view_library"})
role_permissions_add(Role.HR, {"campaigns.view_all_claims"})

menu_items_add(
    FIELD,
    [
        MenuItem(30, _("Daily report"), "daily-report", ("campaigns.use_field_plans",)),
        MenuItem(
            50,
            _("Field plans"),
            "plan-list",
            ("campaigns.use_field_plans", "campaigns.view_all_plans"),
        ),
        MenuItem(
            60, _("Trips"), "trip-list", ("campaigns.use_field_plans", "campaigns.view_all_plans")
        ),
        MenuItem(
            70,
            _("Expense claims"),
            "claim-list",
            ("campaigns.use_field_plans", "campaigns.view_all_claims"),
        ),
        MenuItem(80, _("Market notes"), "market-list", ("campaigns.manage_market",)),
        MenuItem(90, _("Materials and scripts"), "library-list", ("campaigns.view_library",)),
    ],
)
menu_items_add(
    TEAM,
    [
        MenuItem(
            20,
            _("Daily reports"),
            "daily-report-list",
            ("campaigns.view_all_plans", "outreach.view_group_staff"),
        ),
        MenuItem(100, _("Campaigns"), "campaign-list", ("campaigns.view_campaigns",)),
    ],
)
