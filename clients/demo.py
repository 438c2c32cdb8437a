"""Demo leads, visits, a deal and pool entries for `manage.py seed_demo` (idempotent)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from outreach.models import Point, Role, Staff

from .models import Client, LeadKind, SourceChannel
from .services.deals import DealInput, deal_record
from .services.feedback import complaint_record
from .services.follow_ups import follow_up_log
from .services.leads import LeadInput, inbound_call_log, lead_mark_invalid, lead_register
from .services.pool import pool_expire_due
from .services.visits import rotation_day_setup, visit_confirm, visit_register

PREFIX = "1880000"
NAMES = "王先生 李女士 张先生 刘女士 陈先生 杨女士 黄先生 赵女士 吴先生 周女士".split()
NEEDS = ["两居改善", "首套刚需", "投资商铺", "三居学区", "看样板间"]


@transaction.atomic
def seed_clients(scale: int, stdout) -> None:
    if Client.objects.filter(phone__startswith=PREFIX).exists():
        return
    rng = random.Random(3)  # noqa: S311 — demo data, not secrets
    now = timezone.now()
    canvassers = list(
        Staff.objects.filter(role=Role.CANVASSER, user__username__startswith="canvasser")
        .select_related("user")
        .order_by("employee_no")[: 6 * scale]
    )
    consultants = list(Staff.objects.filter(role=Role.CONSULTANT).order_by("employee_no"))
    points = list(Point.objects.all())
    if not canvassers or not consultants:
        return
    leads, n = [], 0
    for owner in canvassers:
        for days_ago in (20, 9, 3, 1):
            n += 1
            kind = LeadKind.PHONE if n % 3 == 0 else LeadKind.IN_PERSON
            lead = lead_register(
                actor=owner.user,
                owner=owner,
                data=LeadInput(
                    name=rng.choice(NAMES),
                    phone=f"{PREFIX}{n:04d}",
                    kind=kind,
                    source=SourceChannel.PHONE_IN
                    if kind == LeadKind.PHONE
                    else SourceChannel.FLYER,
                    need=rng.choice(NEEDS),
                    point=rng.choice(points) if points else None,
                ),
                now=now - timedelta(days=days_ago, hours=rng.randrange(1, 8)),
            )
            leads.append((lead, days_ago))
    # Leads registered 20 days ago without a visit have expired into the pool.
    pool_expire_due(now=now)
    rotation_day_setup(actor=None, day=timezone.localdate(now), consultants=consultants)
    recent = [lead for lead, days_ago in leads if days_ago == 3]
    for index, lead in enumerate(recent[: 3 * scale]):
        visit = visit_register(
            actor=None, phone=lead.phone, now=now - timedelta(minutes=90 - index)
        )
        if index % 2 == 0 and visit.consultant_id:
            visit_confirm(
                user=visit.consultant.user, visit_id=visit.pk, now=now - timedelta(minutes=30)
            )
            follow_up_log(
                client_id=lead.client_id,
                kind="visit",
                summary="到访看样板间",
                by=lead.owner,
                at=now - timedelta(minutes=20),
            )
    signed = recent[0]
    deal_record(
        actor=None,
        lead_id=signed.pk,
        data=DealInput(
            project="滨江一期",
            units=1,
            amount=Decimal("1860000.00"),
            signed_on=timezone.localdate(now),
        ),
    )
    for lead, days_ago in leads:
        if days_ago == 9:
            follow_up_log(
                client_id=lead.client_id,
                kind="call",
                summary="电话未接通",
                by=lead.owner,
                at=now - timedelta(days=2),
                effective=False,
            )
    inbound_call_log(logged_by=consultants[0], caller_name="孙先生", phone="18800009999")
    # A takeover candidate: first confirmed visit eleven days ago, no deal.
    veteran = lead_register(
        actor=canvassers[0].user,
        owner=canvassers[0],
        data=LeadInput(name="郑先生", phone=f"{PREFIX}9001", need="改善型三居"),
        now=now - timedelta(days=12),
    )
    visit_day = now - timedelta(days=11)
    rotation_day_setup(actor=None, day=timezone.localdate(visit_day), consultants=consultants[:1])
    visit = visit_register(actor=None, phone=veteran.phone, now=visit_day)
    visit_confirm(user=visit.consultant.user, visit_id=visit.pk, now=visit_day)
    # An invalid lead and an open complaint.
    invalid = [lead for lead, days_ago in leads if days_ago == 1][0]
    lead_mark_invalid(actor=None, lead_id=invalid.pk, reason="同行询价，无购房需求")
    complaint_record(
        client_id=recent[1].client_id,
        summary="等候接待时间过长",
        received_at=now - timedelta(hours=30),
        recorded_by=consultants[0],
    )
    if stdout is not None:
        stdout.write(f"Demo clients: {len(leads)} leads, pool, visits, a deal.")
