"""The open API's lead list (issue 21) on the bench data set: time and SQL statements per
1,000-item page, as an outside system syncing leads calls it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench_api \\
        .venv/bin/python bench/bench_api_leads.py --size full

With a manager's personal token (made through api.tokens.token_create), GETs
/api/v1/leads/?page_size=1000: the first page, a page deep in the sync (reached through
a cursor taken from the middle of the change order, as `next` gives it) and an
incremental sync (`updated_since` a point in the middle of the change order). Prints the
median server time of --repeat requests and the SQL statements of one request.
Issue 21's target: under 300 ms a 1,000-item page at full size (1,000,000 leads); the
quick size has its own. The statement count must not grow with the data.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import args_parse, django_setup, figure, log, median_time  # noqa: E402

# Issue 21's 300 ms is the full size's (README: 132-169 ms there). The quick run is CI's
# tripwire, right after the suite on a shared 2-core machine, where the median of five
# 1,000-row pages varied from 185 to 341 ms between runs on the same data: its target
# catches a page grown much slower, and the statement count one that grows with the data.
TARGET_MS = {"quick": 500, "full": 300}
MAX_STATEMENTS = 6  # token, user, permissions, the page (+ the masking's one query)


def main() -> None:
    args = args_parse(__doc__, {"quick": {"repeat": 15}, "full": {"repeat": 5}})
    # The per-token limit (read when the settings load) is not what is measured here.
    os.environ.setdefault("API_RATE_TOKEN", "1000000/min")
    django_setup()
    import dataset
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from api.pagination import _encode
    from api.tokens import token_create
    from clients.models import Lead
    from outreach.models import Role, Staff

    data = dataset.ensure(args.size)
    manager = Staff.objects.filter(
        role=Role.MANAGER, employee_no__startswith=dataset.EMPLOYEE_PREFIX
    ).first()
    settings.ALLOWED_HOSTS = ["*"]
    raw = token_create(user=manager.user, name="bench").raw
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    total = Lead.objects.count()
    ordered = Lead.objects.order_by("updated_at", "pk").values_list("updated_at", "pk")
    middle = ordered[total // 2] if total else None
    pages = {"first": "/api/v1/leads/?page_size=1000"}
    if middle is not None:
        cursor = _encode(*middle)
        pages["deep"] = f"/api/v1/leads/?page_size=1000&cursor={cursor}"
        since = middle[0].isoformat().replace("+", "%2B")
        pages["updated_since"] = f"/api/v1/leads/?page_size=1000&updated_since={since}"
    log(f"# {connection.vendor}, {total:,} leads ({data.clients:,} clients)")
    for name, url in pages.items():
        warm = api.get(url)  # warm
        if warm.status_code != 200:
            raise SystemExit(f"{url}: {warm.status_code} {warm.content[:300]!r}")
        rows = len(warm.json()["results"])

        def get(url=url):
            with CaptureQueriesContext(connection) as queries:
                status = api.get(url).status_code
            return status, len(queries)

        seconds, (status, statements) = median_time(get, args.repeat)
        ms = round(seconds * 1000, 1)
        log(f"# {status} {ms:7.1f} ms {statements:3d} statements {rows:5d} rows  {url}")
        figure(f"api.leads.{name}", ms, "ms", TARGET_MS[args.size], status == 200 and None)
        figure(f"api.leads.{name}.statements", statements, "queries", MAX_STATEMENTS)
        figure(f"api.leads.{name}.rows", rows, "rows", 1000, rows == 1000, higher_is_better=True)


if __name__ == "__main__":
    main()
