"""The core's own role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from .models import Role
from .registry import SETTINGS, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(
    Role.MANAGER,
    {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.view_staff_pay",
        "outreach.manage_reference",
        "outreach.manage_agencies",
    },
)
role_permissions_add(Role.SALES_MANAGER, {"outreach.view_all_staff"})
role_permissions_add(Role.LEADER, {"outreach.view_group_staff"})
role_permissions_add(
    Role.HR,
    {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.view_staff_pay",
        "outreach.manage_agencies",
    },
)
role_permissions_add(
    Role.ADMIN,
    {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.manage_reference",
        "outreach.manage_agencies",
    },
)

menu_items_add(
    SETTINGS,
    [
        MenuItem(
            10, _("Staff"), "staff-list", ("outreach.view_all_staff", "outreach.view_group_staff")
        ),
        MenuItem(20, _("Groups"), "group-list", ("outreach.manage_reference",)),
        MenuItem(30, _("Points"), "points-list", ("outreach.manage_reference",)),
        MenuItem(40, _("Work cities"), "cities-list", ("outreach.manage_reference",)),
        MenuItem(50, _("Agencies"), "agencies-list", ("outreach.manage_agencies",)),
        MenuItem(60, _("Monthly paid days"), "paid-days-list", ("outreach.manage_reference",)),
    ],
)
