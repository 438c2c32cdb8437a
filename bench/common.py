"""The contract every `bench/bench_*.py` script follows (read by `bench/run.py`).

A benchmark script

* accepts `--size quick|full` (quick: small data and its own targets, for CI; full: the
  issues' sizes), and may accept more options of its own with defaults per size;
* prints exactly one JSON line per figure on stdout:
  `{"name": ..., "value": ..., "unit": ..., "target": ..., "ok": true|false}`
  and everything else on stderr (importing this module sends `print` to stderr; only
  `figure()` writes to the real stdout);
* uses the database of DATABASE_URL (or a throw-away test database made from it);
* reports medians of several runs (`median_time`).

Use it like this:

    from common import args_parse, django_setup, figure, median_time
    args = args_parse(__doc__, sizes={"quick": {"people": 100}, "full": {"people": 10_000}})
    django_setup()
    ...
    figure("payroll.calculate", seconds, "s", target=30)
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# stdout carries the figures and nothing else: anything printed goes to stderr.
_FIGURES = sys.stdout
sys.stdout = sys.stderr


def figure(
    name: str,
    value: float | int,
    unit: str,
    target: float | int | None = None,
    ok: bool | None = None,
    *,
    higher_is_better: bool = False,
) -> dict:
    """Print one figure. Without `ok`, it is met when value <= target (>= when higher
    is better); a figure without a target is informative and always ok."""
    if ok is None:
        if target is None:
            ok = True
        else:
            ok = value >= target if higher_is_better else value <= target
    row = {"name": name, "value": value, "unit": unit, "target": target, "ok": bool(ok)}
    _FIGURES.write(json.dumps(row, ensure_ascii=False) + "\n")
    _FIGURES.flush()
    return row


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def args_parse(
    description: str | None,
    sizes: dict[str, dict],
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """`--size` plus one option per key of `sizes[...]` (defaults from the chosen size)
    and `--repeat` (runs per figure, the median is reported)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", choices=["quick", "full"], default="full")
    keys = {key for preset in sizes.values() for key in preset} - {"repeat"}
    for key in sorted(keys):
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    if extra:
        extra(parser)
    args = parser.parse_args()
    preset = sizes[args.size]
    for key in keys:
        if getattr(args, key) is None:
            setattr(args, key, preset.get(key))
    if args.repeat is None:
        args.repeat = preset.get("repeat", 3)
    return args


def django_setup(settings: str = "outreach.settings.local") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def median_time(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Run `fn` `repeat` times; return the median wall time in seconds and the last
    result."""
    timings, result = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]
