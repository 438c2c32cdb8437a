"""The training app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import TEAM, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(Role.MANAGER, {"training.manage_training"})
role_permissions_add(Role.HR, {"training.manage_training"})

menu_items_add(TEAM, [MenuItem(110, _("Training"), "training-calendar")])
