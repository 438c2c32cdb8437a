"""Private PostgreSQL and Redis for the fault tests: started on their own ports in a
temporary directory, stopped (and deleted) by the fixtures' finalizers whatever the
test does. The machine's shared services are never touched.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is made
and run as the `postgres` system user (runuser).
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clock import wait_until

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port(preferred: int) -> int:
    for port in [preferred, *range(preferred + 1, preferred + 50)]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_port(port: int, up: bool, seconds: float = 30) -> None:
    """Until a server listens on `port` (up) or nothing does any more (down)."""
    wait_until(
        lambda: _listening(port) == up,
        timeout=seconds,
        what=f"port {port} to go {'up' if up else 'down'}",
    )


@dataclass
class PrivateRedis:
    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Under faketime (a run at another instant) redis-server's allocator calls
            # clock_gettime while libfaketime initialises, and it never starts; the
            # broker's clock is not under test, so it keeps the real one.
            env={k: v for k, v in os.environ.items() if k != "LD_PRELOAD"},
        )
        _wait_port(self.port, up=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        _wait_port(self.port, up=False)


@pytest.fixture
def private_redis():
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is needed for the fault tests")
    directory = Path(tempfile.mkdtemp(prefix="outreach-faults-redis-"))
    redis = PrivateRedis(port=_free_port(56379), directory=directory)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class PrivatePostgres:
    port: int
    directory: Path

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(  # noqa: S603
            [*prefix, *argv], check=check, capture_output=True, text=True, timeout=120
        )

    def init(self) -> None:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            shutil.chown(self.data, "postgres")
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
            "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
            "-l", str(self.directory / "log"), "start",
        )  # fmt: skip
        _wait_port(self.port, up=True)

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop",
                  check=False)  # fmt: skip

    def restart(self) -> None:
        self.stop()
        self.start()

    def createdb(self, name: str, template: str | None = None) -> str:
        extra = ["-T", template] if template else []
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", *extra, name)  # fmt: skip
        return self.url(name)


@pytest.fixture(scope="session")
def private_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL server binaries are needed in {PG_BIN} (PG_BIN)")
    directory = Path(tempfile.mkdtemp(prefix="outreach-faults-pg-"))
    pg = PrivatePostgres(port=_free_port(55432), directory=directory)
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.stop(mode="immediate")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def faults_template(private_postgres):
    """A migrated database holding the quick bench data set (200 people, 20,000 leads,
    ~5,000 of them due), copied by each test module with CREATE DATABASE … TEMPLATE
    (migrating takes far longer than copying). Returns its name."""
    import sys

    from tests.faults.test_worker_killed import HELPER, ROOT, _env

    name = "outreach_faults_template"
    env = _env(private_postgres.createdb(name))
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=900,
    )  # fmt: skip
    seeded = subprocess.run(  # noqa: S603
        [sys.executable, str(HELPER), "seed"],
        cwd=ROOT, env=env, check=True, timeout=900, capture_output=True, text=True,
    )  # fmt: skip
    private_postgres.due = json.loads(seeded.stdout.strip().splitlines()[-1])["due"]
    return name
