"""Roles as Django auth groups with permissions (SPEC §1).

`Staff.role` is the source of truth; each role is mirrored by an auth group of the same
name carrying the permissions below, synchronised after every migrate. Later apps add
their permissions to ROLE_PERMISSIONS.
"""

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission

from .models import Role

# "app_label.codename" for each role.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.MANAGER: {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.view_staff_pay",
        "outreach.manage_reference",
        "outreach.manage_agencies",
        "payroll.propose_targets",
        "payroll.manage_pay_policy",
        "payroll.approve_payroll",
        "payroll.run_payroll",
        "payroll.view_all_payslips",
        "training.manage_training",
        "payroll.manage_appraisals",
        "payroll.view_all_appraisals",
    },
    Role.SALES_MANAGER: {"outreach.view_all_staff", "payroll.approve_targets"},
    Role.LEADER: {"outreach.view_group_staff", "payroll.evaluate_appraisals"},
    Role.CANVASSER: set(),
    Role.CONSULTANT: set(),
    Role.HR: {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.view_staff_pay",
        "outreach.manage_agencies",
        "payroll.run_payroll",
        "payroll.view_all_payslips",
        "training.manage_training",
        "payroll.review_appraisals",
        "payroll.view_all_appraisals",
    },
    Role.ADMIN: {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.manage_reference",
        "outreach.manage_agencies",
        "payroll.manage_pay_policy",
    },
}


def roles_sync(**_kwargs) -> None:
    """Create or update one auth group per role with exactly its permissions. Idempotent."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={name.split(".", 1)[1] for name in wanted}
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = AuthGroup.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in perms if name in by_name])
