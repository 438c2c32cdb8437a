"""The hand-over app's role permission and menu entry (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import TEAM, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(Role.MANAGER, {"handovers.hand_over"})

menu_items_add(
    TEAM, [MenuItem(115, _("Departure hand-over"), "handover-list", ("handovers.hand_over",))]
)
