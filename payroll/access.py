"""The payroll app's role permissions and menu entries (see `outreach.registry`)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import PAY, MenuItem, menu_items_add, role_permissions_add

role_permissions_add(
    Role.MANAGER,
    {
        "payroll.propose_targets",
        "payroll.manage_pay_policy",
        "payroll.approve_payroll",
        "payroll.run_payroll",
        "payroll.view_all_payslips",
    },
)
role_permissions_add(Role.SALES_MANAGER, {"payroll.approve_targets"})
role_permissions_add(Role.HR, {"payroll.run_payroll", "payroll.view_all_payslips"})
role_permissions_add(Role.ADMIN, {"payroll.manage_pay_policy"})

menu_items_add(
    PAY,
    [
        MenuItem(10, _("My pay this month"), "pay-estimate"),
        MenuItem(20, _("My payslips"), "payslip-list"),
        MenuItem(40, _("Payroll"), "payroll-run-list", ("payroll.view_all_payslips",)),
        MenuItem(
            50, _("Targets"), "target-board", ("payroll.propose_targets", "payroll.approve_targets")
        ),
        MenuItem(80, _("Pay policy"), "pay-policy-list", ("payroll.manage_pay_policy",)),
    ],
)
