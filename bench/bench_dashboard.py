"""Benchmark the manager's dashboard and each role's home (R-DASH-1…3; issue 8 "Speed").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \
        .venv/bin/python bench/bench_dashboard.py --size quick|full

Point it at a database of its own: it migrates it and, when the demo organisation of
`seed_demo --scale N` is not there yet, seeds it (quick: N=2, full: N=20). Then, for the
dashboard (cold: aggregate cache empty; warm: cached month) and for each home, it renders
the page through Django's test client as the demo user of that role, several times, and
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

from outreach.models import Staff  # noqa: E402

SIZES = {"quick": {"scale": 2, "runs": 5}, "full": {"scale": 20, "runs": 15}}
DASHBOARD_TARGET_MS = 300
HOME_TARGET_MS = 300
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
    # (figure name, demo username, url name, clear the aggregate cache before each run)
    ("dashboard_cold", "manager", "manager-dashboard", True),
    ("dashboard_warm", "manager", "manager-dashboard", False),
    ("home_canvasser_cold", "canvasser1", "canvasser-home", True),
    ("home_canvasser", "canvasser1", "canvasser-home", False),
    ("home_consultant", "consultant1", "consultant-home", False),
    ("home_leader", "leader1", "leader-home", False),
    ("home_hr", "hr", "hr-home", False),
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


def ensure_data(scale: int) -> None:
    call_command("migrate", verbosity=0)
    groups_needed = 3 * scale
    have = Staff.objects.filter(user__username__startswith="leader").count()
    if have < groups_needed:
        log(f"seeding the demo organisation at --scale {scale} (have {have} groups)…")
        started = time.perf_counter()
        call_command("seed_demo", scale=scale, force=True, stdout=sys.stderr)
        log(f"seeded in {time.perf_counter() - started:.1f} s")
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


def measure(username: str, url: str, *, runs: int, cold: bool) -> tuple[float, int]:
    client = Client()
    client.force_login(Staff.objects.get(user__username=username).user)
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
            raise SystemExit(f"{url} as {username} answered {response.status_code}")
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
    ensure_data(size["scale"])
    for name, username, url_name, cold in PAGES:
        ms, queries = measure(username, reverse(url_name), runs=size["runs"], cold=cold)
        target = DASHBOARD_TARGET_MS if name.startswith("dashboard") else HOME_TARGET_MS
        emit(f"{name}_ms", round(ms, 1), "ms", target)
        emit(f"{name}_queries", queries, "queries", QUERY_TARGETS[name])
    cache.clear()


if __name__ == "__main__":
    main()
