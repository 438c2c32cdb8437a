"""The attendance app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import FIELD, TEAM, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(
    Role.MANAGER,
    {
        "attendance.view_all_attendance",
        "attendance.correct_attendance",
        "attendance.manage_roster",
        "attendance.inspect_points",
        "attendance.record_violation",
        "attendance.adjust_violation",
        "attendance.manage_rulebook",
        "attendance.approve_late_leave",
        "attendance.manage_discipline",
    },
)
role_permissions_add(
    Role.LEADER,
    {
        "attendance.view_group_attendance",
        "attendance.manage_roster",
        "attendance.inspect_points",
        "attendance.record_violation",
    },
)
role_permissions_add(Role.HR, {"attendance.view_all_attendance"})

menu_items_add(
    FIELD,
    [
        MenuItem(10, _("Check in"), "attendance-checkin"),
        MenuItem(40, _("My attendance"), "attendance-my"),
    ],
)
menu_items_add(
    TEAM,
    [
        MenuItem(10, _("Group today"), "attendance-group", ("attendance.view_group_attendance",)),
        MenuItem(30, _("Roster"), "roster-week", ("attendance.manage_roster",)),
        MenuItem(40, _("Violations"), "violation-list"),
        MenuItem(50, _("Leave"), "leave-list"),
        MenuItem(60, _("Inspections"), "inspection-list", ("attendance.inspect_points",)),
        MenuItem(
            70,
            _("Attendance summary"),
            "attendance-summary",
            ("attendance.view_all_attendance",),
        ),
        MenuItem(80, _("Discipline"), "discipline-list", ("attendance.manage_discipline",)),
        MenuItem(90, _("Rulebook"), "rulebook-list"),
    ],
)
