"""Benchmark: the event check-in, a field hot path (R-CAM-4). Prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \\
        .venv/bin/python bench/bench_event_checkin.py --size quick|full

Migrates the database from DATABASE_URL (SQLite db.sqlite3 by default), adds one running
campaign with N invitations (quick: 300, full: 5,000; bulk-inserted clients and
invitations under a fresh phone range), then measures through the real pages, as a
manager on the campaign's team:
- the door page with a name search (GET /campaigns/<pk>/checkin/?q=…), and
- checking guests in (POST /campaigns/invitations/<pk>/checkin/), each logging an
  event follow-up on the client's timeline.
Prints one JSON line per figure on stdout: {"name", "value", "unit", "target", "ok"};
everything else goes to stderr.
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = {"quick": {"invitations": 300, "checkins": 30, "pages": 30},
         "full": {"invitations": 5000, "checkins": 200, "pages": 100}}  # fmt: skip
# Targets: a phone at the door waits well under a quarter second; fixed query counts.
PAGE_MS_TARGET = 150
POST_MS_TARGET = 200
PAGE_QUERIES_TARGET = 11
POST_QUERIES_TARGET = 20


def log(message: str) -> None:
    print(message, file=sys.stderr)


def figure(name: str, value, unit: str, target, ok: bool) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "target": target, "ok": ok}))


def free_phone_base(count: int) -> int:
    """An 11-digit range 166xxxxxxxx with no client in it yet."""
    from clients.models import Client

    for _attempt in range(50):
        base = 16600000000 + (uuid.uuid4().int % 90_000) * 1000 * 10
        if not Client.objects.filter(phone__gte=str(base), phone__lt=str(base + count)).exists():
            return base
    raise SystemExit("no free phone range for the bench")


def build(count: int):
    """One running campaign with `count` invited clients (bulk inserts)."""
    from campaigns.models import Campaign, CampaignStatus, Invitation
    from clients.models import Client
    from outreach.models import Role
    from tests.factories import StaffFactory

    run = uuid.uuid4().hex[:8]
    manager = StaffFactory(
        role=Role.MANAGER,
        user__username=f"bench-checkin-{run}",
        employee_no=f"C{run[:6]}",
        phone=f"1650{int(run, 16) % 10**7:07d}",
    )
    now = timezone.now()
    base = free_phone_base(count)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            theme=f"bench check-in {run}",
            kind="tasting",
            starts_at=now + timedelta(hours=1),
            owner=manager,
            status=CampaignStatus.RUNNING,
        )
        clients = Client.objects.bulk_create(
            Client(
                name=f"嘉宾{n:05d}",
                phone=str(base + n),
                source="event",
                registered_at=now,
                last_activity_at=now,
            )
            for n in range(count)
        )
        if clients and clients[0].pk is None:  # backends that do not return ids
            clients = list(Client.objects.filter(phone__gte=str(base)).order_by("phone")[:count])
        Invitation.objects.bulk_create(
            Invitation(
                campaign=campaign,
                client=client,
                guest_name=client.name,
                phone=client.phone,
                invited_by=manager,
                reply="accepted",
            )
            for client in clients
        )
    return manager, campaign


def ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return round(statistics.median(ordered), 1), round(p95, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick")
    args = parser.parse_args()
    size = SIZES[args.size]
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    manager, campaign = build(size["invitations"])
    log(f"# built {size['invitations']} invitations in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}")  # fmt: skip
    from campaigns.models import Invitation

    http = HttpClient()
    http.force_login(manager.user)
    page_url = reverse("campaign-checkin", args=[campaign.pk])
    http.get(page_url, {"q": "嘉宾0"})  # warm up templates and caches

    page_times, page_queries = [], []
    for n in range(size["pages"]):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = http.get(page_url, {"q": f"嘉宾{n:03d}"})
            page_times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"check-in page answered {response.status_code}")
        page_queries.append(len(captured))

    targets = list(
        Invitation.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", flat=True)[: size["checkins"]]
    )
    post_times, post_queries = [], []
    for pk in targets:
        url = reverse("invitation-check-in", args=[pk])
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = http.post(url, {"next": page_url})
            post_times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"check-in answered {response.status_code}")
        post_queries.append(len(captured))
    checked = Invitation.objects.filter(campaign=campaign, checked_in_at__isnull=False).count()
    if checked != len(targets):
        raise SystemExit(f"{checked} check-ins for {len(targets)} guests")
    # A second tap on a checked-in guest changes nothing.
    http.post(reverse("invitation-check-in", args=[targets[0]]), {"next": page_url})

    label = f"{args.size}, {size['invitations']} invitations, {connection.vendor}"
    page_median, page_p95 = ms(page_times)
    post_median, post_p95 = ms(post_times)
    figure(f"check-in page median ({label})", page_median, "ms", PAGE_MS_TARGET,
           page_median <= PAGE_MS_TARGET)  # fmt: skip
    figure(f"check-in page p95 ({label})", page_p95, "ms", PAGE_MS_TARGET * 2,
           page_p95 <= PAGE_MS_TARGET * 2)  # fmt: skip
    figure(f"check-in page queries ({label})", max(page_queries), "queries",
           PAGE_QUERIES_TARGET, max(page_queries) <= PAGE_QUERIES_TARGET
           and min(page_queries) == max(page_queries))  # fmt: skip
    figure(f"check-in POST median ({label})", post_median, "ms", POST_MS_TARGET,
           post_median <= POST_MS_TARGET)  # fmt: skip
    figure(f"check-in POST p95 ({label})", post_p95, "ms", POST_MS_TARGET * 2,
           post_p95 <= POST_MS_TARGET * 2)  # fmt: skip
    figure(f"check-in POST queries ({label})", max(post_queries), "queries",
           POST_QUERIES_TARGET, max(post_queries) <= POST_QUERIES_TARGET
           and min(post_queries) == max(post_queries))  # fmt: skip


if __name__ == "__main__":
    main()
