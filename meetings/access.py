"""The meetings app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import FIELD, TEAM, MenuItem, menu_items_add, role_permissions_add

# R-PLAN-5: managers run every group's meetings, leaders their own groups', and the field
# sees the meetings they are invited to.
role_permissions_add(
    Role.MANAGER,
    {"meetings.manage_meetings", "meetings.view_all_meetings", "meetings.attend_meetings"},
)
role_permissions_add(
    Role.SALES_MANAGER,
    {"meetings.manage_meetings", "meetings.view_all_meetings", "meetings.attend_meetings"},
)
role_permissions_add(Role.LEADER, {"meetings.manage_meetings", "meetings.attend_meetings"})
role_permissions_add(Role.CANVASSER, {"meetings.attend_meetings"})
role_permissions_add(Role.CONSULTANT, {"meetings.attend_meetings"})

menu_items_add(
    FIELD, [MenuItem(95, _("My meetings"), "meeting-mine", ("meetings.attend_meetings",))]
)
menu_items_add(
    TEAM,
    [
        MenuItem(
            25,
            _("Team meetings"),
            "meeting-list",
            ("meetings.manage_meetings", "meetings.view_all_meetings"),
        )
    ],
)
