"""The daily-report submit, the field's hot path (R-DAY-2): server time per submission.

    DATABASE_URL=postgres://… .venv/bin/python bench/bench_daily_report_submit.py --size full

In a test database made from DATABASE_URL (test_<name>, kept between runs, emptied by
rollback), N canvassers each submit today's report through the real page (the fetch
path of the offline queue); prints the median and p95 server time and the SQL queries
per submission (pinned in tests/campaigns). Target: p95 under 300 ms, the load test's
target for field writes.
"""

import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import args_parse, django_setup, figure, log, percentile  # noqa: E402

if __name__ == "__main__":
    ARGS = args_parse(__doc__, {"quick": {"reports": 30}, "full": {"reports": 300}})
django_setup("outreach.settings.test")

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from outreach.dates import today  # noqa: E402


def main(n: int) -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=True)
    with transaction.atomic():
        from attendance.defaults import defaults_ensure
        from attendance.models import DayRecord
        from tests.factories import GroupFactory, staff_in_group
        from tests.factories.attendance import at, rostered

        defaults_ensure()
        group = GroupFactory(code="BENCH1")
        staff_in_group(group, leader=True)
        people = [staff_in_group(group) for _ in range(n)]
        for person in people:  # a report is due only on a rostered day with a check-in
            rostered(person, today())
            DayRecord.objects.create(staff=person, day=today(), check_in_at=at(today(), 8, 55))
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
        transaction.set_rollback(True)
    log(f"# daily-report submit, {n} submissions on {connection.vendor}")
    figure("daily_report.submit.median", round(statistics.median(times), 1), "ms", None)
    figure("daily_report.submit.p95", round(percentile(times, 0.95), 1), "ms", 300)
    figure("daily_report.submit.statements", max(queries), "queries", None)
    figure("daily_report.submit.statements_spread", max(queries) - min(queries), "queries", 0)


if __name__ == "__main__":
    main(ARGS.reports)
