"""Issue 2 §2–3: settings come from the environment with safe defaults."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.tasks import health_check

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from outreach.celery import app; "
    "print(json.dumps({'eager': app.conf.task_always_eager, 'broker': s.CELERY_BROKER_URL, "
    "'db': s.DATABASES['default']['ENGINE'], 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, "
    "'serializer': app.conf.task_serializer, 'acks_late': app.conf.task_acks_late, "
    "'visibility': app.conf.broker_transport_options['visibility_timeout'], "
    "'time_limit': app.conf.task_time_limit}))"
)


def _settings_under(env: dict[str, str]) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "outreach.settings.local", **env})
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_r_sys_4_without_a_broker_tasks_run_in_process():
    found = _settings_under({})
    assert found["eager"] is True
    assert found["broker"] == ""
    assert found["db"] == "django.db.backends.sqlite3"
    assert (found["tz"], found["lang"]) == ("Asia/Shanghai", "zh-hans")


def test_r_sys_5_redis_url_turns_on_the_broker_and_database_url_the_database():
    found = _settings_under(
        {"REDIS_URL": "redis://127.0.0.1:6379/3", "DATABASE_URL": "postgres://u@h:5432/d"}
    )
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["db"] == "django.db.backends.postgresql"


def test_celery_is_json_only_acks_late_with_a_visibility_timeout_beyond_the_time_limit():
    found = _settings_under({})
    assert found["serializer"] == "json"
    assert found["acks_late"] is True
    assert found["visibility"] > found["time_limit"]


def test_r_sys_4_a_task_runs_in_process_in_tests():
    assert health_check.delay("ok").get(timeout=1) == "ok"


def test_production_settings_refuse_a_missing_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "outreach.settings.production"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["outreach.settings.production"])
def test_production_settings_pass_check_deploy(module):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
