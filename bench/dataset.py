"""The shared large data set of `make bench` (PostgreSQL only), built once per database.

    full:  10,000 staff (500 groups of 20, one wage scheme, target and rulebook
           acknowledgement each), a year of roster and check-ins (~2.6 M rows each),
           1,000,000 clients and leads (with their ownership periods), 100,000 visits a
           month (1.2 M), 20,000 deals and 20,000 violations in the payroll month.
    quick: 200 staff, two months, 20,000 clients and leads, 2,000 visits a month, 400
           deals, 400 violations.

People are created with bulk inserts and ONE password hash reused for all of them; the
big tables are filled by `INSERT … SELECT … FROM generate_series` inside PostgreSQL, so
no row travels through Python. Columns a statement does not name get the model field's
default (see `bulk_sql.insert_select`), so a new NOT NULL field with a default does not break it.

Why here and not in `seed_demo --scale`: the demo goes through the services, so every
row is what the app would have written (and its users can log in with known passwords);
these rows are written in bulk SQL behind the services' back, shaped only for the
measurements, and need PostgreSQL. Mixing the two would make the demo either slow or
not trustworthy.

Every date is relative to an *anchor day* (`anchor_day`: `--anchor`, else the
OUTREACH_ANCHOR_DAY environment variable, else today in the team's time zone), through
one function, `calendar_of`: the payroll month is the last full month before the anchor,
the appraisal quarter the last full quarter before it, and no lead is due at it. So the
figures mean the same on any day of the year, and an anchor given twice gives the same
rows (reproducible figures).

Scripts call `ensure(size)` and get a `Dataset` describing what is there; `build` is
skipped when the marker group of that size and anchor exists. A data set of another
size or anchor is never reused: the database is emptied and built again. Use a database
of its own (`make bench` uses outreach_bench, `make bench-quick` outreach_bench_quick).

The module is split in three: `dataset_shape` (sizes, anchor, calendar: no database),
`dataset_build` (the inserts and `counts`) and this one (`ensure`, `database_holds` and
the command line), which names everything the scripts and tests use.
"""

import argparse
import sys
import time
from datetime import date

from dataset_build import build, counts
from dataset_shape import (
    ANCHOR_ENV,
    BATCH,
    EMPLOYEE_PREFIX,
    PASSWORD,
    PROTECTION,
    SH,
    SIZES,
    USER_PREFIX,
    Calendar,
    Dataset,
    _log,
    anchor_day,
    calendar_of,
    dataset_of,
)

__all__ = [
    "ANCHOR_ENV",
    "BATCH",
    "EMPLOYEE_PREFIX",
    "PASSWORD",
    "PROTECTION",
    "SH",
    "SIZES",
    "USER_PREFIX",
    "Calendar",
    "Dataset",
    "anchor_day",
    "build",
    "calendar_of",
    "counts",
    "database_holds",
    "dataset_of",
    "ensure",
]


def ensure(size: str, anchor: date | None = None) -> Dataset:
    """Build the data set of `size` and `anchor` unless it is there; return its
    description. A data set of another size or anchor is not reused (its figures would
    mean something else): the database is emptied first."""
    data = dataset_of(size, anchor)
    if not database_holds(data.marker, family="BX"):
        build(data)
    return data


def database_holds(marker: str, *, family: str) -> bool:
    """Whether the database holds the rows marked by the group `marker`. When it holds
    another of the same `family` (a data set of another size or anchor) it is emptied,
    with a line saying so: those rows would make the figures mean something else.

    `flush` empties every table; the reference rows (roles, the default shift and
    rulebook, the pay policy, the appraisal template…) come back from the apps'
    post_migrate handlers, which it runs, and from `defaults_ensure` in `build`."""
    from django.core.management import call_command

    from outreach.models import Group

    found = set(Group.objects.filter(code__startswith=family).values_list("code", flat=True))
    if marker in found:
        return True
    if found:
        _log(
            f"# the database holds {', '.join(sorted(found))}, not {marker}:"
            " emptying it to build again"
        )
        call_command("flush", interactive=False, verbosity=0)
    return False


if __name__ == "__main__":
    # python bench/dataset.py [quick|full] [--anchor YYYY-MM-DD]: build (or find) the data
    # set and print counts.
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    from common import django_setup, figure

    parser = argparse.ArgumentParser(description="Build (or find) the bench data set.")
    parser.add_argument("size", nargs="?", choices=sorted(SIZES), default="quick")
    parser.add_argument(
        "--anchor", help=f"the anchor day, YYYY-MM-DD (default: {ANCHOR_ENV} or today)"
    )
    args = parser.parse_args()
    size = args.size
    django_setup()
    t0 = time.perf_counter()
    ensure(size, anchor_day(args.anchor))
    figure(f"dataset.{size}.build", round(time.perf_counter() - t0, 1), "s", None)
    for table, count in counts().items():
        figure(f"dataset.{size}.{table}", count, "rows", None)
