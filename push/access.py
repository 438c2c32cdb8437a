"""The push app's role permissions and menu entry (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import SETTINGS, MenuItem, menu_items_add, role_permissions_add

# Issue 20: managers connect the groups' chat robots and see their failed messages.
role_permissions_add(Role.MANAGER, {"push.manage_robots"})

menu_items_add(
    SETTINGS,
    [MenuItem(70, _("Group chat robots"), "push-robot-list", ("push.manage_robots",))],
)
