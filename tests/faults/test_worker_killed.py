"""R-SYS-4: a Celery worker killed (SIGKILL) in the middle of `leads_expire`, the payroll
calculation or the appraisal roll-up; a re-run — what the redelivery of the unacknowledged
task (acks_late) or the next beat tick does — completes with the same result as a clean
run and no duplicates.

Everything runs against a private PostgreSQL and Redis (tests/faults/conftest.py); the
data set is the quick bench one (200 people, 20,000 leads of which ~5,000 are due). The
worker is a real `celery worker` process; it is killed while PostgreSQL shows its
connection inside a statement or a transaction, so the kill lands mid-job.

The data set's anchor day (bench/dataset.py: OUTREACH_ANCHOR_DAY, else today) is fixed
once, when the tests are collected, and handed to every child process: a run that
crosses midnight — or New Year's Eve — keeps one payroll month and one quarter.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from tests.bench_data import dataset
from tests.clock import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent.parent
HELPER = Path(__file__).resolve().parent / "jobs_helper.py"
APP_NAME = "outreach-faults-worker"
CALENDAR = dataset.dataset_of("quick").calendar  # the session's anchor, month, quarter


def _env(url: str, redis_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="outreach.settings.local",
        DEBUG="0",
        # The project first, then the caller's own (a shim a run under faketime needs).
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        OUTREACH_ANCHOR_DAY=CALENDAR.anchor.isoformat(),
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
    "expire": (
        "SELECT id FROM clients_lead WHERE phone LIKE '16%%' AND status = 'active'"
        " AND protected_until < now() ORDER BY id DESC LIMIT 1 FOR UPDATE",
        [],
    ),
    "payroll": (
        "SELECT id FROM payroll_payrollrun WHERE month = %s FOR UPDATE",
        [CALENDAR.month],
    ),
    "rollup": (
        "SELECT id FROM appraisals_appraisalcycle WHERE label = %s FOR UPDATE",
        [CALENDAR.quarter],
    ),
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
            cursor.execute(*LOCKS[job])
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

        def worker_alive() -> bool:
            """A worker that has died fails the wait at once, with its log."""
            assert worker.poll() is None, f"the worker exited:\n{log.read_text()[-2000:]}"
            return True

        wait_until(
            lambda: worker_alive() and "ready." in log.read_text(),
            timeout=180,
            what="the worker to be ready",
        )
        helper(env, "send", job, queue)
        with watcher.cursor() as cursor:
            wait_until(
                lambda: worker_alive() and _worker_waiting(cursor),
                timeout=180,
                interval=0.05,
                what=f"the worker to wait for the row its {job} job locks",
            )
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
