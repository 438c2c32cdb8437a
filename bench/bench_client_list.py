"""Benchmark the client list (R-CLI-1) on a large archive (prints figures only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \
        .venv/bin/python bench/bench_client_list.py --clients 1000000

Fills a scratch database like bench_expire_leads.py, then GETs the manager's client list
with typical filters and prints the time and the number of SQL statements of each page,
including the paginator's COUNT.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

from bench_expire_leads import cleanup, fill, fill_postgres, owner  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/crm/clients/",
    "/crm/clients/?page=2000",
    "/crm/clients/?q=%E5%BC%A0",
    "/crm/clients/?q=19000012345",
    "/crm/clients/?grade=C&source=flyer&ordering=-active",
    "/crm/clients/?status=pool",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cleanup()
    staff = owner()
    (fill_postgres if connection.vendor == "postgresql" else fill)(
        0, args.clients, args.clients // 10, staff
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = staff.user
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clients",
            codename__in=["view_clients", "view_all_clients", "see_full_phone"],
        )
    )
    settings.ALLOWED_HOSTS = ["*"]
    browser = Client()
    browser.force_login(user)
    print(f"database: {connection.vendor}, {args.clients:,} clients")
    for url in PAGES:
        browser.get(url)  # warm the cache
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = browser.get(url).status_code
            elapsed = time.perf_counter() - started
        slowest = max(float(q["time"]) for q in queries.captured_queries)
        print(
            f"{status} {elapsed * 1000:7.0f} ms {len(queries):3d} statements "
            f"(slowest {slowest * 1000:.0f} ms)  {url}"
        )
    cleanup()


if __name__ == "__main__":
    main()
