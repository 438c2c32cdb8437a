"""Issue 17 Build 2: writes are scoped like reads, proven by a POST walk.

Every URL pattern of the resolver that takes an object (`<int:pk>`, `<str:code>`) and
accepts POST is walked as every role against (a) an object of another group and (b) an
object of another person in the same group (for a consultant: another consultant's),
and must answer 403/404 while the database stays unchanged.

How a pattern is known to accept POST: by asking the view. Each object URL is POSTed
once as the manager; a 405 means the view does not take POST (decorators and class-based
views alike answer 405 for a method they do not serve), anything else means it does.
No registry to keep in step, so an endpoint is walked the day it is added. Every
POST-taking pattern must then be classified below (PERSONAL, SHARED, MANAGEMENT, or
EXCLUDED with its reason); an unclassified one fails the walk with "classify it".

What "refused" means (the decision):
- a person's record the user may not see (PERSONAL): 403 or 404 and nothing written.
  R-ROLE-1 says an object outside the scope answers 404 on reads and writes alike; a
  redirect with an error message would confirm that the object exists and means the
  view ran on an object its selector should not have returned.
- a shared record everyone in the role sees (SHARED: a campaign, its budget lines and
  tasks, a market note) whose writes belong to its owner: the page is visible, so the
  refusal may be a redirect or a page with a message — but nothing may be written.
- office objects (MANAGEMENT: payroll runs, cycles, reference data): the field roles
  get 403/404 and nothing is written, whatever object.

"Nothing written" is measured, not guessed: on PostgreSQL the transaction's own write
counters (pg_stat_xact_user_tables) name every table the request inserted into, updated
or deleted from; each such table is then compared row by row (a hash of all its rows)
with its state before the walk, so a write that was rolled back inside the request is
not a false alarm, and an untouched table costs nothing. On SQLite, `total_changes()`
plays the counter's part. Sessions and login bookkeeping are not the walk's business.
"""

import hashlib
import time
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q

from outreach.dates import today
from outreach.models import Role, Staff
from outreach.selectors import memberships_on, visible_staff
from tests.security.test_scope_crawl import (
    MANAGEMENT_OBJECT_PAGES,
    OFFICE_OUT_OF_SCOPE,
    PERSONAL,
    RECEPTION_OBJECT_PAGES,
    _client,
    _clone,
    demo_world,  # noqa: F401 — the module-scoped demo organisation
)
from tests.test_crawl import CODE_MODELS, PK_MODELS, _patterns

pytestmark = pytest.mark.django_db

ROLES = ["manager", "salesmgr", "hr", "admin", "leader1", "canvasser1", "consultant1"]
RESTRICTED = ["leader1", "canvasser1", "consultant1"]
REFUSED = {403, 404}

# Patterns never walked, and why.
EXCLUDED = {
    # Not an object of anybody's: logging out, switching language, the JS catalog.
    "logout": "ends the caller's own session",
    "set_language": "sets the caller's own language cookie",
    "javascript-catalog": "static translations",
    # The caller's own things, addressed by the caller's own id or none.
    "notification-read": "marks the caller's own notification (filtered by recipient)",
    # Open to everyone who sees the shared object: writing is the point of the page, and
    # what is written is the caller's own record (an acknowledgement, a rating, a check-in).
    "rulebook-acknowledge": "each person acknowledges a published rulebook for themselves",
    "training-session-rate": "an attendee rates a session they attended (their own rating)",
    "invitation-code": "the check-in by the guest's code (R-CAM-4), not a person's object",
    "invitation-check-in": "the campaign's team checks any guest in at the door (R-CAM-4)",
}

# Shared records everyone in the role sees, whose writes belong to an owner: url prefix
# -> (model, the paths to the people whose record it is).
SHARED = {
    "campaign-": ("campaigns.Campaign", ["owner"]),
    "budget-line": ("campaigns.BudgetLine", ["campaign__owner"]),
    "prep-task": ("campaigns.PrepTask", ["owner", "campaign__owner"]),
    "market": ("campaigns.MarketNote", ["author"]),
    "invitation": ("campaigns.Invitation", ["invited_by", "campaign__owner"]),
}
# Personal records beyond the crawl's: url prefix -> (model, paths).
PERSONAL_EXTRA = {
    "inbound-call": ("clients.InboundCall", ["assigned_to", "logged_by"]),
    "pool-claim": ("clients.Lead", ["owner", "previous_owner", "registered_by"]),
    # Issue 21 §2: a person's API token; nobody else revokes it, a manager neither.
    "api-token": ("api.ApiToken", ["user__staff"]),
}

# Office objects beyond the crawl's list: only managers, HR or the admin write them.
MANAGEMENT_EXTRA = ["group-detail", "library-edit", "handover-person"]
# Read pages that take any method (no decorator): a POST renders the page. They are
# walked all the same — the answer may be the page, but nothing may be written.
READ_PAGES = ["rulebook-detail"]

# A POST body that would pass the forms of the decide/act endpoints: the walk must be
# stopped by the scope check, not by an empty form.
PAYLOAD = {
    "approve": "1",
    "decision": "approve",
    "action": "waive",
    "reason": "walk",
    "comment": "walk",
    "note": "walk",
    "answer": "walk",
    "upheld": "1",
    "text": "walk",
    "summary": "walk",
    "lessons": "walk",
    "state": "on_duty",
    "grade": "A",
    "amount": "10",
    "new_amount": "0",
    "actual": "10",
    "score": "5",
    "satisfaction": "5",
    "rating": "5",
    "changed_anyway": "1",
    "kind": "call",
    "content": "walk",
    "title": "walk",
    "done": "1",
}
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


# --- measuring writes --------------------------------------------------------------------


def _write_counters() -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
            return {name: n for name, n in cursor.fetchall() if name not in IGNORED_TABLES}
        cursor.execute("SELECT total_changes()")
        return {"*": cursor.fetchone()[0]}


def _table_hash(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — a table name of ours
        rows = sorted(repr(row) for row in cursor.fetchall())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


class Snapshot:
    """The state before the walk, hashed lazily per table (every request rolls back)."""

    def __init__(self):
        self.before: dict[str, str] = {}
        tables = set(connection.introspection.table_names()) - IGNORED_TABLES
        self.tables = sorted(tables)

    def _before(self, table):
        if table not in self.before:
            self.before[table] = _table_hash(table)
        return self.before[table]

    def prime(self):
        for table in self.tables:
            self._before(table)

    def changed(self, counters_before: dict[str, int]) -> list[str]:
        after = _write_counters()
        touched = [t for t, n in after.items() if n != counters_before.get(t, 0)]
        if "*" in touched:  # SQLite: no per-table counter, compare every table
            touched = self.tables
        return [t for t in touched if t in self.before and _table_hash(t) != self.before[t]]


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- which objects --------------------------------------------------------------------------


def _post_patterns():
    """(name, route) of every pattern that addresses an object, outside the admin."""
    for name, route in _patterns():
        if route.startswith("admin/") or name in EXCLUDED:
            continue
        if "<int:pk>" in route or "<str:code>" in route:
            yield name, route


def _url(route: str, obj) -> str:
    if "<str:code>" in route:
        return "/" + route.replace("<str:code>", str(obj.code))
    return "/" + route.replace("<int:pk>", str(obj.pk))


def _spec(name):
    for table in (PERSONAL_EXTRA, PERSONAL, SHARED):
        key = next((k for k in table if name.startswith(k)), None)
        if key is not None and table[key] is not None:
            return ("shared" if table is SHARED else "personal"), table[key]
    if name in READ_PAGES:
        return "read", None
    if name.startswith(tuple(MANAGEMENT_OBJECT_PAGES + MANAGEMENT_EXTRA + RECEPTION_OBJECT_PAGES)):
        return "management", None
    return None, None


def _circles(me: Staff):
    """(the people of my groups but me, the people of other groups) today. A consultant
    belongs to no group: the other consultants are their 'same group'."""
    day = today()
    mine = set(memberships_on(day).filter(staff=me).values_list("group_id", flat=True))
    if me.role == Role.CONSULTANT:
        same = set(
            Staff.objects.filter(role=Role.CONSULTANT)
            .exclude(pk=me.pk)
            .values_list("pk", flat=True)
        )
    else:
        same = set(
            memberships_on(day)
            .filter(group_id__in=mine)
            .exclude(staff=me)
            .values_list("staff_id", flat=True)
        )
    others = set(memberships_on(day).exclude(group_id__in=mine).values_list("staff_id", flat=True))
    return same, others - same - {me.pk}


def _targets(model_label, paths, user, circles):
    """{"another group": obj, "same group": obj} among objects none of whose people the
    user may see (and not the user's own)."""
    me = user.staff
    seen = visible_staff(user).values("pk")
    query = apps.get_model(model_label).objects.all()
    people_paths = [p for p in paths if not p.startswith("group:")]
    for path in people_paths:
        query = query.exclude(**{f"{path}__in": seen}).exclude(**{path: me.pk})
    same, others = circles

    def any_of(people):
        q = Q(pk__in=[])
        for path in people_paths:
            q |= Q(**{f"{path}__in": people})
        return q

    found = {
        "another group": query.filter(any_of(others)).exclude(any_of(same)).order_by("-pk").first(),
        "same group": query.filter(any_of(same)).order_by("-pk").first(),
    }
    return {k: v for k, v in found.items() if v is not None}


def _owned_by_others(model_label, paths, user):
    me = user.staff
    query = apps.get_model(model_label).objects.all()
    for path in paths:
        query = query.exclude(**{path: me.pk})
    return query.order_by("-pk").first()


# --- the world ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def walk_world(demo_world, django_db_blocker):  # noqa: F811
    """The crawl's demo organisation, plus what it lacks: pending roster changes of
    canvasser1's colleague (same group) and of a G02 canvasser (another group), and a
    campaign of leader2's with a budget line and a task (the demo's are leader1's)."""
    from datetime import timedelta

    from attendance.models import RosterChange
    from campaigns.models import BudgetLine, Campaign, PrepTask

    with django_db_blocker.unblock():
        for username in ("canvasser2", "canvasser7"):
            RosterChange.objects.create(
                staff=Staff.objects.get(user__username=username),
                day=today() + timedelta(days=3),
                reason="walk",
            )
        leader2 = Staff.objects.get(user__username="leader2")
        template = Campaign.objects.order_by("pk").first()
        line = BudgetLine.objects.filter(campaign=template).first()
        task = PrepTask.objects.filter(campaign=template).first()
        campaign = _clone(template, owner=leader2)
        if line is not None:
            _clone(line, campaign=campaign)
        if task is not None:
            _clone(task, campaign=campaign, owner=leader2)
    return demo_world


# --- the walk ---------------------------------------------------------------------------


def _accepts_post(client, url) -> bool:
    with _rolled_back():
        return client.post(url, PAYLOAD).status_code != 405


def test_hardening_post_walk_every_role_against_other_peoples_objects(walk_world):
    started = time.monotonic()
    clients = {username: _client(username) for username in ROLES}  # logging in writes
    snapshot = Snapshot()
    snapshot.prime()
    manager = clients["manager"]
    first_of = {}
    for name, route in _post_patterns():
        if "<str:code>" in route:
            label = CODE_MODELS[name][0]
        else:
            key = next((k for k in PK_MODELS if name.startswith(k)), None)
            assert key is not None, f"add a PK_MODELS entry for url '{name}'"
            label = PK_MODELS[key]
        obj = apps.get_model(label).objects.order_by("pk").first()
        if obj is not None:
            first_of[name] = (route, obj)
    posting = [n for n, (r, o) in first_of.items() if _accepts_post(manager, _url(r, o))]
    unclassified = [n for n in posting if _spec(n)[0] is None]
    assert unclassified == [], f"classify it (PERSONAL/SHARED/MANAGEMENT/EXCLUDED): {unclassified}"

    failures, covered = [], {}
    patterns = dict(_patterns())
    for username in ROLES:
        client = clients[username]
        user = Staff.objects.get(user__username=username).user
        circles = _circles(user.staff)
        for name in posting:
            kind, spec = _spec(name)
            route = patterns[name]
            if username not in RESTRICTED:
                prefixes = tuple(OFFICE_OUT_OF_SCOPE.get(username, []))
                if not prefixes or not name.startswith(prefixes):
                    continue  # office roles act on everything within their role
                targets = {"outside the role": first_of[name][1]}
            elif kind == "read":
                targets = {"shared page": first_of[name][1]}
            elif kind == "management":
                if name.startswith(tuple(RECEPTION_OBJECT_PAGES)) and username == "consultant1":
                    continue  # consultants run the reception desk (R-LEAD-4)
                targets = {"office object": first_of[name][1]}
            elif kind == "shared":
                obj = _owned_by_others(*spec, user)
                targets = {"another's": obj} if obj is not None else {}
            else:
                targets = _targets(*spec, user, circles)
            for which, obj in targets.items():
                covered.setdefault(name, set()).add(f"{username} ({which})")
                strict = kind not in {"shared", "read"}
                problem = _post_refused(client, _url(route, obj), snapshot, strict=strict)
                if problem:
                    failures.append(f"{username} {name} ({which} #{obj.pk}): {problem}")
    elapsed = time.monotonic() - started
    print(f"\nPOST walk: {len(covered)} endpoints, {elapsed:.1f} s")  # noqa: T201
    for name in sorted(covered):
        print(f"  {name}: {', '.join(sorted(covered[name]))}")  # noqa: T201
    assert failures == [], "\n".join(failures)
    must_cover = {
        "visit-end",
        "visit-confirm",
        "leave-decide",
        "roster-change-decide",
        "claim-decide",
        "trip-decide",
        "violation-adjust",
        "violation-appeal",
        "daily-report-review",
        "deal-credit",
        "lead-invalid",
        "appraisal-evaluate",
    }
    assert must_cover - set(covered) == set()
    same_group = {n for n, who in covered.items() if "canvasser1 (same group)" in who}
    assert {"leave-decide", "claim-decide", "violation-appeal", "lead-invalid"} <= same_group


def _post_refused(client, url, snapshot, *, strict: bool) -> str | None:
    with transaction.atomic():
        counters = _write_counters()
        response = client.post(url, PAYLOAD)
        changed = snapshot.changed(counters)
        transaction.set_rollback(True)
    problems = []
    if strict and response.status_code not in REFUSED:
        problems.append(f"answered {response.status_code}")
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    if changed:
        problems.append(f"wrote {', '.join(changed)}")
    return "; ".join(problems) or None


def test_hardening_post_walk_payload_writes_when_the_user_may_act(walk_world):
    """The control: the walk's body is not simply refused by a form. The same POST by
    someone entitled to act writes, and the walk's measure sees it."""
    from datetime import timedelta

    from django.utils import timezone

    from attendance.models import LeaveRequest, LeaveType, RosterChange

    colleague = Staff.objects.get(user__username="canvasser2")
    day = today() + timedelta(days=5)
    leave = LeaveRequest.objects.create(
        staff=colleague,
        leave_type=LeaveType.objects.order_by("pk").first(),
        first_day=day,
        last_day=day,
        reason="walk",
        submitted_at=timezone.now(),
        on_time=True,
    )
    cases = [
        ("leave-decide", leave),
        ("roster-change-decide", RosterChange.objects.filter(staff=colleague).first()),
    ]
    leader = _client("leader1")  # before the snapshot: logging in writes
    snapshot = Snapshot()
    snapshot.prime()
    patterns = dict(_patterns())
    for name, obj in cases:
        with transaction.atomic():
            counters = _write_counters()
            response = leader.post(_url(patterns[name], obj), PAYLOAD)
            changed = snapshot.changed(counters)
            transaction.set_rollback(True)
        assert response.status_code == 302, name
        assert changed, f"{name}: the entitled POST wrote nothing"
