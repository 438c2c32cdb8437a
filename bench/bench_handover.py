"""Issue 20: the departure hand-over of a person with many leads. Prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \\
        .venv/bin/python bench/bench_handover.py --size quick|full

Builds, inside a transaction rolled back afterwards (so nothing stays in the database),
a group of five canvassers, one of whom leaves holding --leads protected leads (full:
5,000), follow-ups planned on a tenth of them, --visits visits awaiting confirmation on
his leads and one open event with --invitations invitations; then hands everything over
spread evenly across the group (`handovers.services.hand_over`), the heaviest mode: a
CASE per holder, periods ended and opened, a history row per lead, events, tasks and
invitations. Figures: the median seconds of --repeat runs (target: under 2 s at 5,000
leads), the statement count, and whether the count is the same for a tenth of the
leads (a fixed number of queries whatever the holdings).
"""

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import args_parse, django_setup, figure, log  # noqa: E402

SIZES = {
    "quick": {"leads": 1_000, "visits": 50, "invitations": 50, "repeat": 3},
    "full": {"leads": 5_000, "visits": 200, "invitations": 300, "repeat": 3},
}
TARGET_SECONDS = {"quick": 1.0, "full": 2.0}

if __name__ == "__main__":
    ARGS = args_parse(__doc__, SIZES)
django_setup()

import statistics  # noqa: E402
import time  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from campaigns.models import Campaign, CampaignKind, Invitation, PrepTask  # noqa: E402
from clients.models import (  # noqa: E402
    Client,
    FollowUp,
    Lead,
    LeadKind,
    LeadStatus,
    OwnershipPeriod,
    Visit,
)
from handovers.services import hand_over  # noqa: E402
from outreach.models import Group, GroupMembership, Role, Staff  # noqa: E402

PHONE_BASE = 16_600_000_000  # 166…: a range no other bench or the demo uses


def _person(tag: str, n: int, role: str = Role.CANVASSER) -> Staff:
    user = get_user_model().objects.create(username=f"bench-ho-{tag}-{n}", is_active=True)
    return Staff.objects.create(
        user=user,
        employee_no=f"H{tag}{n:03d}"[:12],
        name=f"交接{n}",
        phone="13000000000",
        role=role,
        hire_date=date(2020, 1, 1),
    )


def build(leads: int, visits: int, invitations: int, tag: str):
    """A group of five with the leaver; the leaver's holdings. Returns (leaver, group,
    manager's user)."""
    now = timezone.now()
    group = Group.objects.create(code=f"HO{tag}"[:10], name=f"交接组{tag}")
    people = [_person(tag, n) for n in range(5)]
    GroupMembership.objects.bulk_create(
        GroupMembership(staff=p, group=group, valid_from=date(2020, 1, 1)) for p in people
    )
    manager = _person(tag, 9, Role.MANAGER)
    manager.user.is_superuser = True  # sees every staff record, like the manager role
    manager.user.save(update_fields=["is_superuser"])
    leaver = people[0]
    base = PHONE_BASE + int(tag) * 100_000
    clients = Client.objects.bulk_create(
        Client(name=f"客户{i}", phone=str(base + i), registered_at=now, last_activity_at=now)
        for i in range(leads)
    )
    rows = Lead.objects.bulk_create(
        Lead(
            client=c,
            phone=c.phone,
            kind=LeadKind.IN_PERSON,
            status=LeadStatus.ACTIVE,
            owner=leaver,
            group=group,
            registered_at=now - timedelta(days=3),
            owned_since=now - timedelta(days=3),
            protected_until=now + timedelta(days=11),
        )
        for c in clients
    )
    OwnershipPeriod.objects.bulk_create(
        OwnershipPeriod(
            lead=lead, owner=leaver, started_at=lead.owned_since, start_reason="registered"
        )
        for lead in rows
    )
    for c, lead in zip(clients, rows, strict=True):
        c.current_lead = lead
    Client.objects.bulk_update(clients, ["current_lead"], batch_size=5_000)
    FollowUp.objects.bulk_create(
        FollowUp(
            client=lead.client,
            lead=lead,
            kind="call",
            at=now,
            by=leaver,
            summary="回访",
            next_follow_up_on=timezone.localdate() + timedelta(days=3),
        )
        for lead in rows[::10]
    )
    Visit.objects.bulk_create(
        Visit(lead=lead, brought_by=leaver, arrived_at=now) for lead in rows[:visits]
    )
    campaign = Campaign.objects.create(
        theme="交接测试", kind=CampaignKind.TASTING, starts_at=now + timedelta(days=7), owner=leaver
    )
    PrepTask.objects.create(
        campaign=campaign, title="场地", owner=leaver, due_date=timezone.localdate()
    )
    Invitation.objects.bulk_create(
        Invitation(
            campaign=campaign,
            client=c,
            guest_name=c.name,
            phone=c.phone,
            invited_by=leaver,
            code=f"HO{tag}{i:07d}",
        )
        for i, c in enumerate(clients[:invitations])
    )
    return leaver, group, manager.user


def one_run(leads: int, visits: int, invitations: int, tag: str) -> tuple[float, int, int]:
    """Build, hand over (timed, statements counted), roll everything back."""
    with transaction.atomic():
        leaver, group, actor = build(leads, visits, invitations, tag)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            log_row = hand_over(
                actor=actor, person=leaver, mode="group", group=group, reason="bench"
            )
            seconds = time.perf_counter() - started
        moved = log_row.counts["leads"]
        if sum(moved.values()) != leads or max(moved.values()) - min(moved.values()) > 1:
            raise SystemExit(f"uneven or incomplete hand-over: {moved}")
        transaction.set_rollback(True)
    return seconds, len(queries.captured_queries), log_row.total()


if __name__ == "__main__":
    timings, statements = [], 0
    for run in range(ARGS.repeat):
        seconds, statements, total = one_run(
            ARGS.leads, ARGS.visits, ARGS.invitations, f"{run + 1}"
        )
        log(
            f"# run {run + 1}: {ARGS.leads} leads, {total} items moved"
            f" in {seconds:.3f} s, {statements} statements"
        )
        timings.append(seconds)
    _s, small_statements, _t = one_run(max(ARGS.leads // 10, 10), 5, 5, "8")
    target = TARGET_SECONDS[ARGS.size]
    figure(f"handover.{ARGS.leads}_leads", round(statistics.median(timings), 3), "s", target=target)
    figure("handover.statements", statements, "queries")
    figure(
        "handover.statements_fixed",
        int(statements == small_statements),
        "bool",
        target=1,
        higher_is_better=True,
    )
