"""Benchmark: the daily-report submit, the field's hot path (R-DAY-2). Prints figures.

    .venv/bin/python bench/daily_report_submit.py [N]

Runs against a throw-away test database (SQLite by default, or DATABASE_URL), submits N
reports for N canvassers through the real page, and prints the median / p95 server time
and the number of SQL queries per submission (pinned in tests/campaigns).
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from outreach.dates import today  # noqa: E402


def main(n: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from tests.factories import GroupFactory, staff_in_group

        group = GroupFactory(code="B01")
        staff_in_group(group, leader=True)
        people = [staff_in_group(group) for _ in range(n)]
        times, queries = [], []
        for person in people:
            client = Client()
            client.force_login(person.user)
            data = {
                "flyers": 200,
                "contacts": 10,
                "calls": 3,
                "invitations": 1,
                "visits_brought": 1,
                "summary": "bench",
                "idempotency_key": str(uuid.uuid4()),
                "day": today().isoformat(),
            }
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.post(
                    reverse("daily-report"), data, headers={"X-Requested-With": "fetch"}
                )
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"submit failed: {response.content!r}")
            queries.append(len(captured))
        times.sort()
        print(f"daily-report submit, {n} submissions on {connection.vendor}")
        print(f"  median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * n) - 1]:.1f} ms")
        print(f"  queries per submit: min {min(queries)}, max {max(queries)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
