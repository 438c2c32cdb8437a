"""R-LEAD-2: two simultaneous registrations of one number give exactly one lead.

Runs on PostgreSQL with two real connections; SQLite serialises writers anyway and
cannot show the race, so the test is skipped there only.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clients.models import Client, Lead, OwnershipEvent
from clients.services.leads import LeadInput, lead_register
from clients.services.pool import pool_expire_due
from tests.factories.clients import at, register

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
            results[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@needs_postgres
@pytest.mark.parametrize("repeat", range(3))
def test_r_lead_2_two_simultaneous_registrations_give_exactly_one_lead(org, repeat):
    c1, c3 = org["canvasser1"], org["canvasser3"]
    phone = f"1370000000{repeat}"

    def registration(owner):
        return lambda: lead_register(
            actor=owner.user, owner=owner, data=LeadInput(name="抢", phone=phone)
        )

    results = _race([registration(c1), registration(c3)])
    leads = [r for r in results if isinstance(r, Lead)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(leads) == 1, results
    assert len(refusals) == 1, results
    assert Lead.objects.filter(phone=phone).count() == 1
    assert Client.objects.filter(phone=phone).count() == 1
    winner = leads[0].owner
    assert winner.name in " ".join(refusals[0].messages)
    assert OwnershipEvent.objects.filter(lead__phone=phone).count() == 1


@needs_postgres
def test_r_pool_1_two_concurrent_expiry_runs_move_each_lead_once(org):
    for i in range(20):
        register(org["canvasser1"], f"1360000{i:04d}", now=at(2026, 1, 1))
    now = at(2026, 2, 1)
    results = _race([lambda: pool_expire_due(now=now), lambda: pool_expire_due(now=now)])
    assert sorted(results) == [0, 20], results
    assert OwnershipEvent.objects.filter(kind="expired").count() == 20
