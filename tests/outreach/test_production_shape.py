"""The commands docker-compose.yml runs, run here the same way: gunicorn serving the app,
a Celery worker executing a task through Redis, and beat starting with our schedule."""

import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.clock import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(**extra) -> dict[str, str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{db['NAME']}"
    else:
        database_url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "outreach.settings.production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        **extra,
    }


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out


def test_gunicorn_serves_the_login_page(tmp_path):
    port = _free_port()
    env = _production_env(STATIC_ROOT=str(tmp_path / "static"))
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "outreach.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
        )

        def login_page() -> str | None:
            assert process.poll() is None, "gunicorn exited"
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    return response.read().decode()
            except urllib.error.HTTPError as error:
                pytest.fail(f"gunicorn answered {error.code}")
            except OSError:  # not listening yet
                return None

        body = wait_until(login_page, timeout=60, interval=0.2, what="gunicorn to answer")
        assert "登录" in body
        # whitenoise serves the collected, hashed assets.
        css = re.search(
            r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]+\.css)"', body
        )
        assert css, "the page links the manifest-hashed Bootstrap"
    finally:
        _stop(process)


def test_celery_worker_runs_a_task_through_redis():
    from celery import Celery

    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "celery"),
            "-A",
            "outreach",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            "ci-probe",
            "-n",
            f"probe-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=_production_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
        result = client.send_task(
            "outreach.tasks.health_check", args=["through-redis"], queue="ci-probe"
        )
        assert result.get(timeout=60) == "through-redis"
    finally:
        _stop(process)


def test_celery_beat_starts_with_the_project_schedule(tmp_path):
    log = tmp_path / "beat.log"
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "celery"),
            "-A",
            "outreach",
            "beat",
            "--loglevel=DEBUG",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        cwd=ROOT,
        env=_production_env(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )

    def schedule_logged() -> bool:
        """Beat has started and listed its schedule (at DEBUG, when it starts)."""
        assert process.poll() is None, f"beat exited:\n{log.read_text()[-2000:]}"
        output = log.read_text()
        return "beat: Starting" in output and "sessions-clear-expired" in output

    try:
        wait_until(schedule_logged, timeout=60, what="beat to start with the project schedule")
    finally:
        _stop(process)
