"""Issue 9 §4: every URL pattern, as every demo role, against other people's objects.

The demo organisation (three groups, see outreach/demo.py) is seeded once for the module
inside a transaction that is rolled back at the end; each request that may write runs in
a savepoint that is rolled back too, so the checks do not disturb one another.

- R-ROLE-1: an object outside the user's scope answers 404 (or 403 when the whole page is
  outside the role) and its content never appears in the answer, for GET and POST alike;
- a whole page outside a role answers 403;
- CSRF: every POST endpoint refuses a request without the token (403).
"""

import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponseForbidden
from django.test import Client
from django.utils import timezone

from outreach.dates import today
from outreach.models import Staff
from outreach.selectors import visible_staff
from tests.test_crawl import PK_MODELS, SKIP_NAMES, _patterns

pytestmark = pytest.mark.django_db

RESTRICTED = ["leader1", "canvasser1", "consultant1"]
NOT_SERVED = {403, 404, 405}
ROLES = ["manager", "salesmgr", "hr", "admin", *RESTRICTED]

# Objects that belong to people: url prefix -> (model, the paths to every person linked to
# the object). An object none of whose people the user may see is "another person's or
# another group's" and must not be served. Shared things (campaigns, points, the pool,
# rulebooks, training sessions, payroll runs) are covered by the role checks instead.
PERSONAL = {
    "staff-": ("outreach.Staff", ["pk"]),
    "absence-mark": ("outreach.Staff", ["pk"]),
    "training-record-person": ("outreach.Staff", ["pk"]),
    "career-plan": ("outreach.Staff", ["pk"]),
    "membership": ("outreach.GroupMembership", ["staff"]),
    "payslip": ("payroll.Payslip", ["staff"]),
    "client": (
        "clients.Client",
        [
            "current_lead__owner",
            "current_lead__consultant",
            "current_lead__reception_by",
            "current_lead__registered_by",
        ],
    ),
    "lead-": (
        "clients.Lead",
        ["owner", "consultant", "reception_by", "registered_by", "previous_owner", "group:group"],
    ),
    "deal": ("clients.Deal", ["lead__owner", "consultant", "credited_staff", "lead__consultant"]),
    "visit": (
        "clients.Visit",
        ["lead__owner", "brought_by", "consultant", "credited_staff", "lead__consultant"],
    ),
    "complaint": (
        "clients.Complaint",
        ["client__current_lead__owner", "recorded_by", "client__current_lead__consultant"],
    ),
    "cooperation": ("clients.Cooperation", ["owner", "client__current_lead__owner"]),
    "violation": ("attendance.Violation", ["staff", "recorded_by", "leader", "adjusted_by"]),
    "leave": ("attendance.LeaveRequest", ["staff"]),
    "roster-change": ("attendance.RosterChange", ["staff"]),
    "plan": ("campaigns.WeeklyPlan", ["staff", "created_by", "group:group"]),
    "trip": ("campaigns.TripPlan", ["staff"]),
    "claim": ("campaigns.ExpenseClaim", ["staff"]),
    "receipt-file": ("campaigns.Receipt", ["claim__staff"]),  # issue 17
    "checkin-photo": ("attendance.DayRecord", ["staff"]),
    "daily-report": ("campaigns.DailyReport", ["staff", "reviewed_by"]),
    "appraisal-objection": ("appraisals.Objection", ["appraisal__staff"]),
    "appraisal-cycle": None,  # a shared cycle, not a person's
    "appraisal": ("appraisals.Appraisal", ["staff", "evaluated_by", "group:group"]),
    # R-PLAN-5: a group's meeting, seen by its leader and the people invited to it.
    "meeting": ("meetings.Meeting", ["group:group", "attendees__staff", "created_by"]),
    "action-item": ("meetings.ActionItem", ["owner", "group:meeting__group"]),
}


def _personal(name):
    key = next((k for k in PERSONAL if name.startswith(k)), None)
    return PERSONAL[key] if key else None


def _clone(obj, **changes):
    obj.pk = obj.id = None
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
    return obj


def _second_group_objects():
    """The demo keeps most client and field records in group G01; give G02's first
    canvasser the same kinds of records, so a G01 leader has another group's to try."""
    from attendance.models import LeaveRequest
    from campaigns.models import DailyReport, ExpenseClaim, TripPlan, WeeklyPlan
    from clients.models import Complaint, Cooperation, Deal, Visit
    from outreach.dates import today
    from outreach.selectors import group_of
    from tests.factories.clients import register

    other = Staff.objects.get(user__username="canvasser7")
    leader2 = Staff.objects.get(user__username="leader2")
    assert group_of(other, today()).code == "G02"
    lead = register(other, "13900000077", now=timezone.now(), name="外组客户乙")
    client = lead.client
    for model in (DailyReport, WeeklyPlan, TripPlan, ExpenseClaim, LeaveRequest):
        template = model.objects.order_by("pk").first()
        changes = {"staff": other}
        for field in ("reviewed_by", "decided_by", "trip_plan", "group", "created_by"):
            if hasattr(template, field):
                changes[field] = None
        if model is WeeklyPlan:
            changes["created_by"] = leader2
        if model is DailyReport:
            changes["day"] = template.day - timedelta(days=400)
            changes["idempotency_key"] = uuid.uuid4()
        _clone(template, **changes)
    deal = Deal.objects.order_by("pk").first()
    # Served by a consultant the crawl does not log in as, so consultant1 has no link.
    stranger = Staff.objects.get(user__username="consultant4")
    _clone(deal, lead=lead, credited_staff=other, consultant=stranger)
    visit = Visit.objects.order_by("pk").first()
    _clone(
        visit, lead=lead, brought_by=other, credited_staff=other, period=None, consultant=stranger
    )
    complaint = Complaint.objects.order_by("pk").first()
    _clone(complaint, client=client, recorded_by=leader2, closed_by=None)
    Cooperation.objects.create(client=client, services="外组合作", owner=other)
    # Issue 21: an API token of G02's canvasser (only its owner may revoke it).
    from api.tokens import token_create

    token_create(user=other.user, name="外组系统")


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0, force=True)
        _second_group_objects()
        yield
        transaction.set_rollback(True)


@contextmanager
def _rolled_back():
    """Run a request whose writes are thrown away afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _client(username, **kwargs):
    client = Client(raise_request_exception=False, **kwargs)
    client.force_login(Staff.objects.get(user__username=username).user)
    return client


def _markers(obj):
    """Strings that would betray the object if they appeared in an answer."""
    texts = [str(obj)]
    for field in ("name", "phone", "body", "reason", "note", "summary"):
        value = getattr(obj, field, None)
        if isinstance(value, str) and len(value) >= 4:
            texts.append(value)
    return [t for t in texts if t and len(t) >= 4]


def _object_routes():
    for name, route in _patterns():
        if name in SKIP_NAMES or route.startswith("admin/") or "<int:pk>" not in route:
            continue
        spec = _personal(name)
        if spec:
            yield name, route, spec


def _groups_of(user):
    from outreach.selectors import groups_led_by, memberships_on

    day = today()
    me = user.staff
    member = memberships_on(day).filter(staff=me).values_list("group_id", flat=True)
    return set(member) | set(groups_led_by(me, day).values_list("pk", flat=True))


def _foreign(model_label, paths, user):
    """One object none of whose people (nor whose group) `user` may see, or None."""
    seen = visible_staff(user).values("pk")
    me = user.staff
    query = apps.get_model(model_label).objects.all()
    for path in paths:
        if path.startswith("group:"):
            query = query.exclude(**{f"{path[6:]}__in": _groups_of(user)})
            continue
        query = query.exclude(**{f"{path}__in": seen}).exclude(**{path: me.pk})
    return query.order_by("-pk").first()


def _row(obj):
    return type(obj).objects.filter(pk=obj.pk).values().first()


def _probe(client, url, obj):
    """GET and POST one object's URL; return a failure text or None. Writes roll back."""
    problems = []
    markers = _markers(obj)
    response = client.get(url)
    if response.status_code not in NOT_SERVED:
        problems.append(f"GET {response.status_code}")
    with transaction.atomic():
        before = _row(obj)
        post = client.post(url, {})
        after = _row(obj)
        transaction.set_rollback(True)
    if post.status_code not in NOT_SERVED:
        problems.append(f"POST {post.status_code}")
    if before != after:
        problems.append("POST changed the object")
    for answer in (response, post):
        body = answer.content.decode(errors="replace")
        problems.extend(f"shows {m!r}" for m in markers if m in body)
    return f"{url}: {', '.join(problems)}" if problems else None


def test_r_role_1_another_persons_or_another_groups_object_answers_404(demo_world):
    """R-ROLE-1: a canvasser opening another canvasser's lead, client, report, payslip…;
    a leader opening another group's; a consultant opening leads they do not serve: every
    object URL answers 404 (403 when the page is outside the role) for GET and POST, the
    object is not changed, and nothing of it appears in the answer."""
    failures, probed = [], {}
    for username in RESTRICTED:
        client = _client(username)
        user = Staff.objects.get(user__username=username).user
        for name, route, (model_label, paths) in _object_routes():
            obj = _foreign(model_label, paths, user)
            if obj is None:
                continue
            probed.setdefault(username, set()).add(name)
            problem = _probe(client, "/" + route.replace("<int:pk>", str(obj.pk)), obj)
            if problem:
                failures.append(f"{username} {name} {problem}")
    assert failures == [], "\n".join(failures)
    must_probe = {
        "lead-detail",
        "client-detail",
        "daily-report-detail",
        "violation-detail",
        "payslip-detail",
        "appraisal-detail",
        "claim-detail",
        "plan-detail",
        "leave-decide",
        "staff-detail",
        "deal-credit",
        "visit-confirm",
        "complaint-detail",
        "cooperation-step",
        "meeting-detail",
    }
    for username in RESTRICTED:
        assert must_probe - probed[username] == set(), username


# Office roles see everyone, but not every kind of record (R-ROLE-1): url prefixes whose
# objects must never be served to them, whoever they belong to.
OFFICE_OUT_OF_SCOPE = {
    "admin": [
        "client",
        "lead-",
        "deal",
        "visit",
        "complaint",
        "cooperation",
        "violation",
        "leave",
        "payslip",
        "daily-report",
        "claim",
        "trip",
        "plan",
        "appraisal-",
        "career-plan",
        "meeting",
        "action-item",
        "review",
        "handover-",
    ],
    "hr": [
        "client",
        "lead-",
        "deal",
        "visit",
        "complaint",
        "cooperation",
        "meeting",
        "action-item",
        "handover-",
    ],
    "salesmgr": [
        "handover-",
        "payslip",
        "staff-wage",
        "appraisal-detail",
        "appraisal-self",
        "appraisal-object",
        "career-plan",
    ],
}


def test_r_role_1_office_roles_never_get_records_outside_their_role(demo_world):
    """R-ROLE-1: the admin sees configuration, not client, field or pay records; HR no
    client data; the sales manager everything a manager sees except staff pay."""
    failures = []
    for username, prefixes in OFFICE_OUT_OF_SCOPE.items():
        client = _client(username)
        me = Staff.objects.get(user__username=username)
        for name, route in _patterns():
            if "<int:pk>" not in route or not name.startswith(tuple(prefixes)):
                continue
            key = next(k for k in PK_MODELS if name.startswith(k))
            model = apps.get_model(PK_MODELS[key])
            query = model.objects.exclude(pk=me.pk) if model is Staff else model.objects
            obj = query.order_by("pk").first()
            if obj is None:
                continue
            problem = _probe(client, "/" + route.replace("<int:pk>", str(obj.pk)), obj)
            if problem:
                failures.append(f"{username} {name} {problem}")
    assert failures == [], "\n".join(failures)


# Objects that only managers, HR or the admin act on (runs, cycles, reference data):
# the field roles get 403/404 for GET and POST, and the object does not change.
MANAGEMENT_OBJECT_PAGES = [
    "group-edit",
    "points-edit",
    "cities-edit",
    "agencies-edit",
    "paid-days-edit",
    "payroll-run",
    "payroll-fine-confirm",
    "payroll-export",
    "appraisal-cycle",
    "appraisal-objection-answer",
    "rulebook-publish",
    "rule-edit",
    "training-plan-item-add",
    "training-session-results",
    "training-session-material",
    "membership-end",
    "review-edit",
    "review-refresh",
    "review-publish",
    "push-robot-edit",
    "push-robot-test",
    "handover-person",  # issue 20: managers hand over a person's holdings
    "webhook-edit",  # issue 21 §5: the outside systems' webhook endpoints
    "webhook-test",
]
RECEPTION_OBJECT_PAGES = ["rotation-state", "inbound-call-assign"]


def test_r_role_1_field_roles_get_no_management_object(demo_world):
    failures, probed = [], set()
    for username in RESTRICTED:
        client = _client(username)
        names = MANAGEMENT_OBJECT_PAGES + (
            [] if username == "consultant1" else RECEPTION_OBJECT_PAGES
        )
        for name, route in _patterns():
            if "<int:pk>" not in route or not name.startswith(tuple(names)):
                continue
            key = next(k for k in PK_MODELS if name.startswith(k))
            obj = apps.get_model(PK_MODELS[key]).objects.order_by("pk").first()
            if obj is None:
                continue
            probed.add(name)
            problem = _probe(client, "/" + route.replace("<int:pk>", str(obj.pk)), obj)
            if problem:
                failures.append(f"{username} {name} {problem}")
    assert failures == [], "\n".join(failures)
    assert {"payroll-run-approve", "payroll-run-lock", "appraisal-cycle-archive"} <= probed


# Pages outside a role answer 403 (SPEC §1 roles, R-ROLE-1, R-ROLE-2).
CLIENT_PAGES = [
    "client-list",
    "lead-list",
    "pool-list",
    "lead-register",
    "client-care",
    "client-export",
    "client-import",
    "complaint-list",
    "reception",
    "inbound-call-list",
    "visit-mine",
    "lead-fake-signals",
    "lead-takeover-list",
    "reception-replay",
]
MANAGEMENT_PAGES = [
    "payroll-run-list",
    "pay-policy-list",
    "target-board",
    "client-export",
    "client-import",
    "lead-fake-signals",
    "attendance-summary",
    "attendance-summary-xlsx",
    "rulebook-new",
    "appraisal-cycle-list",
    "appraisal-archive",
    "training-plans",
    "discipline-new",
    "staff-new",
    "group-new",
    "points-new",
    "cities-new",
    "rules-lead-policy",
    "push-robot-list",
    "push-robot-new",
    "handover-list",
    "webhook-list",
    "webhook-new",
]
PAGES_OUTSIDE_ROLE = {
    "canvasser1": [
        *MANAGEMENT_PAGES,
        "staff-list",
        "group-list",
        "reception",
        "visit-mine",
        "inbound-call-list",
        "complaint-list",
        "violation-new",
        "inspection-list",
        "roster-week",
        "attendance-group",
        "appraisal-queue",
        "agencies-list",
        "meeting-list",
        "meeting-schedule",
    ],
    "consultant1": [
        *MANAGEMENT_PAGES,
        "staff-list",
        "group-list",
        "lead-register",
        "pool-list",
        "daily-report",
        "plan-list",
        "claim-list",
        "violation-new",
        "attendance-group",
        "appraisal-queue",
        "market-list",
        "meeting-list",
        "meeting-schedule",
    ],
    "leader1": [*MANAGEMENT_PAGES, "reception", "visit-mine", "inbound-call-list"],
    "hr": [
        *CLIENT_PAGES,
        "handover-list",
        "target-board",
        "rules-lead-policy",
        "campaign-list",
        "meeting-list",
        "meeting-mine",
        "push-robot-list",
        "push-robot-new",
        "webhook-list",
        "webhook-new",
    ],
    "admin": [
        *CLIENT_PAGES,
        "handover-list",
        "payroll-run-list",
        "attendance-summary",
        "target-board",
        "appraisal-cycle-list",
        "daily-report-list",
        "claim-list",
        "campaign-list",
        "attendance-group",
        "meeting-list",
        "meeting-mine",
        "review-list",
        "push-robot-list",
        "push-robot-new",
        "webhook-list",
        "webhook-new",
    ],
    "salesmgr": [
        "handover-list",
        "payroll-run-list",
        "pay-policy-list",
        "attendance-summary",
        "attendance-summary-xlsx",
        "staff-new",
        "appraisal-cycle-list",
        "client-export",
        "client-import",
        "training-plans",
        "attendance-group",
        "push-robot-list",
        "push-robot-new",
        "webhook-list",
        "webhook-new",
    ],
}


def test_r_role_1_a_whole_page_outside_the_role_answers_403(demo_world):
    failures = []
    routes = {
        name: "/" + route
        for name, route in _patterns()
        if name not in SKIP_NAMES and not route.startswith("admin/") and "<" not in route
    }
    for username in ROLES:
        client = _client(username)
        forbidden = set(PAGES_OUTSIDE_ROLE.get(username, []))
        for name, url in routes.items():
            status = client.get(url).status_code
            if name in forbidden and status != 403:
                failures.append(f"{username} {name} {status} (expected 403)")
            elif status not in {200, 302, 403, 405}:
                failures.append(f"{username} {name} {status}")
    assert failures == [], "\n".join(failures)


def csrf_refused(request, reason=""):
    """CSRF_FAILURE_VIEW for the test below: tells a CSRF refusal from a role's 403."""
    return HttpResponseForbidden(CSRF_MARK)


CSRF_MARK = "refused-by-csrf"


def _every_url(prefix=""):
    for name, route in _patterns():
        if route.startswith("admin/") or name == "javascript-catalog":
            continue
        if "<int:pk>" in route:
            key = next((k for k in PK_MODELS if name.startswith(k)), None)
            obj = apps.get_model(PK_MODELS[key]).objects.order_by("pk").first() if key else None
            route = route.replace("<int:pk>", str(obj.pk if obj else 1))
        yield name, "/" + route


def test_security_every_post_without_a_csrf_token_is_refused(demo_world, settings):
    """Issue 9: CSRF on every POST. Every URL pattern (each role's forms included, the
    login and language forms too) refuses a POST without the token with 403."""
    settings.CSRF_FAILURE_VIEW = "tests.security.test_scope_crawl.csrf_refused"
    anonymous = Client(enforce_csrf_checks=True)
    people = {u: _client(u, enforce_csrf_checks=True) for u in ("manager", "canvasser1")}
    for client in (anonymous, *people.values()):
        client.get("/accounts/login/")  # the CSRF cookie is set; only the token is missing
        assert "csrftoken" in client.cookies
    urls = list(_every_url())
    assert len(urls) > 100
    failures = []
    for name, url in urls:
        for who, client in [("anonymous", anonymous), *people.items()]:
            with _rolled_back():
                response = client.post(url, {"name": "x"})
            if response.status_code != 403 or CSRF_MARK not in response.content.decode():
                failures.append(f"{who} {name} {url} {response.status_code}")
    assert failures == [], "\n".join(failures)
    # The refusal is the token's doing: the same POST with the token goes through.
    client = people["manager"]
    token = client.cookies["csrftoken"].value
    answer = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_r_role_2_every_download_is_an_attachment(demo_world, tmp_path, settings):
    """Issue 9: exports are attachments. Every URL whose name says export, download or
    xlsx answers, for those allowed, a file with Content-Disposition: attachment — never
    a spreadsheet shown inline — and so does anything else that is not a page."""
    from appraisals.models import AppraisalCycle
    from payroll.models import PayrollRun
    from payroll.services.exports import payroll_export_build, payroll_export_request
    from reviews.models import QuarterlyReview

    settings.MEDIA_ROOT = tmp_path
    hr = Staff.objects.get(user__username="hr").user
    export = None
    for run in PayrollRun.objects.order_by("pk"):
        try:
            export = payroll_export_request(run=run, actor=hr, language="zh-hans")
        except ValidationError:
            continue
        payroll_export_build(export_id=export.pk)
        break
    assert export is not None, "the demo has a payroll run ready to export"
    archived = AppraisalCycle.objects.filter(state="archived").order_by("pk").first()
    review = QuarterlyReview.objects.filter(state="published").order_by("pk").first()
    chosen = {"payroll-export": export.pk, "appraisal-cycle": archived.pk, "review": review.pk}
    downloads = {}
    for username in ("manager", "hr"):
        client = _client(username)
        for name, route in _patterns():
            if not any(word in name for word in ("export", "download", "xlsx", "csv")):
                continue
            key = next((k for k in chosen if name.startswith(k)), None)
            if "<int:pk>" in route and key is None:
                continue
            url = "/" + route.replace("<int:pk>", str(chosen.get(key, "")))
            response = client.get(url)
            if response.status_code != 200:
                continue
            kind = response.headers["Content-Type"]
            if kind.startswith("text/html"):
                continue
            downloads[name] = response.headers.get("Content-Disposition", "")
    assert set(downloads) >= {
        "client-export",
        "attendance-summary-xlsx",
        "payroll-export-download",
        "appraisal-cycle-export",
        "review-export",
    }
    assert {n: d for n, d in downloads.items() if not d.startswith("attachment")} == {}
