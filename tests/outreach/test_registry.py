"""The registries each app adds its rights and menu entries to (issue 19 §4)."""

import pytest
from django.contrib.auth.models import Group as AuthGroup

from outreach.models import Role
from outreach.registry import MENUS, ROLE_PERMISSIONS, MenuItem, menu_items_add
from outreach.roles import roles_sync


def test_the_navbar_keeps_its_order_whichever_app_registered_first():
    assert [[name for _label, name, _perms in items] for _menu, items in MENUS] == [
        [
            "attendance-checkin",
            "lead-register",
            "daily-report",
            "attendance-my",
            "plan-list",
            "trip-list",
            "claim-list",
            "market-list",
            "library-list",
            "meeting-mine",
        ],
        [
            "lead-list",
            "client-list",
            "pool-list",
            "client-care",
            "reception",
            "visit-mine",
            "inbound-call-list",
            "lead-takeover-list",
            "complaint-list",
            "lead-fake-signals",
            "rules-lead-policy",
        ],
        [
            "attendance-group",
            "daily-report-list",
            "meeting-list",
            "roster-week",
            "violation-list",
            "leave-list",
            "inspection-list",
            "attendance-summary",
            "discipline-list",
            "rulebook-list",
            "campaign-list",
            "training-calendar",
            "handover-list",
            "review-list",
        ],
        [
            "pay-estimate",
            "payslip-list",
            "appraisal-mine",
            "payroll-run-list",
            "target-board",
            "appraisal-queue",
            "appraisal-cycle-list",
            "pay-policy-list",
        ],
        [
            "staff-list",
            "group-list",
            "points-list",
            "cities-list",
            "agencies-list",
            "paid-days-list",
            "push-robot-list",
            "webhook-list",
        ],
    ]


def test_a_menu_the_core_does_not_define_is_refused():
    with pytest.raises(ValueError, match="unknown menu"):
        menu_items_add("reports", [MenuItem(10, "Reports", "report-list")])


def test_every_app_registered_its_role_permissions():
    apps = {perm.split(".", 1)[0] for perms in ROLE_PERMISSIONS.values() for perm in perms}
    assert {
        "outreach",
        "clients",
        "attendance",
        "campaigns",
        "training",
        "payroll",
        "meetings",
        "push",
    } <= apps


@pytest.mark.django_db
def test_roles_sync_gives_each_group_exactly_its_registered_permissions():
    roles_sync()
    for role in Role.values:
        group = AuthGroup.objects.get(name=role)
        held = {
            f"{app}.{code}"
            for app, code in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert held == ROLE_PERMISSIONS.get(role, set())
