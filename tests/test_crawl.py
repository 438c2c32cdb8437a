"""Every page, as every role: no server error, and nothing outside a role's scope.

URL patterns are found automatically, so pages added by later issues are crawled too;
a pattern with a `pk` takes the first object of the model named in PK_MODELS.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from outreach.models import Staff

pytestmark = pytest.mark.django_db

API_PREFIX = "api/v1/"
SKIP_NAMES = {"set_language", "logout", "javascript-catalog"}
# url name prefix -> "app_label.Model" whose first row fills <pk>
PK_MODELS = {
    "staff": "outreach.Staff",
    "group": "outreach.Group",
    "membership": "outreach.GroupMembership",
    "points": "outreach.Point",
    "cities": "outreach.WorkCity",
    "agencies": "outreach.Agency",
    "paid-days": "outreach.PaidDaysSetting",
    "notification": "outreach.Notification",
    "payroll-run": "payroll.PayrollRun",
    "payroll-export": "payroll.PayrollExport",
    "payroll-fine": "payroll.PayrollRun",
    "payslip": "payroll.Payslip",
    "client": "clients.Client",
    "lead": "clients.Lead",
    "deal": "clients.Deal",
    "pool": "clients.Lead",
    "rotation": "clients.RotationMember",
    "visit": "clients.Visit",
    "inbound-call": "clients.InboundCall",
    "absence-mark": "outreach.Staff",
    "violation": "attendance.Violation",
    "rulebook": "attendance.RulebookVersion",
    "leave": "attendance.LeaveRequest",
    "campaign": "campaigns.Campaign",
    "budget-line": "campaigns.BudgetLine",
    "prep-task": "campaigns.PrepTask",
    "plan": "campaigns.WeeklyPlan",
    "trip": "campaigns.TripPlan",
    "claim": "campaigns.ExpenseClaim",
    "market": "campaigns.MarketNote",
    "library": "campaigns.LibraryItem",
    "daily-report": "campaigns.DailyReport",
    "invitation": "campaigns.Invitation",
    "training-session": "training.TrainingSession",
    "training-plan": "training.TrainingPlan",
    "training-record": "outreach.Staff",
    "appraisal-cycle": "appraisals.AppraisalCycle",
    "appraisal-objection": "appraisals.Objection",
    "appraisal": "appraisals.Appraisal",
    "career-plan": "outreach.Staff",
    "review": "reviews.QuarterlyReview",
    "rule-": "attendance.ViolationRule",
    "roster-change": "attendance.RosterChange",
    "complaint": "clients.Complaint",
    "cooperation": "clients.Cooperation",
    # issue 17: file downloads, by the object the file belongs to
    "receipt-file": "campaigns.Receipt",
    "attachment-file": "campaigns.CampaignAttachment",
    "material-file": "training.Material",
    "checkin-photo": "attendance.DayRecord",
    # R-PLAN-5
    "meeting": "meetings.Meeting",
    "action-item": "meetings.ActionItem",
    # issue 20: group chat robots
    "push-robot": "push.GroupRobot",
    # issue 20: the departure hand-over of one person
    "handover": "outreach.Staff",
    # issue 21 §5: the outside systems' webhook endpoints
    "webhook": "api.WebhookEndpoint",
    # issue 21 §2: one's own API tokens
    "api-token": "api.ApiToken",
}
# url name -> ("app_label.Model", field) whose first row fills <str:code>
CODE_MODELS = {"invitation-code": ("campaigns.Invitation", "code")}
ROLES = ["manager", "salesmgr", "hr", "admin", "leader1", "canvasser1", "consultant1"]


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            # The open API answers JSON to tokens, not pages to people; it has its own
            # walk of every endpoint as every role (tests/security/test_api_scope_walk.py).
            if not route.startswith(API_PREFIX):
                yield entry.name, route


def _url_for(name: str, route: str) -> str | None:
    if name in SKIP_NAMES or route.startswith("admin/"):
        return None
    if "<int:pk>" in route:
        key = next((k for k in PK_MODELS if name.startswith(k)), None)
        if key is None:
            pytest.fail(f"add a PK_MODELS entry for url '{name}'")
        obj = apps.get_model(PK_MODELS[key]).objects.order_by("pk").first()
        if obj is None:
            return None
        route = route.replace("<int:pk>", str(obj.pk))
    if "<str:code>" in route and name in CODE_MODELS:
        label, field = CODE_MODELS[name]
        obj = apps.get_model(label).objects.order_by("pk").first()
        if obj is None:
            return None
        route = route.replace("<str:code>", str(getattr(obj, field)))
    if "<" in route:
        pytest.fail(f"teach the crawler the arguments of '{name}': {route}")
    return "/" + route


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def test_every_page_as_every_role_has_no_server_error(demo):
    urls = [u for u in (_url_for(n, r) for n, r in _patterns()) if u]
    assert len(urls) > 15
    failures = []
    for username in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(Staff.objects.get(user__username=username).user)
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures.append((username, url, status))
    assert failures == []


def test_the_admin_role_never_sees_client_data_pages(demo):
    """R-ROLE-1: the admin sees configuration, not client data (checked as apps grow)."""
    client = Client()
    client.force_login(Staff.objects.get(user__username="admin").user)
    for name, route in _patterns():
        if name.startswith(("client", "lead", "pool", "visit")) and "<" not in route:
            assert client.get("/" + route).status_code == 403, name
