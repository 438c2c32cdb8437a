"""Issue 18 points 10 and 11: the default set-up of `make run` — SQLite, no Redis — runs
the scheduled jobs beside the server and stops them with it, and takes two people writing
at the same moment.

Each test runs the project's own processes (manage.py rundev, runserver) against a
temporary SQLite file with the local settings, as `make run` does."""

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from http.cookiejar import Cookie, CookieJar
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab

from tests.clock import wait_until

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# What the environment of the tests may hold and `make run` on a fresh clone does not.
NOT_IN_A_FRESH_SHELL = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CELERY_BROKER_DIR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _local_env(database: Path, tmp_path: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_A_FRESH_SHELL}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "outreach.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file with every migration applied, made once and copied by each test."""
    folder = tmp_path_factory.mktemp("sqlite")
    database = folder / "template.sqlite3"
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=_local_env(database, folder),
        check=True,
    )
    return database


@pytest.fixture
def sqlite_db(migrated_sqlite, tmp_path) -> Path:
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite, database)
    return database


def _stop(process: subprocess.Popen, signum=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(signum)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- point 10: make run starts the scheduled jobs and stops them with the server ----------


def _proc_stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), fields[19]


def _descendants(root: int) -> dict[int, str]:
    """Every living process below `root`, with its start time (against reused ids)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))):
            parents.setdefault(stat[1], []).append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            if (stat := _proc_stat(child)) and stat[0] != "Z":
                found[child] = stat[2]
                todo.append(child)
    return found


def _still_running(processes: dict[int, str]) -> list[str]:
    left = []
    for pid, started in processes.items():
        stat = _proc_stat(pid)
        if stat and stat[0] != "Z" and stat[2] == started:
            left.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return left


def test_first_use_make_run_starts_a_worker_that_runs_the_scheduled_jobs_on_sqlite(
    sqlite_db, tmp_path
):
    from outreach.celery import app

    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py rundev $(HOST):$(PORT)" in run_recipe, "make run ends with the launcher"

    broker = tmp_path / "broker"
    port = _free_port()
    log = tmp_path / "rundev.log"
    launcher = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "rundev", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_local_env(sqlite_db, tmp_path, CELERY_BROKER_DIR=str(broker)),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}

    def a_scheduled_job_ran() -> list[tuple[str, int]]:
        assert launcher.poll() is None, f"rundev exited:\n{log.read_text()[-3000:]}"
        with sqlite3.connect(sqlite_db, timeout=20) as db:
            rows = db.execute(
                "SELECT name, last_ok FROM outreach_jobrun WHERE last_finished_at IS NOT NULL"
            ).fetchall()
        return [row for row in rows if row[0] in scheduled]

    def web_answers() -> bool:
        assert launcher.poll() is None, f"rundev exited:\n{log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/accounts/login/", timeout=5
            ) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        # The most frequent job runs every minute: a worker that runs it runs them all.
        ran = wait_until(
            a_scheduled_job_ran, timeout=240, interval=0.5, what="a scheduled job's run"
        )
        assert all(ok == 1 for _name, ok in ran), ran
        wait_until(web_answers, timeout=60, interval=0.2, what="the server to answer")
        family = _descendants(launcher.pid)
        commands = " | ".join(_still_running(family))
        assert "runserver" in commands, commands
        assert "worker --beat" in commands, commands
        # No Redis: beat and the worker talk through files in the broker directory.
        assert (broker / "queue").is_dir()
        assert list(broker.glob("beat-schedule*"))
    finally:
        _stop(launcher, signal.SIGINT)  # Ctrl-C
    assert launcher.returncode == 0, log.read_text()[-3000:]
    assert _still_running(family) == [], "a process outlived `make run`"
    assert "broker filesystem://" in log.read_text()


def test_first_use_the_dashboards_next_runs_are_the_ones_celery_computes():
    from outreach.celery import JOB_LABELS, app
    from outreach.jobs import crontab_next_run

    tz = ZoneInfo(app.conf.timezone)
    assert set(JOB_LABELS) == set(app.conf.beat_schedule), "every scheduled job has a name"
    instants = [
        datetime(2026, 12, 31, 23, 59, 30, tzinfo=tz),
        datetime(2027, 2, 28, 0, 30, tzinfo=tz),
        datetime(2026, 6, 30, 9, 0, 1, tzinfo=tz),
    ]
    for entry in app.conf.beat_schedule.values():
        schedule = entry["schedule"]
        assert isinstance(schedule, crontab)
        for now in instants:
            celery_own = crontab(
                minute=schedule._orig_minute,
                hour=schedule._orig_hour,
                day_of_week=schedule._orig_day_of_week,
                day_of_month=schedule._orig_day_of_month,
                month_of_year=schedule._orig_month_of_year,
                nowfun=lambda now=now: now,
                app=app,
            )
            expected = now + celery_own.remaining_estimate(now)
            assert crontab_next_run(schedule, after=now, tz=tz) == expected, entry["task"]


# --- point 11: SQLite takes two people registering at the same moment ---------------------

PEOPLE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from tests.factories import StaffFactory
cookies = []
for i in range(int(sys.argv[1])):
    staff = StaffFactory(user__username=f"field{i}", name=f"外勤{i}")
    client = Client()
    client.force_login(staff.user)
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps(cookies))
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser(port: int, session: str):
    jar = CookieJar()
    for name, value in (("sessionid", session), ("django_language", "en")):
        jar.set_cookie(
            Cookie(
                0,
                name,
                value,
                None,
                False,
                "127.0.0.1",
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )  # fmt: skip
        )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, f"no {name} in the form"
    return match.group(1)


def test_first_use_sqlite_takes_canvassers_registering_at_the_same_moment(sqlite_db, tmp_path):
    distinct = [f"1390000{i:04d}" for i in range(8)]
    shared = "13911112222"  # two canvassers meet the same client at the same moment
    phones = [*distinct, shared, shared]
    env = _local_env(sqlite_db, tmp_path)
    made = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PEOPLE, str(len(phones))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sessions = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = tmp_path / "runserver.log"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/crm/leads/register/"
    barrier = threading.Barrier(len(phones))
    answers: dict[int, tuple[int, str]] = {}

    def register(index: int) -> None:
        browser = _browser(port, sessions[index])
        with browser.open(url, timeout=30) as page:
            html = page.read().decode()
        form = {
            "name": f"客户{index}",
            "phone": phones[index],
            "kind": "in_person",
            "source": "flyer",
            "need": "",
            "point_text": "",
            "key": _hidden(html, "key"),
            "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
        }
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": url}
        )
        barrier.wait(timeout=120)  # everyone taps 登记 at the same moment
        try:
            with browser.open(request, timeout=120) as response:
                answers[index] = (response.status, response.read().decode())
        except urllib.error.HTTPError as answer:
            answers[index] = (answer.code, answer.read().decode())

    def serving() -> bool:
        assert server.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/accounts/login/", timeout=5
            ):
                return True
        except OSError:
            return False

    try:
        wait_until(serving, timeout=120, interval=0.2, what="runserver to answer")
        threads = [threading.Thread(target=register, args=(i,)) for i in range(len(phones))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        _stop(server)

    statuses = {i: answers.get(i, (None, ""))[0] for i in range(len(phones))}
    assert all(statuses[i] in (200, 302) for i in statuses), (statuses, log.read_text()[-3000:])
    assert all(statuses[i] == 302 for i in range(len(distinct))), statuses
    pair = sorted([answers[len(distinct)], answers[len(distinct) + 1]], key=lambda a: a[0])
    assert [status for status, _body in pair] == [200, 302]
    assert "This number is already registered by 外勤" in pair[0][1]
    with sqlite3.connect(sqlite_db) as db:
        saved = sorted(row[0] for row in db.execute("SELECT phone FROM clients_lead"))
        clients = db.execute("SELECT count(*) FROM clients_client").fetchone()[0]
    assert saved == sorted([*distinct, shared])
    assert clients == len(distinct) + 1
