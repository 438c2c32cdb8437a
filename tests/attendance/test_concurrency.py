"""Two calls at once on one person's day, leave or fine: each decision is made on the state
the other one left (R-ATT-3, R-ATT-5, R-ATT-6, R-FINE-1, R-FINE-4, R-SYS-4).

On PostgreSQL with real connections, one per thread. A `Race` starts the calls together
and holds each at one point between the service's read and its write (a function the
service calls there) until the other call is either held there too — nothing kept them
apart, so both decided on the same state — or waiting for a row lock in PostgreSQL. Then
it lets them on one at a time, in the order the test gives. So the outcome does not
depend on timing: without the lock the stale decision happens on every run, with it
never. SQLite serialises writers and cannot show the race, so the module is skipped there.
"""

import importlib
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from attendance.models import DayRecord, LeaveRequest, LeaveType, Violation
from attendance.services import (
    absence_detect,
    absence_mark,
    check_in,
    leave_decide,
    leave_request_submit,
    violation_record,
    violation_reduce,
    violation_waive,
)
from outreach.models import Staff
from tests.clock import local, runs_at, wait_until
from tests.factories.attendance import at, daily, rostered

TODAY = date(2026, 3, 4)  # a Wednesday; the default shift's report time is 09:00

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
    ),
    runs_at("2026-03-04 09:20"),  # twenty minutes late, whatever the real hour
]


class Race:
    """Run calls at the same instant, each in its own thread and connection, and hold each
    one where the service calls `hold_at` (first time only) until the race is settled:
    every call still running is held there or waiting for a PostgreSQL lock. A call held
    there cannot finish before the other has read, so the calls always overlap; `waits`
    names the calls seen waiting for a lock (none when nothing kept them apart)."""

    def __init__(self, monkeypatch, hold_at: str):
        module, name = hold_at.rsplit(".", 1)
        original = getattr(importlib.import_module(module), name)

        def held(*args, **kwargs):
            self._hold()
            return original(*args, **kwargs)

        monkeypatch.setattr(hold_at, held)
        self._guard = threading.Lock()
        self._held: dict[str, threading.Event] = {}
        self._passed: set[str] = set()
        self._done: set[str] = set()
        self._pids: dict[str, int] = {}
        self.waits: set[str] = set()

    def _hold(self) -> None:
        me = threading.current_thread().name
        with self._guard:
            if me in self._passed:
                return
            self._passed.add(me)
            go = self._held[me] = threading.Event()
        if not go.wait(timeout=60):
            raise AssertionError(f"{me} was never let on")

    def _waiting_for_locks(self) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s) AND wait_event_type = 'Lock'",
                [list(self._pids.values())],
            )
            pids = {pid for (pid,) in cursor.fetchall()}
        return {name for name, pid in self._pids.items() if pid in pids}

    def _settled(self, names) -> bool:
        with self._guard:
            running = [n for n in names if n not in self._done]
            held = set(self._held)
        if not running:
            return True
        if not held:
            return False
        waiting = self._waiting_for_locks()
        if not all(n in held | waiting for n in running):
            return False
        self.waits |= waiting
        return True

    def run(self, calls: dict, *, first: list[str] | None = None) -> dict:
        """Start `calls` (name → callable) together; when several are held, let them on in
        the order `first` gives (default: the order of `calls`). name → result or error."""
        names = list(calls)
        order = first or names
        results: dict = {}
        start = threading.Barrier(len(names))

        def work(name, call):
            from django.db import connection as own

            try:
                with own.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    self._pids[name] = cursor.fetchone()[0]
                start.wait(timeout=10)
                with translation.override("en"):
                    results[name] = call()
            except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
                results[name] = error
            finally:
                own.close()
                with self._guard:
                    self._done.add(name)

        threads = [threading.Thread(target=work, args=(n, calls[n]), name=n) for n in names]
        for thread in threads:
            thread.start()
        try:
            while True:
                wait_until(lambda: self._settled(names), interval=0.02, what="a settled race")
                with self._guard:
                    if len(self._done) == len(names):
                        break
                    name = next(n for n in order if n in self._held)
                    self._held.pop(name).set()
        finally:
            with self._guard:
                for go in self._held.values():
                    go.set()
            for thread in threads:
                thread.join(timeout=30)
        return results


def _refusals(results: dict, text: str) -> list[str]:
    return [
        name
        for name, outcome in results.items()
        if isinstance(outcome, ValidationError) and text in " ".join(outcome.messages)
    ]


def _unexpected(results: dict) -> dict:
    return {n: o for n, o in results.items() if isinstance(o, Exception)}


# --- R-ATT-3: one check-in a day --------------------------------------------------------------


@pytest.mark.parametrize("row", ["first of the day", "after the leader's absent mark"])
def test_r_att_3_two_check_ins_at_once_record_one(org, monkeypatch, row):
    """A double tap on a slow network: two check-ins of one person at the same instant.
    The first of the day has no row yet (one (person, day) row can exist, and the loser's
    insert falls back to the winner's row); after the leader's absent mark the row exists
    and only the lock keeps the second from deciding on "not checked in yet"."""
    person = org["canvasser1"]
    rostered(person, TODAY)
    if row != "first of the day":
        absence_mark(actor=org["leader1"], staff=person, day=TODAY, at=local("2026-03-04 09:10"))

    def tap():
        return check_in(staff=Staff.objects.get(pk=person.pk), device_id="phone-1")

    race = Race(monkeypatch, "attendance.services.checkin._roster")
    results = race.run({"tap-1": tap, "tap-2": tap})

    records = [r for r in results.values() if isinstance(r, DayRecord)]
    refused = _refusals(results, "already checked in")
    assert (len(records), len(refused)) == (1, 1), results
    saved = DayRecord.objects.get(staff=person, day=TODAY)
    assert saved.check_in_at == records[0].check_in_at
    assert saved.is_late
    assert DayRecord.history.filter(id=saved.pk, check_in_at__isnull=False).count() == 1
    late = Violation.objects.get(staff=person, code="ATT-LATE")
    assert (late.sequence, late.amount) == (1, Decimal("20.00"))
    assert race.waits, "the second call should have waited for the first one's lock"


def test_r_att_3_two_check_in_requests_at_once_give_no_server_error(org, monkeypatch):
    """The same through the page: one request checks in and redirects, the other shows
    the page saying so; never a 500."""
    person = org["canvasser1"]
    rostered(person, TODAY)

    def post():
        browser = Client(raise_request_exception=False)
        browser.force_login(person.user)
        browser.cookies["att_device"] = "phone-1"
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return browser.post(reverse("attendance-checkin"), {"action": "in"})

    race = Race(monkeypatch, "attendance.services.checkin._roster")
    results = race.run({"tap-1": post, "tap-2": post})

    assert not _unexpected(results), results
    shown, redirected = sorted(results.values(), key=lambda r: r.status_code)
    assert (shown.status_code, redirected.status_code) == (200, 302)
    assert "already checked in" in shown.content.decode()
    assert DayRecord.objects.filter(staff=person).count() == 1
    assert DayRecord.history.filter(staff_id=person.pk, check_in_at__isnull=False).count() == 1
    assert Violation.objects.filter(staff=person, code="ATT-LATE").count() == 1
    assert race.waits, "the second call should have waited for the first one's lock"


# --- R-FINE-1: adjusting one fine ------------------------------------------------------------


def _material(org) -> Violation:
    """A day-wage fine with the leader's joint fine of 20 (R-FINE MATERIAL)."""
    daily(org["canvasser1"])
    return violation_record(
        staff=org["canvasser1"], code="MATERIAL", occurred_at=at(TODAY - timedelta(days=1), 11)
    )


def test_r_fine_1_two_waivers_of_one_fine_at_once_waive_it_once(org, monkeypatch):
    """Two managers waive one fine at once, one keeping the joint fine: one waiver takes
    effect; the other finds the fine no longer active, and history shows one waiver."""
    fine = _material(org)
    manager = org["manager"]

    def waive(reason, keep_joint):
        return lambda: violation_waive(
            violation=Violation.objects.get(pk=fine.pk),
            actor=manager,
            reason=reason,
            keep_joint=keep_joint,
        )

    race = Race(monkeypatch, "attendance.services.adjustments._check_open_month")
    results = race.run({"storm": waive("storm", True), "typhoon": waive("typhoon", False)})

    refused = _refusals(results, "Only an active fine can be waived.")
    assert len(refused) == 1, results
    (winner,) = set(results) - set(refused)
    fine.refresh_from_db()
    assert (fine.state, fine.adjusted_amount, fine.adjust_reason) == ("waived", 0, winner)
    assert fine.adjusted_leader_amount == (Decimal("20.00") if winner == "storm" else 0)
    waivers = fine.history.filter(state="waived").values_list("adjust_reason", flat=True)
    assert list(waivers) == [winner]
    assert race.waits, "the second call should have waited for the first one's lock"


def test_r_fine_1_a_waiver_and_a_reduction_at_once_apply_one_after_the_other(org, monkeypatch):
    """A waiver and a reduction of one fine at once end as if one came after the other:
    waived then the reduction refused, or reduced then waived; never a waiver undone by
    a reduction that read the fine before it was waived."""
    fine = _material(org)
    manager = org["manager"]

    def waive():
        return violation_waive(
            violation=Violation.objects.get(pk=fine.pk), actor=manager, reason="storm"
        )

    def reduce():
        return violation_reduce(
            violation=Violation.objects.get(pk=fine.pk),
            actor=manager,
            new_amount=Decimal("10.00"),
            reason="weather",
        )

    race = Race(monkeypatch, "attendance.services.adjustments._check_open_month")
    results = race.run({"waive": waive, "reduce": reduce}, first=["waive", "reduce"])

    assert isinstance(results["waive"], Violation), results
    fine.refresh_from_db()
    assert (fine.state, fine.adjusted_amount, fine.adjusted_leader_amount) == ("waived", 0, 0)
    reasons = [h.adjust_reason for h in fine.history.order_by("history_id") if h.adjust_reason]
    if isinstance(results["reduce"], Violation):
        assert reasons == ["weather", "storm"]
    else:
        assert _refusals(results, "Only an active fine can be reduced.") == ["reduce"]
        assert reasons == ["storm"]
    assert race.waits, "the second call should have waited for the first one's lock"


def test_r_fine_4_a_waiver_and_a_new_late_arrival_at_once_keep_the_month_numbered(org, monkeypatch):
    """Waiving the month's first late arrival while the fourth is recorded: whichever
    numbers the month last sees the other, so the waived one has no number and the
    others are 1st–3rd at 20 CNY (R-FINE-4), not a 4th at 50."""
    person = org["canvasser1"]
    lates = [
        violation_record(staff=person, code="ATT-LATE", occurred_at=at(date(2026, 3, d), 9, 15))
        for d in (1, 2, 3)
    ]

    def waive():
        return violation_waive(
            violation=Violation.objects.get(pk=lates[0].pk), actor=org["manager"], reason="storm"
        )

    def late():
        return violation_record(
            staff=Staff.objects.get(pk=person.pk), code="ATT-LATE", occurred_at=at(TODAY, 9, 15)
        )

    race = Race(monkeypatch, "attendance.services.violations.bulk_update_with_history")
    results = race.run({"waive": waive, "late": late})

    assert not _unexpected(results), results
    numbered = Violation.objects.filter(staff=person, code="ATT-LATE").order_by("occurred_at")
    assert [(v.state, v.sequence, v.amount) for v in numbered] == [
        ("waived", None, Decimal("20.00")),
        ("active", 1, Decimal("20.00")),
        ("active", 2, Decimal("20.00")),
        ("active", 3, Decimal("20.00")),
    ]
    assert race.waits, "the second call should have waited for the first one's lock"


# --- R-ATT-5 / R-ATT-6: deciding one leave request ---------------------------------------------


def test_r_att_5_approval_and_rejection_at_once_only_one_decides(org, monkeypatch):
    """The leader approves and a manager rejects one request at the same moment: one
    decision stands, the other is told it was decided, and the absence it covers follows
    the decision that stood (reversed only when approved, R-ATT-6)."""
    person = org["canvasser1"]
    yesterday = TODAY - timedelta(days=1)
    rostered(person, yesterday)
    request = leave_request_submit(
        staff=person,
        leave_type=LeaveType.objects.get(code="sick"),
        first_day=yesterday,
        last_day=yesterday,
        reason="fever",
        at=at(yesterday - timedelta(days=2), 20),
    )
    assert absence_detect(day=yesterday) == 1  # the request was still pending last night

    def decide(by, approve):
        return lambda: leave_decide(
            request=LeaveRequest.objects.get(pk=request.pk), actor=by, approve=approve
        )

    race = Race(monkeypatch, "attendance.services.leave.is_manager")
    results = race.run(
        {"approve": decide(org["leader1"], True), "reject": decide(org["manager"], False)}
    )

    refused = _refusals(results, "already been decided")
    assert len(refused) == 1, results
    (winner,) = set(results) - set(refused)
    request.refresh_from_db()
    assert request.state == {"approve": "approved", "reject": "rejected"}[winner]
    assert request.history.exclude(state="pending").count() == 1
    absent = DayRecord.objects.get(staff=person, day=yesterday).is_absent
    fine = Violation.objects.get(code="ATT-NOLEAVE", staff=person)
    if winner == "approve":
        assert (absent, fine.state) == (False, "reversed")
    else:
        assert (absent, fine.state) == (True, "active")
    assert race.waits, "the second call should have waited for the first one's lock"


# --- R-ATT-6 / R-SYS-4: the nightly absence job twice at once ------------------------------------


def test_r_sys_4_two_absence_runs_at_once_record_each_absence_once(org, monkeypatch):
    """The nightly job started twice (a retry beside a slow first run): each absence is
    recorded once, by one of the runs; the other finds it recorded."""
    yesterday = TODAY - timedelta(days=1)
    people = [org["canvasser1"], org["canvasser2"], org["canvasser3"]]
    for person in people:
        rostered(person, yesterday)
    # The leader marked them absent during the day, so their rows exist when the job runs
    # and only the lock (not a conflicting insert) keeps the second run from reading them
    # before the first has recorded the absences.
    for person in people[:2]:
        absence_mark(actor=org["leader1"], staff=person, day=yesterday, at=at(yesterday, 10))
    absence_mark(actor=org["leader2"], staff=people[2], day=yesterday, at=at(yesterday, 10))

    def run():
        return absence_detect(day=yesterday)

    race = Race(monkeypatch, "attendance.services.leave._absent_on")
    results = race.run({"run-1": run, "run-2": run})

    assert sorted(results.values(), key=str) == [0, 3], results
    assert DayRecord.objects.filter(day=yesterday, is_absent=True).count() == 3
    assert Violation.objects.filter(code="ATT-NOLEAVE").count() == 3
    assert race.waits, "the second call should have waited for the first one's lock"
