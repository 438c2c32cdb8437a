"""Benchmark the manager's dashboard and each role's home (R-DASH-1…3; issue 8 "Speed").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \
        .venv/bin/python bench/bench_dashboard.py --size quick|full

Point it at a database of its own: it migrates it and builds the shared bench data set of
`bench/dataset.py` when it is not there yet. Then, for the dashboard (cold: aggregate
cache empty; warm: cached month) and for each home, it renders the page through Django's
test client as the data set's first person of that role, several times, and
prints one JSON line per figure on stdout:

    {"name": ..., "value": ..., "unit": "ms" | "queries", "target": ..., "ok": true|false}

The time is the server's (request → response, template rendered, no network); the
figure is the median of the runs. Everything else goes to stderr.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from outreach.models import Role, Staff  # noqa: E402

# Pages are opened on the shared bench data set of bench/dataset.py (full: 10,000 staff,
# 1,000,000 clients), as the first person of each role in it.
SIZES = {"quick": {"runs": 5}, "full": {"runs": 15}}
DASHBOARD_TARGET_MS = 300
HOME_TARGET_MS = 300
# Issue 8: "under 300 ms … cache aggregates where that is what it takes". Managers meet
# the cached dashboard (dashboard_warm); its month aggregates are recomputed by the
# dashboards-cache-warm beat job every minute, so a cold render — that job's work — must
# fit in the minute, not in 300 ms.
TARGETS_MS = {"dashboard_cold": 60_000}
# "cold" runs clear the cache first (the dashboard's month aggregates, the canvasser's
# pay estimate); the others run as users see them most of the time.
# The pinned query counts (tests/dashboards/test_homes.py keeps them fixed); a figure
# above these means a page started to query per row.
QUERY_TARGETS = {
    "dashboard_cold": 30,
    "dashboard_warm": 15,
    "home_canvasser_cold": 40,
    "home_canvasser": 25,
    "home_consultant": 12,
    "home_leader": 15,
    "home_hr": 12,
}
PAGES = [
    # (figure name, role, url name, clear the aggregate cache before each run)
    ("dashboard_cold", Role.MANAGER, "manager-dashboard", True),
    ("dashboard_warm", Role.MANAGER, "manager-dashboard", False),
    ("home_canvasser_cold", Role.CANVASSER, "canvasser-home", True),
    ("home_canvasser", Role.CANVASSER, "canvasser-home", False),
    ("home_consultant", Role.CONSULTANT, "consultant-home", False),
    ("home_leader", Role.LEADER, "leader-home", False),
    ("home_hr", Role.HR, "hr-home", False),
]


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def emit(name: str, value, unit: str, target) -> None:
    ok = value <= target
    print(
        json.dumps(
            {"name": name, "value": value, "unit": unit, "target": target, "ok": ok},
            ensure_ascii=False,
        ),
        flush=True,
    )


def ensure_data(size: str) -> None:
    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import dataset

    dataset.ensure(size)
    log(
        "data:",
        {
            "staff": Staff.objects.count(),
            "leads": _count("clients", "Lead"),
            "visits": _count("clients", "Visit"),
            "day_records": _count("attendance", "DayRecord"),
            "daily_reports": _count("campaigns", "DailyReport"),
        },
    )


def _count(app: str, model: str) -> int:
    from django.apps import apps

    return apps.get_model(app, model).objects.count()


def users_of() -> dict[str, Staff | None]:
    """The person each page is opened as: the data set's first of each role."""
    from dataset import USER_PREFIX

    people = Staff.objects.filter(user__username__startswith=USER_PREFIX).order_by("pk")
    return {role: people.filter(role=role).first() for _, role, _, _ in PAGES}


def measure(staff: Staff, url: str, *, runs: int, cold: bool) -> tuple[float, int]:
    client = Client()
    client.force_login(staff.user)
    client.get(url)  # warm the connection, the session and the templates
    timings, queries = [], 0
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} as {staff} answered {response.status_code}")
        timings.append(elapsed * 1000)
        queries = len(captured)
    return statistics.median(timings), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick")
    args = parser.parse_args()
    size = SIZES[args.size]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    log(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    ensure_data(args.size)
    users = users_of()
    for name, role, url_name, cold in PAGES:
        if users[role] is None:
            log(f"{name}: no {role} in this data set, skipped")
            continue
        ms, queries = measure(users[role], reverse(url_name), runs=size["runs"], cold=cold)
        target = TARGETS_MS.get(
            name, DASHBOARD_TARGET_MS if name.startswith("dashboard") else HOME_TARGET_MS
        )
        emit(f"{name}_ms", round(ms, 1), "ms", target)
        emit(f"{name}_queries", queries, "queries", QUERY_TARGETS[name])
    cache.clear()


if __name__ == "__main__":
    main()
