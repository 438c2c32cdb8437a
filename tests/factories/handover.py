"""Many leads for one owner at once (issue 20 hand-over tests and bench): rows as the
registration service leaves them (lead, client, ownership period), bulk-inserted."""

from datetime import datetime, timedelta

from clients.models import Client, Lead, LeadKind, LeadStatus, OwnershipPeriod
from outreach.selectors import group_of


def owned_leads(owner, n: int, *, now: datetime, first_phone: int = 13600000000) -> list[Lead]:
    """`n` protected leads registered by `owner` over the last days (distinct dates, so
    a test sees any date that moved)."""
    group = group_of(owner, now.date())
    clients = Client.objects.bulk_create(
        Client(
            name=f"客户{i}",
            phone=str(first_phone + i),
            registered_at=now - timedelta(hours=i + 1),
            last_activity_at=now - timedelta(hours=i + 1),
        )
        for i in range(n)
    )
    leads = Lead.objects.bulk_create(
        Lead(
            client=client,
            phone=client.phone,
            kind=LeadKind.IN_PERSON,
            status=LeadStatus.ACTIVE,
            owner=owner,
            group=group,
            registered_at=client.registered_at,
            registered_by=owner,
            owned_since=client.registered_at,
            protected_until=client.registered_at + timedelta(days=14),
        )
        for client in clients
    )
    OwnershipPeriod.objects.bulk_create(
        OwnershipPeriod(
            lead=lead, owner=owner, started_at=lead.owned_since, start_reason="registered"
        )
        for lead in leads
    )
    for client, lead in zip(clients, leads, strict=True):
        client.current_lead = lead
    Client.objects.bulk_update(clients, ["current_lead"])
    return leads
