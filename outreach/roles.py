"""Roles as Django auth groups with permissions (SPEC §1).

`Staff.role` is the source of truth; each role is mirrored by an auth group of the same
name carrying the permissions below, synchronised after every migrate. Later apps add
their permissions to ROLE_PERMISSIONS.
"""

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission

from .models import Role

# Campaigns (SPEC §3): managers see and approve everything there.
CAMPAIGN_MANAGER_PERMISSIONS = {
    "campaigns.view_campaigns",
    "campaigns.view_all_campaigns",
    "campaigns.manage_campaigns",
    "campaigns.approve_campaigns",
    "campaigns.use_field_plans",
    "campaigns.view_all_plans",
    "campaigns.approve_all_trips",
    "campaigns.view_all_claims",
    "campaigns.approve_all_claims",
    "campaigns.manage_market",
    "campaigns.view_library",
    "campaigns.manage_library",
}

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
        "attendance.view_all_attendance",
        "attendance.correct_attendance",
        "attendance.manage_roster",
        "attendance.inspect_points",
        "attendance.record_violation",
        "attendance.adjust_violation",
        "attendance.manage_rulebook",
        "attendance.approve_late_leave",
        "attendance.manage_discipline",
        *CAMPAIGN_MANAGER_PERMISSIONS,
        "training.manage_training",
        "appraisals.manage_appraisals",
        "appraisals.view_all_appraisals",
    },
    Role.SALES_MANAGER: {
        "outreach.view_all_staff",
        "payroll.approve_targets",
        "campaigns.view_campaigns",
        "campaigns.view_all_campaigns",
        "campaigns.manage_campaigns",
        "campaigns.view_all_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
        "campaigns.manage_library",
    },
    Role.LEADER: {
        "outreach.view_group_staff",
        "appraisals.evaluate_appraisals",
        "attendance.view_group_attendance",
        "attendance.manage_roster",
        "attendance.inspect_points",
        "attendance.record_violation",
        "campaigns.view_campaigns",
        "campaigns.manage_campaigns",
        "campaigns.use_field_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
    },
    Role.CANVASSER: {
        "campaigns.view_campaigns",
        "campaigns.use_field_plans",
        "campaigns.manage_market",
        "campaigns.view_library",
    },
    Role.CONSULTANT: {"campaigns.view_campaigns", "campaigns.view_library"},
    Role.HR: {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.view_staff_pay",
        "outreach.manage_agencies",
        "payroll.run_payroll",
        "payroll.view_all_payslips",
        "attendance.view_all_attendance",
        "campaigns.view_all_claims",
        "training.manage_training",
        "appraisals.review_appraisals",
        "appraisals.view_all_appraisals",
    },
    Role.ADMIN: {
        "outreach.manage_staff",
        "outreach.view_all_staff",
        "outreach.manage_reference",
        "outreach.manage_agencies",
        "payroll.manage_pay_policy",
    },
}


# Issue 3 (clients): HR and the admin get no client permission at all (R-ROLE-1).
CLIENT_VIEWERS = {"clients.view_clients"}
ROLE_PERMISSIONS[Role.MANAGER] |= CLIENT_VIEWERS | {
    "clients.view_all_clients",
    "clients.see_full_phone",
    "clients.export_clients",
    "clients.manage_leads",
    "clients.mark_lead_invalid",
    "clients.run_reception",
    "clients.record_deal",
    "clients.change_deal_credit",
    "clients.handle_complaints",
    "clients.grade_clients",
    "clients.approve_cooperation",
}
ROLE_PERMISSIONS[Role.SALES_MANAGER] |= CLIENT_VIEWERS | {
    "clients.view_all_clients",
    "clients.see_full_phone",
    "clients.run_reception",
    "clients.record_deal",
    "clients.handle_complaints",
}
ROLE_PERMISSIONS[Role.LEADER] |= CLIENT_VIEWERS | {
    "clients.register_lead",
    "clients.mark_lead_invalid",
}
ROLE_PERMISSIONS[Role.CANVASSER] |= CLIENT_VIEWERS | {"clients.register_lead"}
ROLE_PERMISSIONS[Role.CONSULTANT] |= CLIENT_VIEWERS | {
    "clients.confirm_visit",
    "clients.mark_lead_invalid",
    "clients.run_reception",
    "clients.record_deal",
    "clients.handle_complaints",
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
