"""Payroll at scale (issue 6): one month calculated and exported, on the bench data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/outreach_bench \\
        .venv/bin/python bench/bench_payroll.py --size full

Uses `bench/dataset.py` (built once: 10,000 people in groups of 20, a year of roster and
check-ins, 100,000 visits a month, 20,000 deals and 20,000 violations in the month), then
prints one JSON line per figure (bench/common.py). Calculation is the median of --repeat
runs; the export runs once in a child process (its peak memory is measured).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, args_parse, django_setup, figure, log, median_time  # noqa: E402

TARGETS = {
    # size: (calculate seconds, export seconds, export peak MB)
    "quick": (5, 20, 300),
    "full": (30, 30, 300),
}


EXPORT_AND_REPORT_PEAK = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings.local")
import django
django.setup()
from django.core.management import call_command
call_command("export_payroll", sys.argv[1], out=sys.argv[2], stdout=sys.stderr)
# VmHWM: this process's own peak (ru_maxrss would carry the parent's across exec).
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(status.split()[0])
"""


def main() -> None:
    args = args_parse(__doc__, {"quick": {"repeat": 3}, "full": {"repeat": 3}})
    django_setup()
    import dataset
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payroll.services import payroll_run_calculate

    data = dataset.ensure(args.size)
    log(f"# data: {dataset.counts()}")
    calc_target, export_target, peak_target = TARGETS[args.size]
    people = data.staff

    def calculate():
        with CaptureQueriesContext(connection) as queries:
            run = payroll_run_calculate(month=data.month)
        return run, len(queries)

    seconds, (run, statements) = median_time(calculate, args.repeat)
    seconds = round(seconds, 2)
    figure(f"payroll.calculate.{people}", seconds, "s", calc_target)
    figure(f"payroll.calculate.{people}.statements", statements, "queries", None)
    figure("payroll.payslips", run.payslips.count(), "rows", None)

    out = Path(tempfile.gettempdir()) / f"payroll-bench-{os.getpid()}.xlsx"
    started = time.perf_counter()
    # The export runs in a process of its own that reports its own peak (kB).
    child = subprocess.run(  # noqa: S603
        [sys.executable, "-c", EXPORT_AND_REPORT_PEAK, f"{data.month:%Y-%m}", str(out)],
        check=True,
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
    )
    export_seconds = round(time.perf_counter() - started, 2)
    peak_mb = round(int(child.stdout.split()[-1]) / 1024, 1)
    figure(f"payroll.export.{people}", export_seconds, "s", export_target)
    figure(f"payroll.export.{people}.peak_rss", peak_mb, "MB", peak_target)
    out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
