"""The load test (`make load`): gunicorn (2 workers, warmed) + PostgreSQL + one headless
locust process playing the field's day (bench/locustfile.py), then a duplicate check.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_load \\
        .venv/bin/python bench/load.py [--size full|quick] [--seconds 300]

full: 100 canvassers acting every 10–30 s, 4 consultants confirming visits, 3 managers
opening `/`; quick: 20 canvassers for 90 s. Everyone logs in before the measured window.
Prints JSON figures (bench/common.py) — p95 per class of request (targets: field writes
under 300 ms, the dashboard under 500 ms), errors (target 0), then duplicate and lost
leads / reports found in the database (target 0) — and a table on stderr.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, args_parse, figure, log, percentile  # noqa: E402
from run import database_prepare, table  # noqa: E402

TARGETS_MS = {"field_write": 300, "field_page": 500, "dashboard": 500}
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}")


def main() -> int:
    args = args_parse(
        __doc__,
        {
            "quick": {"canvassers": 20, "seconds": 90, "consultants": 2, "managers": 2},
            "full": {"canvassers": 100, "seconds": 300, "consultants": 4, "managers": 3},
        },
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="outreach.settings.local",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    database_prepare(env["DATABASE_URL"])
    work = Path(tempfile.mkdtemp(prefix="outreach-load-"))
    users_file, result_file = work / "users.json", work / "result.json"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "bench" / "load_setup.py"),
            "--size",
            args.size,
            "--canvassers",
            str(args.canvassers),
            "--out",
            str(users_file),
        ],
        check=True,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
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
        stdout=sys.stderr,
        stderr=sys.stderr,
        start_new_session=True,
    )
    try:
        wait_for(f"{base}/accounts/login/")
        for _ in range(20):  # warm both workers (imports, templates, connections)
            for path in ("/accounts/login/", "/accounts/login/?next=/"):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        log(f"# gunicorn warmed on {base}")
        users = args.canvassers + args.consultants + args.managers
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(users),
                "--spawn-rate",
                "25",
                "--run-time",
                f"{args.seconds}s",
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOAD_USERS": str(users_file),
                "LOAD_RESULT": str(result_file),
                "LOAD_CONSULTANTS": str(args.consultants),
                "LOAD_MANAGERS": str(args.managers),
            },
            stdout=sys.stderr,
            check=False,
        )
        log(f"# locust ran {time.perf_counter() - started:.0f} s, exit {done.returncode}")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)

    result = json.loads(result_file.read_text(encoding="utf-8"))
    rows = []
    by_class: dict[str, list[float]] = {}
    errors_total = 0
    for name, values in sorted(result["times"].items()):
        klass = result["classes"][name]
        by_class.setdefault(klass, []).extend(values)
        errs = len(result["errors"].get(name, []))
        errors_total += errs
        slug = name.replace(" ", "_").replace("(", "").replace(")", "").replace("/", "home")
        rows.append(figure(f"load.{slug}.p95", round(percentile(values, 0.95)), "ms", None))
        rows.append(figure(f"load.{slug}.requests", len(values), "requests", None))
        if errs:
            log(f"# errors in {name}: {result['errors'][name][:3]}")
    for klass, values in sorted(by_class.items()):
        rows.append(
            figure(f"load.{klass}.p95", round(percentile(values, 0.95)), "ms", TARGETS_MS[klass])
        )
        rows.append(figure(f"load.{klass}.median", round(percentile(values, 0.5)), "ms", None))
    total = sum(len(v) for v in by_class.values())
    rows.append(figure("load.requests", total, "requests", None))
    rows.append(figure("load.errors", errors_total, "errors", 0))

    # What the database holds after the run: no duplicate, nothing lost.
    from common import django_setup

    django_setup()
    from django.db.models import Count

    from campaigns.models import DailyReport
    from clients.models import Lead

    ours = Lead.objects.filter(phone__startswith="17")
    duplicates = sum(
        row["n"] - 1
        for row in ours.values("phone").annotate(n=Count("id")).filter(n__gt=1).values("n")
    )
    rows.append(figure("load.duplicate_leads", duplicates, "leads", 0))
    lost = len(set(result["registered_phones"]) - set(ours.values_list("phone", flat=True)))
    rows.append(figure("load.lost_leads", lost, "leads", 0))
    reports = DailyReport.objects.filter(day=json.loads(users_file.read_text())["day"])
    report_dups = sum(
        row["n"] - 1
        for row in reports.values("staff").annotate(n=Count("id")).filter(n__gt=1).values("n")
    )
    rows.append(figure("load.duplicate_reports", report_dups, "reports", 0))
    rows.append(
        figure(
            "load.reports_saved",
            reports.count(),
            "reports",
            len(result["reports"]),
            reports.count() == len(result["reports"]),
        )
    )
    for row in rows:
        row["script"] = "load"
    log("\n" + table(rows))
    misses = [r for r in rows if not r["ok"]]
    log(f"\nload ({args.size}): {len(rows)} figures, {len(misses)} missed their target")
    return 1 if misses or done.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
