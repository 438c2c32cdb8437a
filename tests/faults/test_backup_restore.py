"""Operations guide: scripts/backup.sh and scripts/restore.sh round-trip a database on
the private PostgreSQL — data written after the backup is gone after the restore, data
before it is back, media files too, and the app's migrations still match."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from tests.faults.test_worker_killed import _env

pytestmark = [pytest.mark.faults, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent.parent


def _sql(url: str, sql: str):
    with psycopg2.connect(url.replace("postgres://", "postgresql://")) as db, db.cursor() as cur:
        cur.execute(sql)
        rows = cur.fetchall() if cur.description else None
    db.close()
    return rows


def _script(name: str, env: dict, *argv: str) -> str:
    done = subprocess.run(  # noqa: S603
        [shutil.which("bash") or "/bin/bash", str(ROOT / "scripts" / name), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_backup_then_restore_brings_back_the_database_and_media(
    private_postgres, faults_template, tmp_path
):
    url = private_postgres.createdb("outreach_faults_backup", template=faults_template)
    env = _env(url)
    _sql(url, "INSERT INTO outreach_workcity (created_at, updated_at, name, money_fines_allowed)"
              " VALUES (now(), now(), 'before', true)")  # fmt: skip
    media = tmp_path / "media"
    (media / "receipts").mkdir(parents=True)
    (media / "receipts" / "r1.jpg").write_bytes(b"\xff\xd8receipt")
    env = {**env, "MEDIA_ROOT": str(media), "PATH": os.environ["PATH"]}

    dump = Path(_script("backup.sh", env, str(tmp_path / "backups")))
    assert dump.exists()
    media_tar = next((tmp_path / "backups").glob("outreach-media-*.tar.gz"))

    _sql(url, "INSERT INTO outreach_workcity (created_at, updated_at, name, money_fines_allowed)"
              " VALUES (now(), now(), 'after', true)")  # fmt: skip
    _sql(url, "DELETE FROM outreach_workcity WHERE name = 'before'")
    (media / "receipts" / "r1.jpg").unlink()

    _script("restore.sh", env, str(dump), str(media_tar))
    assert _sql(url, "SELECT name FROM outreach_workcity ORDER BY name") == [("before",)]
    assert (media / "receipts" / "r1.jpg").read_bytes() == b"\xff\xd8receipt"
    check = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--check", "--noinput"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
