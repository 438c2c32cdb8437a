"""Faults seen from the browser, against gunicorn (2 workers) on a private PostgreSQL:

* PostgreSQL restarted under load: requests during the outage fail cleanly (a static
  503 page with Retry-After, never a traceback) and the site recovers by itself;
* a form double-submitted at the same instant, and a daily report replayed by the
  offline queue, each give one record (R-LEAD-2, R-DAY-2). The same rules are tested
  in-process in tests/clients/test_leads.py (idempotency key), tests/clients/
  test_concurrency.py (threads on PostgreSQL) and tests/campaigns/test_daily_report.py
  (double submit, replay, fetch resend); here they go through real HTTP and processes.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
import requests

from tests.clock import wait_until
from tests.faults.conftest import _free_port, _wait_port
from tests.faults.test_worker_killed import _env, helper

pytestmark = [pytest.mark.faults, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "bench-password-1"  # bench/dataset.py's PASSWORD


@pytest.fixture(scope="module")
def site(private_postgres, faults_template, tmp_path_factory):
    url = private_postgres.createdb("outreach_faults_web", template=faults_template)
    env = _env(url)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    port = _free_port(58000)
    log = tmp_path_factory.mktemp("web") / "gunicorn.log"
    web = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "outreach.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_port(port, up=True, seconds=60)
        yield {
            "base": f"http://127.0.0.1:{port}",
            "env": env,
            "pg": private_postgres,
            "db": url,
            "log": log,
        }
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    response = session.post(
        f"{base}/accounts/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:300]
    return session


def _server_errors(log: Path, most: int = 2) -> str:
    """The first tracebacks of 500 answers in gunicorn's log (Django's "Internal Server
    Error", gunicorn's own "Error handling request"), for a failure's message."""
    lines = log.read_text(errors="replace").splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.startswith("Internal Server Error") or "Error handling request" in line
    ]
    return "\n---\n".join("\n".join(lines[i : i + 80]) for i in starts[:most])


def _csrf(session: requests.Session) -> dict:
    return {"X-CSRFToken": session.cookies["csrftoken"]}


def _query(url: str, sql: str, params=()):
    with psycopg2.connect(url.replace("postgres://", "postgresql://")) as db, db.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    db.close()
    return rows


def test_r_sys_4_postgres_restarted_under_load_fails_cleanly_and_recovers(site):
    base = site["base"]
    sessions = [login(base, "bs3") for _ in range(4)]  # bs3: the data set's manager
    results: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def hammer(session: requests.Session) -> None:
        while not stop.is_set():
            for path in ("/", "/crm/clients/"):
                try:
                    response = session.get(base + path, timeout=30)
                except requests.RequestException as error:  # the server must answer
                    results.append((time.monotonic(), 0, str(error)))
                    continue
                results.append((time.monotonic(), response.status_code, response.text))

    def answered_after(moment: float) -> list[tuple[float, int, str]]:
        return [r for r in list(results) if r[0] > moment]

    def recovered_since(moment: float) -> float | None:
        """When the last `enough` answers all came after `moment` and are 200: when the
        first of them ended (a request is recorded when it ends)."""
        last = list(results)[-enough:]
        if len(last) == enough and all(t > moment and s == 200 for t, s, _b in last):
            return min(t for t, _s, _b in last)
        return None

    enough = 2 * len(sessions)  # answers: two per session
    threads = [threading.Thread(target=hammer, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(results) >= enough, what="the pages to answer under load")
        site["pg"].stop(mode="fast")
        down = time.monotonic()  # from here until the restart, the database is gone
        wait_until(
            lambda: len(answered_after(down + 1)) >= enough,
            what="answers while PostgreSQL is down",
        )
        up = time.monotonic()
        site["pg"].start()
        since = wait_until(
            lambda: recovered_since(up), timeout=120, what="the site to answer 200 again"
        )
        # ...and it stays recovered for the next answers too.
        count = len(results)
        wait_until(lambda: len(results) >= count + enough, what="answers after the recovery")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    statuses = {status for _t, status, _b in results}
    # A request is recorded when it ends; one that began before the stop may end in 200
    # just after it, so "during" starts a second after the stop.
    during = [(s, b) for t, s, b in results if down + 1 < t < up]
    assert statuses <= {200, 503}, f"{statuses}\n{_server_errors(site['log'])}"
    assert during
    assert all(s == 503 for s, _b in during)
    for _status, body in during:
        assert "Traceback" not in body
        assert "Temporarily unavailable" in body
    recovered = [s for t, s, _b in results if t >= since]
    assert recovered
    assert all(s == 200 for s in recovered)


def test_r_lead_2_r_day_2_double_submit_and_replay_over_http_make_one_record(site):
    base = site["base"]
    helper(site["env"], "on-duty", "bs10")
    session = login(base, "bs10")
    session.get(f"{base}/crm/leads/register/", timeout=30)
    lead = {
        "name": "双击",
        "phone": "13912345678",
        "kind": "in_person",
        "source": "flyer",
        "point_text": "faults",
        "key": str(uuid.uuid4()),
    }
    report = {
        "flyers": 100,
        "contacts": 5,
        "calls": 1,
        "invitations": 0,
        "visits_brought": 0,
        "summary": "faults",
        "idempotency_key": str(uuid.uuid4()),
        "day": _query(site["db"], "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")[0][0],
    }
    answers = []
    barrier = threading.Barrier(4)

    def post(path: str, data: dict, headers: dict) -> None:
        barrier.wait()
        response = session.post(
            base + path, data, headers={**_csrf(session), **headers}, allow_redirects=False,
            timeout=60,
        )  # fmt: skip
        answers.append((path, response.status_code))

    fetch = {"X-Requested-With": "fetch"}
    threads = [
        threading.Thread(target=post, args=("/crm/leads/register/", lead, {})),
        threading.Thread(target=post, args=("/crm/leads/register/", lead, {})),
        threading.Thread(target=post, args=("/campaigns/daily/", report, fetch)),
        threading.Thread(target=post, args=("/campaigns/daily/", report, fetch)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The offline queue replays the report later, after a lost answer.
    replay = session.post(
        f"{base}/campaigns/daily/", report, headers={**_csrf(session), **fetch}, timeout=60
    )
    assert replay.status_code == 200
    assert sorted(answers) == [
        ("/campaigns/daily/", 200),
        ("/campaigns/daily/", 200),
        ("/crm/leads/register/", 302),
        ("/crm/leads/register/", 302),
    ]
    assert _query(site["db"], "SELECT count(*) FROM clients_lead WHERE phone = %s",
                  [lead["phone"]]) == [(1,)]  # fmt: skip
    assert _query(
        site["db"],
        "SELECT count(*) FROM campaigns_dailyreport r JOIN outreach_staff s ON s.id = r.staff_id"
        " JOIN auth_user u ON u.id = s.user_id WHERE u.username = 'bs10'",
    ) == [(1,)]
