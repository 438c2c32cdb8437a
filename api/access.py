"""The api app's role permissions and menu entry (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import SETTINGS, MenuItem, menu_items_add, role_permissions_add

# Issue 21 §5: managers register the outside systems' webhook endpoints.
role_permissions_add(Role.MANAGER, {"api.manage_webhooks"})

menu_items_add(
    SETTINGS,
    [MenuItem(75, _("Webhooks"), "webhook-list", ("api.manage_webhooks",))],
)
