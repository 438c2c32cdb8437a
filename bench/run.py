"""Run every benchmark and print their figures, a table and a summary.

    .venv/bin/python bench/run.py --size quick|full [--only NAME] [--out FILE]
        [--anchor YYYY-MM-DD]

Uses DATABASE_URL (PostgreSQL; `make bench` and `make bench-quick` point it at a scratch
database, outreach_bench / outreach_bench_quick): creates the database when missing,
migrates it, builds the shared data set (bench/dataset.py) once, then runs every
`bench/bench_*.py` with `--size` in its own process. Scripts follow bench/common.py: one
JSON line per figure on stdout, all else on stderr.

The anchor day of the data set (bench/dataset.py: `--anchor`, else OUTREACH_ANCHOR_DAY,
else today in Asia/Shanghai) is decided once here and handed to every script in
OUTREACH_ANCHOR_DAY, so a run that crosses midnight still measures one data set.

stdout: every figure as a JSON line (the scripts' lines, plus each script's wall time);
stderr: the scripts' own output, then a readable table and the summary. The exit status
is 1 when a script failed or a figure missed its target (0 with --no-fail).
A script that does not take `--size` yet (not converted to the contract) is listed as
skipped, not run.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import dataset  # noqa: E402

ROOT = HERE.parent
TIMEOUT = {"quick": 300, "full": 3 * 3600}


def err(text: str = "") -> None:
    print(text, file=sys.stderr, flush=True)


def scripts(only: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if any(o in p.stem for o in only)]
    return found


def follows_contract(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "--size" in text or "args_parse(" in text


def database_prepare(url: str) -> None:
    """Create the PostgreSQL database of DATABASE_URL when missing, then migrate it."""
    parts = urlparse(url)
    if parts.scheme.startswith("postgres"):
        import psycopg2

        name = parts.path.lstrip("/")
        admin = psycopg2.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname="postgres",
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                err(f"# creating database {name}")
                cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        check=True,
        cwd=ROOT,
        stdout=sys.stderr,
    )
    err(f"# migrated in {time.perf_counter() - started:.0f} s")


def run_one(argv: list[str], label: str, timeout: int, emit) -> tuple[list[dict], str | None]:
    """Run one script; return its figures and an error text (None when it succeeded)."""
    err(f"\n## {label}")
    rows, problem = [], None
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603
            argv,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=None,  # straight through to ours
            text=True,
            timeout=timeout,
            check=False,
        )
        out, code = done.stdout, done.returncode
        if code:
            problem = f"exit status {code}"
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or ""
        out = out.decode() if isinstance(out, bytes) else out
        problem = f"timed out after {timeout} s"
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            row = json.loads(line)
            row["script"] = label
        except json.JSONDecodeError:
            err(f"# {label}: not a figure: {line[:120]}")
            continue
        rows.append(row)
        emit(row)
    wall = round(time.perf_counter() - started, 1)
    wall_row = {
        "name": f"wall.{label}",
        "value": wall,
        "unit": "s",
        "target": None,
        "ok": problem is None,
        "script": label,
    }
    emit(wall_row)
    rows.append(wall_row)
    if problem:
        err(f"# {label} FAILED: {problem}")
    return rows, problem


def table(rows: list[dict]) -> str:
    def fmt(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:,.3f}".rstrip("0").rstrip(".")
        return f"{value:,}" if isinstance(value, int) else str(value)

    header = ("figure", "value", "unit", "target", "ok")
    lines = [
        (r["name"], fmt(r["value"]), r["unit"], fmt(r["target"]), "ok" if r["ok"] else "MISS")
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(5)]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append(
            "  ".join(
                str(cell).rjust(w) if j in (1, 3) else str(cell).ljust(w)
                for j, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["quick", "full"], default="quick")
    parser.add_argument("--only", action="append", default=[], help="run scripts matching")
    parser.add_argument("--out", help="also write every figure (JSON lines) to this file")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even on misses")
    parser.add_argument("--no-dataset", action="store_true", help="skip the shared data set")
    parser.add_argument(
        "--anchor",
        help=f"the data set's anchor day, YYYY-MM-DD (default: {dataset.ANCHOR_ENV}"
        " or today in Asia/Shanghai)",
    )
    args = parser.parse_args()
    calendar = dataset.calendar_of(dataset.anchor_day(args.anchor))
    os.environ[dataset.ANCHOR_ENV] = calendar.anchor.isoformat()  # every script's anchor
    err(
        f"# anchor {calendar.anchor}: payroll month {calendar.month:%Y-%m},"
        f" appraisal quarter {calendar.quarter}"
    )

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        err("set DATABASE_URL to a scratch PostgreSQL database (make bench does)")
        return 2
    started = time.perf_counter()
    database_prepare(url)
    out_file = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115

    def emit(row: dict) -> None:
        line = json.dumps({k: v for k, v in row.items() if k != "script"}, ensure_ascii=False)
        print(line, flush=True)
        if out_file:
            out_file.write(line + "\n")

    rows, failed, skipped = [], [], []
    timeout = TIMEOUT[args.size]
    if not args.no_dataset:
        got, problem = run_one(
            [sys.executable, str(HERE / "dataset.py"), args.size], "dataset", timeout, emit
        )
        rows += got
        if problem:
            failed.append(("dataset", problem))
    for path in scripts(args.only):
        if not follows_contract(path):
            skipped.append(path.name)
            err(f"\n## {path.stem}: skipped (does not take --size yet)")
            continue
        got, problem = run_one(
            [sys.executable, str(path), "--size", args.size], path.stem, timeout, emit
        )
        rows += got
        if problem:
            failed.append((path.stem, problem))
    total = round(time.perf_counter() - started, 1)
    total_row = {"name": f"wall.total.{args.size}", "value": total, "unit": "s"}
    emit({**total_row, "target": None, "ok": True})
    if out_file:
        out_file.close()

    misses = [r for r in rows if not r["ok"] and not r["name"].startswith("wall.")]
    err("\n" + table(rows))
    err(
        f"\n{args.size}: {len(rows)} figures from {len({r['script'] for r in rows})} scripts "
        f"in {total:.0f} s; {len(misses)} missed their target; "
        f"{len(failed)} scripts failed; {len(skipped)} skipped"
    )
    for name, problem in failed:
        err(f"  FAILED  {name}: {problem}")
    for row in misses:
        err(f"  MISSED  {row['name']}: {row['value']} {row['unit']} (target {row['target']})")
    for name in skipped:
        err(f"  SKIPPED {name} (not converted to the bench contract)")
    if (failed or misses) and not args.no_fail:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
