"""`manage.py rundev [addr:port]`: what `make run` serves (issue 18).

Starts the development server and the scheduled jobs — one Celery worker with beat
embedded (`celery -A outreach worker --beat`) — and stops them together: Ctrl-C (SIGINT),
SIGTERM or SIGHUP to this command, or either of them ending, stops both, each with
everything it started (the server's autoreloader child, the worker's pool and beat).

The broker: Redis when settings.CELERY_BROKER_URL is set (REDIS_URL), as in production.
Without it the worker and beat use kombu's filesystem transport in settings.CELERY_BROKER_DIR
(`.celery/`): messages are files, nothing to install or start, and beat only sends the
scheduled jobs, so the throughput of a directory is plenty. The web server keeps running
the tasks a page sends in-process (R-SYS-4), exactly as without this command.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

# How long each process gets to stop by itself before it is killed: the worker finishes
# the task in hand (jobs are idempotent; an interrupted one runs again at its next time).
STOP_SECONDS = 15


class _Stop(Exception):  # noqa: N818 - a signal, not an error
    pass


def _on_signal(signum, frame):
    raise _Stop(signal.Signals(signum).name)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a reused id that is not ours
        return False
    return True


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


class Command(BaseCommand):
    help = "Serve the app and run its scheduled jobs (worker + beat); Ctrl-C stops both."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Do not restart the server on code changes."
        )

    def _commands(self, addrport: str, noreload: bool) -> dict[str, tuple[list[str], dict]]:
        broker_dir = settings.CELERY_BROKER_DIR
        worker_env = dict(os.environ)
        if settings.CELERY_BROKER_URL:
            broker = settings.CELERY_BROKER_URL.split("@")[-1]
            broker_dir.mkdir(parents=True, exist_ok=True)
        else:
            broker = f"filesystem:// in {broker_dir}"
            worker_env.update(CELERY_BROKER_URL="filesystem://", CELERY_BROKER_DIR=str(broker_dir))
            for folder in ("queue", "control"):
                (broker_dir / folder).mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Scheduled jobs: a Celery worker with beat, broker {broker}")
        manage = str(settings.BASE_DIR / "manage.py")
        return {
            "web": (
                [sys.executable, manage, "runserver", addrport]
                + (["--noreload"] if noreload else []),
                dict(os.environ),
            ),
            "jobs": (
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "outreach",
                    "worker",
                    "--beat",
                    "--schedule",
                    str(broker_dir / "beat-schedule"),
                    "--concurrency",
                    "2",
                    # One local worker: no peers to greet or to gossip with.
                    "--without-mingle",
                    "--without-gossip",
                    "--loglevel",
                    "INFO",
                ],
                worker_env,
            ),
        }

    def handle(self, *args, addrport: str, noreload: bool, **options):
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _on_signal)
        processes: dict[str, subprocess.Popen] = {}
        ended = None
        try:
            for name, (command, env) in self._commands(addrport, noreload).items():
                # Each in a session of its own: a signal reaches them only through
                # _stop_all, which also reaches every process they started.
                processes[name] = subprocess.Popen(  # noqa: S603
                    command, cwd=settings.BASE_DIR, env=env, start_new_session=True
                )
            pid, _status = os.wait()
            ended = next((n for n, p in processes.items() if p.pid == pid), str(pid))
            self.stderr.write(f"{ended} stopped; stopping the rest.")
        except _Stop as stop:
            self.stdout.write(f"{stop}: stopping the server and the scheduled jobs.")
        finally:
            self._stop_all(processes)
        if ended is not None:
            raise SystemExit(1)

    def _stop_all(self, processes: dict[str, subprocess.Popen]) -> None:
        # Ignore further Ctrl-C while stopping, so nothing is left half-stopped.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        groups = [p.pid for p in processes.values()]  # each leads its own process group
        # The leaders first: the worker stops its pool and beat itself (a warm shutdown),
        # the server's autoreloader its child.
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        # Anything a leader left behind in its group (or a leader that would not stop).
        for pgid in groups:
            _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + 2
        while any(_group_alive(g) for g in groups) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pgid in groups:
            _signal_group(pgid, signal.SIGKILL)
        for process in processes.values():
            if process.poll() is None:
                process.wait()
