"""R-SYS-4: a Celery worker killed (SIGKILL) in the middle of `leads_expire`, the payroll
calculation or the appraisal roll-up; a re-run — what the redelivery of the unacknowledged
task (acks_late) or the next beat tick does — completes with the same result as a clean
run and no duplicates.

Everything runs against a private PostgreSQL and Redis (tests/faults/conftest.py); the
data set is the quick bench one (200 people, 20,000 leads of which ~5,000 are due). The
worker is a real `celery worker` process; it is killed while PostgreSQL shows its
connection inside a statement or a transaction, so the kill lands mid-job.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

pytestmark = [pytest.mark.faults, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent.parent
HELPER = Path(__file__).resolve().parent / "jobs_helper.py"
APP_NAME = "outreach-faults-worker"


def _env(url: str, redis_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="outreach.settings.local",
        DEBUG="0",
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def helper(env: dict, *argv: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(HELPER), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def jobs_db(private_postgres, faults_template):
    url = private_postgres.createdb("outreach_faults_jobs", template=faults_template)
    return {"url": url, "due": private_postgres.due}


# A row the job must lock on its way: the test holds it, so the worker is caught
# mid-job — connected, inside its transaction, waiting — and killed there.
LOCKS = {
    "expire": "SELECT id FROM clients_lead WHERE phone LIKE '16%%' AND status = 'active'"
    " AND protected_until < now() ORDER BY id DESC LIMIT 1 FOR UPDATE",
    "payroll": "SELECT id FROM payroll_payrollrun WHERE month = '2026-10-01' FOR UPDATE",
    "rollup": "SELECT id FROM payroll_appraisalcycle WHERE label = '2026Q3' FOR UPDATE",
}


def _worker_waiting(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
        " AND wait_event_type = 'Lock'",
        [APP_NAME],
    )
    return cursor.fetchone()[0] > 0


def kill_worker_mid_job(env: dict, job: str, tmp_path: Path) -> None:
    queue = f"faults-{job}"
    log = tmp_path / "worker.log"
    url = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    holder, watcher = psycopg2.connect(url), psycopg2.connect(url)
    watcher.autocommit = True
    worker = None
    try:
        with holder.cursor() as cursor:
            cursor.execute(LOCKS[job])
            assert cursor.fetchall(), "nothing to lock: the data set is not as expected"
        worker = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "outreach",
                "worker",
                "-P",
                "solo",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env={**env, "PGAPPNAME": APP_NAME},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while "ready." not in log.read_text() and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()[-2000:]
            time.sleep(0.2)
        helper(env, "send", job, queue)
        deadline = time.monotonic() + 180
        with watcher.cursor() as cursor:
            while not (caught := _worker_waiting(cursor)) and time.monotonic() < deadline:
                time.sleep(0.05)
        text = log.read_text()
        assert caught, f"the worker never got to the job:\n{text[-2000:]}"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert "succeeded" not in log.read_text()
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        holder.rollback()
        holder.close()
        watcher.close()


def _snapshot(env: dict, job: str) -> dict:
    return json.loads(helper(env, "snapshot", job))


def test_r_pool_1_worker_killed_mid_expiry_then_a_rerun_moves_each_lead_once(
    jobs_db, private_redis, tmp_path
):
    env = _env(jobs_db["url"], private_redis.url)
    kill_worker_mid_job(env, "expire", tmp_path)
    mid = _snapshot(env, "expire")
    assert mid["pooled"] in (0, jobs_db["due"])  # one transaction: all or nothing
    helper(env, "run", "expire")
    after = _snapshot(env, "expire")
    assert after == {
        "pooled": jobs_db["due"],
        "expiry_events": jobs_db["due"],
        "leads_with_two_events": 0,
        "open_periods_of_pooled": 0,
    }
    helper(env, "run", "expire")  # and once more: nothing moves
    assert _snapshot(env, "expire") == after


@pytest.mark.parametrize("job", ["payroll", "rollup"])
def test_r_sys_4_worker_killed_mid_job_then_a_rerun_gives_the_clean_result(
    jobs_db, private_redis, tmp_path, job
):
    env = _env(jobs_db["url"], private_redis.url)
    helper(env, "run", job)
    clean = _snapshot(env, job)
    assert clean[next(iter(k for k in ("payslips", "appraisals") if k in clean))] > 0
    kill_worker_mid_job(env, job, tmp_path)
    helper(env, "run", job)
    after = _snapshot(env, job)
    assert after == clean
    assert after["people"] == after.get("payslips", after.get("appraisals"))
