"""R-POOL-1: the set-based move of expired leads to the shared pool, and reminders."""

import uuid
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.services import notification_create

from ..models import Lead, LeadStatus, OwnershipEvent, OwnershipEventKind, OwnershipPeriod
from ..policy import policy_in_force


def pool_due(now: datetime):
    return Lead.objects.filter(status=LeadStatus.ACTIVE, protected_until__lte=now)


def _q(meta, name: str) -> str:
    return connection.ops.quote_name(meta.get_field(name).column)


def _end_expired_periods(run: uuid.UUID) -> None:
    """End the open periods of the leads this run moved at their `protected_until`, in
    one UPDATE … FROM (a join, not a correlated subquery per row)."""
    period, lead = OwnershipPeriod._meta, Lead._meta
    q = connection.ops.quote_name
    sql = " ".join(
        [
            "UPDATE",
            q(period.db_table),
            "SET",
            f"{_q(period, 'ended_at')} = {q('l')}.{_q(lead, 'protected_until')},",
            f"{_q(period, 'end_reason')} = %s",
            "FROM",
            q(lead.db_table),
            q("l"),
            "WHERE",
            f"{q('l')}.{_q(lead, 'expiry_run')} = %s",
            f"AND {q(period.db_table)}.{_q(period, 'lead')} = {q('l')}.{_q(lead, 'id')}",
            f"AND {q(period.db_table)}.{_q(period, 'ended_at')} IS NULL",
        ]
    )
    run_value = lead.get_field("expiry_run").get_db_prep_value(run, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [OwnershipEventKind.EXPIRED.value, run_value])


def _insert_expiry_events(run: uuid.UUID) -> None:
    """History rows for the leads this run moved, in one INSERT … SELECT."""
    event, lead = OwnershipEvent._meta, Lead._meta
    q = connection.ops.quote_name
    col = _q

    # Identifiers come from the models' metadata, values are parameters.
    target = ", ".join(col(event, f) for f in ("lead", "kind", "from_staff", "reason", "at"))
    source = f"{col(lead, 'id')}, %s, {col(lead, 'previous_owner')}, %s, {col(lead, 'pooled_at')}"
    where = f"{col(lead, 'expiry_run')} = %s"
    sql = " ".join(
        ["INSERT INTO", q(event.db_table), f"({target})", "SELECT", source, "FROM"]
        + [q(lead.db_table), "WHERE", where]
    )
    run_value = lead.get_field("expiry_run").get_db_prep_value(run, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [OwnershipEventKind.EXPIRED.value, "", run_value])


def pool_expire_due(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """R-POOL-1: move every owned lead past its `protected_until` into the pool.

    Three statements whatever the number of leads: one UPDATE that moves the leads and
    tags them with this run's id, one UPDATE … FROM that ends their ownership periods at
    `protected_until`, one INSERT … SELECT that writes their history stamped with
    `protected_until`. A concurrent run blocks on the same rows, then finds them no
    longer owned and moves nothing; running it again moves nothing (idempotent).
    """
    now = now or timezone.now()
    if dry_run:
        return pool_due(now).count()
    run = uuid.uuid4()
    with transaction.atomic():
        moved = pool_due(now).update(
            status=LeadStatus.POOL,
            previous_owner=F("owner"),
            owner=None,
            consultant=None,
            reception_by=None,
            pooled_at=F("protected_until"),
            expiry_run=run,
            updated_at=now,
        )
        if moved:
            _end_expired_periods(run)
            _insert_expiry_events(run)
    return moved


def pool_remind_owners(*, now: datetime | None = None) -> int:
    """R-POOL-1: remind owners a few days (default 3) before their leads expire; once per
    lead and protection end (a new protection period earns a new reminder)."""
    now = now or timezone.now()
    days = policy_in_force(now).reminder_days_before
    due = (
        Lead.objects.filter(
            status=LeadStatus.ACTIVE,
            protected_until__gt=now,
            protected_until__lte=now + timedelta(days=days),
        )
        .select_related("owner__user", "client")
        .order_by("pk")
    )
    sent = 0
    for lead in due.iterator(chunk_size=500):
        notification_create(
            recipient=lead.owner.user,
            kind=f"lead_expiry_{lead.protected_until:%Y%m%d%H%M}",
            message=_("Your lead %(name)s goes to the pool on %(day)s.")
            % {
                "name": lead.client.name,
                "day": timezone.localtime(lead.protected_until).strftime("%Y-%m-%d %H:%M"),
            },
            target=lead,
            link=reverse("lead-detail", args=[lead.pk]),
        )
        sent += 1
    return sent
