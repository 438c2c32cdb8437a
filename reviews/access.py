"""The reviews app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import TEAM, MenuItem, menu_items_add, role_permissions_add

# R-PLAN-6: managers draft, edit and publish; the whole team reads what is published
# (the admin configures the system and reads no outreach results, R-ROLE-1).
role_permissions_add(Role.MANAGER, {"reviews.manage_reviews", "reviews.view_reviews"})
for role in (Role.SALES_MANAGER, Role.LEADER, Role.CANVASSER, Role.CONSULTANT, Role.HR):
    role_permissions_add(role, {"reviews.view_reviews"})

menu_items_add(
    TEAM,
    [MenuItem(120, _("Quarterly reviews"), "review-list", ("reviews.view_reviews",))],
)
