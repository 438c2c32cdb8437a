"""The appraisals app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import PAY, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(
    Role.MANAGER, {"appraisals.manage_appraisals", "appraisals.view_all_appraisals"}
)
role_permissions_add(Role.LEADER, {"appraisals.evaluate_appraisals"})
role_permissions_add(Role.HR, {"appraisals.review_appraisals", "appraisals.view_all_appraisals"})

menu_items_add(
    PAY,
    [
        MenuItem(30, _("My appraisals"), "appraisal-mine"),
        MenuItem(
            60,
            _("Evaluations"),
            "appraisal-queue",
            ("appraisals.evaluate_appraisals", "appraisals.manage_appraisals"),
        ),
        MenuItem(
            70, _("Appraisal cycles"), "appraisal-cycle-list", ("appraisals.view_all_appraisals",)
        ),
    ],
)
