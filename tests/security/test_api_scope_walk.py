"""Issue 21 §4: the API scope walk — every API endpoint × every role × another group's
objects answers 404/403, never the object.

The routes are discovered from `api.urls.router.registry`, not listed by hand, so a
resource is walked the day it is registered. Each basename must be classified below:

- PERSONAL: (model, the paths to every person linked to an object, the office roles
  that must not get the resource at all). An object none of whose people the role may
  see (`visible_staff`, plus oneself) is "another person's or another group's".
- SHARED: (model, the roles that may list it): shared records (a campaign) everyone in
  those roles sees; any other role gets 403/404.
- MANAGEMENT: (model, the roles that may list it): office objects (a payroll run); any
  other role gets 403/404 on the list, the detail and every action.

For each role (with a personal token, as an outside system calls):
- the list (every page, page_size=1000) never holds an object the role may not see;
- such an object's detail answers 403/404, and so does every detail action (reveal,
  confirm, adjust…) and PUT/PATCH/DELETE (405 counts as refused there), with nothing
  written (the transaction's write counters, as in the POST walk);
- the object's identifying content (name, phone, …) appears in no answer.
A routed basename missing from the table fails the walk with "classify it"; an entry
whose route does not exist yet is skipped.
"""

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from outreach.models import Staff
from outreach.selectors import visible_staff
from tests.api.conftest import api_client_for
from tests.security.test_post_walk import Snapshot, _write_counters
from tests.security.test_scope_crawl import (
    _groups_of,
    _markers,
    demo_world,  # noqa: F401 — the module-scoped demo organisation
)

pytestmark = pytest.mark.django_db

ROLES = ["manager", "salesmgr", "hr", "admin", "leader1", "canvasser1", "consultant1"]
REFUSED = {403, 404}
REFUSED_OR_NOT_SERVED = {403, 404, 405}
# Token bookkeeping (last used) is the caller's own row, not the walk's business.
IGNORED_TABLES = {"api_apitoken"}

PERSONAL = "personal"
SHARED = "shared"
MANAGEMENT = "management"

LEAD_PEOPLE = ["owner", "consultant", "reception_by", "registered_by", "previous_owner"]
CLIENT_PEOPLE = [
    "current_lead__owner",
    "current_lead__consultant",
    "current_lead__reception_by",
    "current_lead__registered_by",
]
# HR and the admin see no client data; the admin no field or pay records; the sales
# manager no staff pay (R-ROLE-1, as OFFICE_OUT_OF_SCOPE of the page crawl).
CLIENT_DATA_OUT = ("hr", "admin")

CLASSIFIED = {
    "api-lead": (PERSONAL, "clients.Lead", [*LEAD_PEOPLE, "group:group"], CLIENT_DATA_OUT),
    "api-client": (PERSONAL, "clients.Client", CLIENT_PEOPLE, CLIENT_DATA_OUT),
    "api-follow-up": (
        PERSONAL,
        "clients.FollowUp",
        ["by", "lead__owner", "lead__consultant", *(f"client__{p}" for p in CLIENT_PEOPLE)],
        CLIENT_DATA_OUT,
    ),
    "api-visit": (
        PERSONAL,
        "clients.Visit",
        ["lead__owner", "brought_by", "consultant", "credited_staff", "lead__consultant"],
        CLIENT_DATA_OUT,
    ),
    "api-deal": (
        PERSONAL,
        "clients.Deal",
        ["lead__owner", "consultant", "credited_staff", "lead__consultant"],
        CLIENT_DATA_OUT,
    ),
    "api-check-in": (
        PERSONAL,
        "attendance.DayRecord",
        ["staff", "absent_marked_by", "corrected_by"],
        ("admin",),
    ),
    "api-daily-report": (
        PERSONAL,
        "campaigns.DailyReport",
        ["staff", "reviewed_by"],
        ("admin",),
    ),
    "api-event": (
        SHARED,
        "campaigns.Campaign",
        ("manager", "salesmgr", "leader1", "canvasser1", "consultant1"),
    ),
    "api-invitation": (
        SHARED,
        "campaigns.Invitation",
        ("manager", "salesmgr", "leader1", "canvasser1", "consultant1"),
    ),
    "api-violation": (
        PERSONAL,
        "attendance.Violation",
        ["staff", "recorded_by", "leader", "adjusted_by"],
        ("admin",),
    ),
    "api-payroll-run": (MANAGEMENT, "payroll.PayrollRun", ("manager", "hr")),
    "api-payslip": (PERSONAL, "payroll.Payslip", ["staff"], ("admin", "salesmgr")),
    "api-appraisal": (
        PERSONAL,
        "appraisals.Appraisal",
        ["staff", "evaluated_by", "group:group"],
        ("admin", "salesmgr"),
    ),
}

# Resources that exist today and must have been probed with a foreign object by every
# restricted role (so the walk cannot pass by finding nothing to try).
MUST_PROBE = {"api-lead"}
RESTRICTED = ["leader1", "canvasser1", "consultant1"]


# --- discovery ---------------------------------------------------------------------------


def _routes():
    """(basename, viewset) of every resource registered on the API router."""
    from api.urls import router

    return [(basename, viewset) for _prefix, viewset, basename in router.registry]


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _lookup(viewset, obj) -> dict:
    field = getattr(viewset, "lookup_field", "pk") or "pk"
    kwarg = getattr(viewset, "lookup_url_kwarg", None) or field
    return {kwarg: getattr(obj, field)}


def _detail_calls(basename, viewset, obj):
    """(method, url) of every call addressing `obj`: the detail in every method, every
    detail action in the methods it maps."""
    calls = []
    detail = _url(f"{basename}-detail", **_lookup(viewset, obj))
    if detail:
        calls += [("get", detail), ("put", detail), ("patch", detail), ("delete", detail)]
    for extra in viewset.get_extra_actions():
        if not extra.detail:
            continue
        url = _url(f"{basename}-{extra.url_name}", **_lookup(viewset, obj))
        if url:
            calls += [(method, url) for method in extra.mapping]
    return calls


# --- who may see what ----------------------------------------------------------------------


def _foreign(model_label, paths, user):
    """Every object none of whose people (nor whose group) `user` may see."""
    seen = visible_staff(user).values("pk")
    me = user.staff
    query = apps.get_model(model_label).objects.all()
    for path in paths:
        if path.startswith("group:"):
            query = query.exclude(**{f"{path[6:]}__in": _groups_of(user)})
            continue
        query = query.exclude(**{f"{path}__in": seen}).exclude(**{path: me.pk})
    return query


def _list_ids(client, url) -> tuple[int, list, str]:
    """(status, every id over every page, the bodies' text)."""
    ids, texts = [], []
    url = f"{url}?page_size=1000"
    status = None
    for _ in range(1000):  # bounded: a page of 1000 rows each
        response = client.get(url)
        status = response.status_code
        texts.append(response.content.decode(errors="replace"))
        if status != 200:
            break
        body = response.json()
        ids += [row.get("id") for row in body.get("results", [])]
        if not body.get("next"):
            break
        url = body["next"]
    return status, ids, "\n".join(texts)


def _list_markers(model, obj, foreign_pks) -> list[str]:
    """The object's field values that name it and no object the role may see (a list
    may legitimately show another client called 张先生)."""
    found = []
    for field in ("name", "phone", "guest_name"):
        value = getattr(obj, field, None)
        if not isinstance(value, str) or len(value) < 4:
            continue
        if model.objects.filter(**{field: value}).exclude(pk__in=foreign_pks).exists():
            continue
        found.append(value)
    return found


def _call(client, method, url, snapshot):
    """One call in a rolled-back transaction: (response, tables it changed)."""
    with transaction.atomic():
        before = _write_counters()
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, "{}", content_type="application/json")
        changed = [t for t in snapshot.changed(before) if t not in IGNORED_TABLES]
        transaction.set_rollback(True)
    return response, changed


def _probe(client, basename, viewset, obj, snapshot, markers) -> list[str]:
    problems = []
    for method, url in _detail_calls(basename, viewset, obj):
        response, changed = _call(client, method, url, snapshot)
        allowed = REFUSED if method in ("get", "post") else REFUSED_OR_NOT_SERVED
        if response.status_code not in allowed:
            problems.append(f"{method.upper()} {url}: {response.status_code}")
        if changed:
            problems.append(f"{method.upper()} {url} wrote {changed}")
        body = response.content.decode(errors="replace")
        problems += [f"{method.upper()} {url} shows {m!r}" for m in markers if m in body]
    return problems


# --- the walk ---------------------------------------------------------------------------


def test_every_routed_api_resource_is_classified():
    unclassified = [basename for basename, _viewset in _routes() if basename not in CLASSIFIED]
    assert unclassified == [], f"classify it in CLASSIFIED: {unclassified}"
    assert {"api-lead"} <= {basename for basename, _viewset in _routes()}


def test_r_role_1_api_never_serves_another_groups_object(demo_world):  # noqa: F811
    """R-ROLE-1 through the API: for every registered resource and every role, the list
    holds only objects the role may see; another person's or group's object answers
    403/404 on its detail and every action, nothing is written, nothing of it is shown."""
    snapshot = Snapshot()
    snapshot.tables = [t for t in snapshot.tables if t not in IGNORED_TABLES]
    snapshot.prime()
    failures, probed = [], {}
    routes = [(b, v) for b, v in _routes() if b in CLASSIFIED]
    for username in ROLES:
        staff = Staff.objects.get(user__username=username)
        user = staff.user
        client = api_client_for(staff, raise_request_exception=False)
        for basename, viewset in routes:
            kind, model_label, *rest = CLASSIFIED[basename]
            model = apps.get_model(model_label)
            list_url = _url(f"{basename}-list")
            if kind == PERSONAL:
                paths, office_out = rest
                if username in office_out:
                    targets = list(model.objects.order_by("-pk")[:1])
                    foreign_pks = set(model.objects.values_list("pk", flat=True))
                else:
                    foreign = _foreign(model_label, paths, user)
                    foreign_pks = set(foreign.values_list("pk", flat=True))
                    targets = list(foreign.order_by("-pk")[:1])
            else:
                allowed_roles = rest[0]
                if username in allowed_roles:
                    continue  # shared with the role: the role checks cover it
                foreign_pks = set(model.objects.values_list("pk", flat=True))
                targets = list(model.objects.order_by("-pk")[:1])
            if list_url:
                status, ids, text = _list_ids(client, list_url)
                if kind != PERSONAL and status not in REFUSED:
                    failures.append(f"{username} {basename} list: {status}, not refused")
                leaked = sorted(set(ids) & foreign_pks)
                if leaked:
                    failures.append(f"{username} {basename} list holds foreign ids {leaked[:5]}")
                for obj in targets:
                    failures += [
                        f"{username} {basename} list shows {m!r}"
                        for m in _list_markers(model, obj, foreign_pks)
                        if m in text
                    ]
            for obj in targets:
                probed.setdefault(username, set()).add(basename)
                problems = _probe(client, basename, viewset, obj, snapshot, _markers(obj))
                failures += [f"{username} {basename} {p}" for p in problems]
    assert failures == [], "\n".join(failures)
    for username in RESTRICTED:
        assert MUST_PROBE - probed.get(username, set()) == set(), username


def test_the_walk_sees_a_leak(demo_world, monkeypatch):  # noqa: F811
    """The walk is not blind: a lead list that ignores the scope is caught."""
    from api.views.leads import LeadViewSet
    from clients.models import Lead

    monkeypatch.setattr(LeadViewSet, "get_queryset", lambda self: Lead.objects.all())
    staff = Staff.objects.get(user__username="canvasser1")
    client = api_client_for(staff, raise_request_exception=False)
    foreign = _foreign("clients.Lead", CLASSIFIED["api-lead"][2], staff.user)
    foreign_pks = set(foreign.values_list("pk", flat=True))
    assert foreign_pks
    _status, ids, _text = _list_ids(client, reverse("api-lead-list"))
    assert set(ids) & foreign_pks
    obj = foreign.order_by("-pk").first()
    monkeypatch.setattr(LeadViewSet, "get_object", lambda self: obj)
    problems = _probe(client, "api-lead", LeadViewSet, obj, Snapshot(), _markers(obj))
    assert any(p.startswith("GET ") and p.endswith(": 200") for p in problems), problems
