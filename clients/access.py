"""The clients app's role permissions and menu entries (see `outreach.registry`).

HR and the admin get no client permission at all (R-ROLE-1)."""

from django.utils.translation import gettext_lazy as _

from outreach.models import Role
from outreach.registry import CLIENTS, FIELD, MenuItem, menu_items_add, role_permissions_add

CLIENT_VIEWERS = {"clients.view_clients"}

role_permissions_add(
    Role.MANAGER,
    CLIENT_VIEWERS
    | {
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
    },
)
role_permissions_add(
    Role.SALES_MANAGER,
    CLIENT_VIEWERS
    | {
        "clients.view_all_clients",
        "clients.see_full_phone",
        "clients.run_reception",
        "clients.record_deal",
        "clients.handle_complaints",
    },
)
role_permissions_add(
    Role.LEADER, CLIENT_VIEWERS | {"clients.register_lead", "clients.mark_lead_invalid"}
)
role_permissions_add(Role.CANVASSER, CLIENT_VIEWERS | {"clients.register_lead"})
role_permissions_add(
    Role.CONSULTANT,
    CLIENT_VIEWERS
    | {
        "clients.confirm_visit",
        "clients.mark_lead_invalid",
        "clients.run_reception",
        "clients.record_deal",
        "clients.handle_complaints",
    },
)

menu_items_add(
    FIELD, [MenuItem(20, _("Register a lead"), "lead-register", ("clients.register_lead",))]
)
menu_items_add(
    CLIENTS,
    [
        MenuItem(10, _("Leads"), "lead-list", ("clients.view_clients",)),
        MenuItem(20, _("Clients"), "client-list", ("clients.view_clients",)),
        MenuItem(
            30, _("Shared pool"), "pool-list", ("clients.register_lead", "clients.manage_leads")
        ),
        MenuItem(40, _("Client care"), "client-care", ("clients.view_clients",)),
        MenuItem(50, _("Reception"), "reception", ("clients.run_reception",)),
        MenuItem(60, _("My receptions"), "visit-mine", ("clients.confirm_visit",)),
        MenuItem(
            70,
            _("Inbound calls"),
            "inbound-call-list",
            ("clients.run_reception", "clients.manage_leads"),
        ),
        MenuItem(80, _("Takeovers"), "lead-takeover-list", ("clients.manage_leads",)),
        MenuItem(90, _("Complaints"), "complaint-list", ("clients.handle_complaints",)),
        MenuItem(100, _("Fake registrations"), "lead-fake-signals", ("clients.manage_leads",)),
        MenuItem(
            110,
            _("Lead rules"),
            "rules-lead-policy",
            ("clients.manage_leads", "outreach.manage_reference"),
        ),
    ],
)
